"""Where the server listens unless told otherwise (a module light enough for the CLI's
argument parser: nothing of FastAPI is imported for it)."""

DEFAULT_HOST = "127.0.0.1"  # this computer only; any other address needs an API key
DEFAULT_PORT = 5151
