"""``python -m app``: the same as the ``ondol`` command."""

import multiprocessing

from app.cli.main import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # the runtime host is spawned; frozen apps need this
    raise SystemExit(main())
