"""The Models page: search Hugging Face, choose a variant that fits, download it."""
