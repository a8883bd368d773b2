"""ONNX models: onnxruntime-genai and plain onnxruntime backends, providers, error translation."""
