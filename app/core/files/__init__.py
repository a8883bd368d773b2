"""Small file rules every store shares: write a file whole or not at all, and set a damaged
one aside."""
