"""Remote engines: OpenAI-compatible servers (vLLM, llama-server, Ollama, LM Studio, another
Ondol), with Ondol as their client.

``client.RemoteClient`` drives one server's model like the local runtime client; ``endpoint``
lists models and finds the base URL; ``probe`` finds the sampling knobs a server refuses;
``names`` makes and reads the ``remote:<connection>/<model>`` names. Nothing here imports
``openai`` at import time.
"""
