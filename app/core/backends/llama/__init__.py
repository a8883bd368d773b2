"""The llama.cpp backend (GGUF), through llama-cpp-python. Imported only inside the host."""
