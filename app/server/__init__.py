"""Ondol as a local server: the OpenAI API (and Ollama's) over the models in the library.

``pool`` owns the loaded models (one runtime host each), ``app`` builds the FastAPI
application, ``openai_*`` hold the endpoints and ``serve`` runs it with uvicorn. Nothing here
imports Qt: the window and ``ondol serve`` both use it.
"""
