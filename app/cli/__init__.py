"""``ondol``: headless commands over the same core the window uses."""
