"""Error sentences about model files, loading and answering (see ``error_sentences``)."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

SENTENCES: dict[str, tuple[str, ...]] = {
    "error.download_failed": (
        QT_TRANSLATE_NOOP("Errors", "The download of {repo_id} failed because of an unexpected "
                                    "error."),
    ),

    "model_not_found": (
        QT_TRANSLATE_NOOP("Errors", "There is no model at {path}."),
        QT_TRANSLATE_NOOP("Errors", "The model could not be found."),
    ),
    "model_not_found.import_source": (
        QT_TRANSLATE_NOOP("Errors", "There is nothing to import at {path}."),
    ),
    "model_not_found.ambiguous": (
        QT_TRANSLATE_NOOP("Errors", "“{query}” matches several models ({matches}); be more "
                                    "specific."),
    ),
    "model_not_found.no_match": (
        QT_TRANSLATE_NOOP("Errors", "There is no model named “{query}” in the library."),
    ),
    "model_not_found.config_file": (
        QT_TRANSLATE_NOOP("Errors", "The model folder {folder} has no {file}. Download the "
                                    "model again."),
    ),
    "model_not_found.graph": (
        QT_TRANSLATE_NOOP("Errors", "The model's graph {file_name} is missing from {folder}. "
                                    "Download the model again."),
    ),
    "model_not_found.genai_graph": (
        QT_TRANSLATE_NOOP("Errors", "{folder} has genai_config.json but no .onnx graph."),
    ),
    "model_not_found.onnx_graphs": (
        QT_TRANSLATE_NOOP("Errors", "{folder} holds no model graph."),
    ),
    "model_not_found.external_data": (
        QT_TRANSLATE_NOOP("Errors", "{graph} keeps its weights in {file}, which is missing from "
                                    "{folder}. Download the model again."),
        QT_TRANSLATE_NOOP("Errors", "The model's weights file {file_name} is missing from "
                                    "{folder}. Download the model again."),
    ),
    "model_not_found.tokenizer": (
        QT_TRANSLATE_NOOP("Errors", "{folder} has no tokenizer.json. Download the model again."),
    ),
    "model_not_found.genai_config": (
        QT_TRANSLATE_NOOP("Errors", "{path} has no genai_config.json, which onnxruntime-genai "
                                    "needs."),
    ),

    "not_a_model_file": (
        QT_TRANSLATE_NOOP("Errors", "{file_name} is not a model file Ondol can use."),
        QT_TRANSLATE_NOOP("Errors", "This is not a model file Ondol can use."),
    ),
    "not_a_model_file.directory": (
        QT_TRANSLATE_NOOP("Errors", "{path} is a folder, not a model file."),
    ),
    "not_a_model_file.not_a_file": (
        QT_TRANSLATE_NOOP("Errors", "{path} is not a regular file, so not a model file."),
    ),
    "not_a_model_file.empty": (
        QT_TRANSLATE_NOOP("Errors", "{file_name} is empty (0 bytes), not a model file."),
    ),
    "not_a_model_file.not_gguf": (
        QT_TRANSLATE_NOOP("Errors", "{file_name} is not a GGUF model file: it looks like "
                                    "{kind}."),
        QT_TRANSLATE_NOOP("Errors", "{file_name} is not a GGUF model file: it does not start "
                                    "with the GGUF signature."),
    ),
    "not_a_model_file.gguf_v1": (
        QT_TRANSLATE_NOOP("Errors", "{file_name} uses GGUF version 1, which llama.cpp no longer "
                                    "reads; download a newer conversion of this model."),
    ),
    "not_a_model_file.split_part": (
        QT_TRANSLATE_NOOP("Errors", "{file_name} is part {split_part} of {split_count} of a "
                                    "split model; open the first part (…-00001-of-…) instead."),
    ),
    "not_a_model_file.not_importable": (
        QT_TRANSLATE_NOOP("Errors", "{file_name} is not a model Ondol can import. Pick a .gguf "
                                    "file or an ONNX model folder."),
    ),
    "not_a_model_file.not_a_model_folder": (
        QT_TRANSLATE_NOOP("Errors", "{file_name} is not a model folder. It holds ONNX builds in "
                                    "subfolders ({subfolders}): pick one."),
        QT_TRANSLATE_NOOP("Errors", "{file_name} is not a model folder. Pick a .gguf file or an "
                                    "ONNX model folder."),
    ),
    "not_a_model_file.not_onnx_folder": (
        QT_TRANSLATE_NOOP("Errors", "{path} is not an ONNX model folder: it needs "
                                    "genai_config.json and its .onnx graph "
                                    "(onnxruntime-genai), or config.json, tokenizer.json and "
                                    "onnx/*.onnx (onnx-community)."),
    ),

    "corrupt_model": (
        QT_TRANSLATE_NOOP("Errors", "{file_name} is damaged or incomplete. Download it again."),
        QT_TRANSLATE_NOOP("Errors", "The model file is damaged or incomplete. Download it "
                                    "again."),
    ),
    "corrupt_model.truncated_header": (
        QT_TRANSLATE_NOOP("Errors", "{file_name} ends in the middle of its header: it is only "
                                    "{actual_bytes}, probably an interrupted download. "
                                    "Download it again."),
    ),
    "corrupt_model.damaged_header": (
        QT_TRANSLATE_NOOP("Errors", "The header of {file_name} is damaged. Download the file "
                                    "again."),
    ),
    "corrupt_model.truncated_data": (
        QT_TRANSLATE_NOOP("Errors", "{file_name} is incomplete: its header says "
                                    "{expected_bytes} but the file has only {actual_bytes}. "
                                    "It was probably an interrupted download; download it "
                                    "again."),
    ),
    "corrupt_model.bad_alignment": (
        QT_TRANSLATE_NOOP("Errors", "The header of {file_name} gives an impossible alignment "
                                    "({alignment}) for its tensor data. Download the file "
                                    "again."),
    ),
    "corrupt_model.context_too_small": (
        QT_TRANSLATE_NOOP("Errors", "{file_name} says its model was trained on a context length "
                                    "of {context_length}, too short to hold a conversation (at "
                                    "least {minimum}). The file is damaged or was converted "
                                    "wrongly; download another copy."),
    ),
    "corrupt_model.no_architecture": (
        QT_TRANSLATE_NOOP("Errors", "{file_name} is a GGUF file but does not say which model "
                                    "architecture it holds."),
    ),
    "corrupt_model.unreadable_file": (
        QT_TRANSLATE_NOOP("Errors", "{file} in {folder} cannot be read. Download the model "
                                    "again."),
    ),
    "corrupt_model.not_json_object": (
        QT_TRANSLATE_NOOP("Errors", "{file} in {folder} is not a JSON object. Download the "
                                    "model again."),
    ),
    "corrupt_model.bad_config_value": (
        QT_TRANSLATE_NOOP("Errors", "{file} in {folder} gives {key} a value that is not a valid "
                                    "number. Download the model again."),
    ),
    "corrupt_model.empty_graph": (
        QT_TRANSLATE_NOOP("Errors", "{file} is empty. Download the model again."),
    ),
    "corrupt_model.no_decoder_section": (
        QT_TRANSLATE_NOOP("Errors", "genai_config.json has no model.decoder section."),
    ),

    "unsupported_architecture": (
        QT_TRANSLATE_NOOP("Errors", "{file_name} is a “{architecture}” model, an architecture "
                                    "this version of Ondol cannot run."),
        QT_TRANSLATE_NOOP("Errors", "Ondol cannot run {format} files."),
        QT_TRANSLATE_NOOP("Errors", "{file_name} is a kind of model Ondol cannot run."),
        QT_TRANSLATE_NOOP("Errors", "This kind of model is one Ondol cannot run."),
    ),
    "unsupported_architecture.onnx_runtime_missing": (
        QT_TRANSLATE_NOOP("Errors", "{runtime} is not installed, so this ONNX model cannot "
                                    "run."),
    ),
    "unsupported_architecture.unknown_gguf_architecture": (
        QT_TRANSLATE_NOOP("Errors", "{file_name} is a “{architecture}” model, an architecture "
                                    "this version of llama.cpp does not know. A newer version "
                                    "of Ondol may run it."),
    ),

    "insufficient_memory": (
        QT_TRANSLATE_NOOP("Errors", "This model needs about {bytes_needed} of memory; "
                                    "{bytes_available} is available. Close other programs, or "
                                    "pick a smaller model."),
        QT_TRANSLATE_NOOP("Errors", "There is not enough memory to load this model. Close other "
                                    "programs, or pick a smaller model or precision."),
    ),
    "insufficient_memory.ram": (
        QT_TRANSLATE_NOOP("Errors", "This model with a {n_ctx}-token context needs about "
                                    "{bytes_needed} of memory; {bytes_available} is "
                                    "available. Choose a shorter context, a smaller "
                                    "quantisation, or close other programs."),
    ),
    "insufficient_memory.vram": (
        QT_TRANSLATE_NOOP("Errors", "This model with a {n_ctx}-token context needs about "
                                    "{bytes_needed} of GPU memory; {bytes_available} is "
                                    "available. Choose a shorter context, fewer GPU layers, a "
                                    "smaller quantisation, or close other programs."),
    ),
    "insufficient_memory.onnx": (
        QT_TRANSLATE_NOOP("Errors", "This model with a {n_ctx}-token context needs about "
                                    "{bytes_needed} of memory; {bytes_available} is available. "
                                    "Choose a shorter context, a smaller variant, or close "
                                    "other programs."),
    ),
    "insufficient_memory.generate": (
        QT_TRANSLATE_NOOP("Errors", "The model ran out of memory while generating. Use a "
                                    "shorter context or a smaller model."),
    ),

    "runtime_crashed": (
        QT_TRANSLATE_NOOP("Errors", "The model runtime was stopped by {signal}. The model is no "
                                    "longer loaded; load it again to go on."),
        QT_TRANSLATE_NOOP("Errors", "The model runtime exited with code {exit_code}. The model "
                                    "is no longer loaded; load it again to go on."),
        QT_TRANSLATE_NOOP("Errors", "The model runtime stopped. The model is no longer loaded; "
                                    "load it again to go on."),
    ),

    "cancelled": (
        QT_TRANSLATE_NOOP("Errors", "Loading {file_name} was cancelled."),
        QT_TRANSLATE_NOOP("Errors", "Cancelled."),
    ),
    "cancelled.window_closing": (
        QT_TRANSLATE_NOOP("Errors", "Cancelled: the window is closing."),
    ),

    "model_load_failed": (
        QT_TRANSLATE_NOOP("Errors", "{file_name} could not be loaded."),
        QT_TRANSLATE_NOOP("Errors", "The model could not be loaded."),
    ),
    "model_load_failed.runtime_missing": (
        QT_TRANSLATE_NOOP("Errors", "This model needs the {backend} backend, which cannot start "
                                    "here: the Python module {missing_module} is missing. "
                                    "Install {package}."),
        QT_TRANSLATE_NOOP("Errors", "This model needs the {backend} backend, which cannot start "
                                    "here: the Python module {missing_module} is missing."),
        QT_TRANSLATE_NOOP("Errors", "This model needs the {backend} backend, which cannot start "
                                    "here. Install {package}."),
    ),
    "model_load_failed.unexpected": (
        QT_TRANSLATE_NOOP("Errors", "Loading failed because of an unexpected error ({detail})."),
    ),
    "model_load_failed.draft_refused": (
        QT_TRANSLATE_NOOP("Errors", "The draft model {file_name} could not be loaded ({detail}). "
                                    "Choose another draft, or None, in the load settings."),
        QT_TRANSLATE_NOOP("Errors", "The draft model could not be loaded. Choose another draft, "
                                    "or None, in the load settings."),
    ),
    "model_load_failed.draft_vocab_differs": (
        QT_TRANSLATE_NOOP("Errors", "The draft model {file_name} has another vocabulary "
                                    "({draft_tokens} tokens; this model has {model_tokens}), so "
                                    "it cannot draft for it. Choose another draft, or None."),
        QT_TRANSLATE_NOOP("Errors", "The draft model has another vocabulary than this model, so "
                                    "it cannot draft for it. Choose another draft, or None."),
    ),

    "no_model_loaded": (
        QT_TRANSLATE_NOOP("Errors", "No model is loaded: pick one above and press Load, then "
                                    "send again."),
    ),
    "no_model_loaded.no_runnable_variant": (
        QT_TRANSLATE_NOOP("Errors", "No variant of {model} can run on this computer."),
    ),

    "chat_template_failed": (
        QT_TRANSLATE_NOOP("Errors", "The model's chat template could not turn this conversation "
                                    "into a prompt."),
    ),

    "context_overflow": (
        QT_TRANSLATE_NOOP("Errors", "The conversation needs {tokens_needed} tokens, and the "
                                    "context window holds {n_ctx}. Start a new chat or raise "
                                    "the context length."),
        QT_TRANSLATE_NOOP("Errors", "The prompt has {prompt_tokens} tokens, and the context "
                                    "window holds {n_ctx}. Start a new chat or raise the "
                                    "context length."),
        QT_TRANSLATE_NOOP("Errors", "The conversation does not fit the context window. Start a "
                                    "new chat or raise the context length."),
    ),
    "context_overflow.conversation": (
        QT_TRANSLATE_NOOP("Errors", "The conversation needs {tokens_needed} tokens with room for "
                                    "the answer, and the context window holds {n_ctx}. Start a "
                                    "new chat or raise the context length."),
    ),
    "context_overflow.last_message": (
        QT_TRANSLATE_NOOP("Errors", "Even the last message alone needs {tokens_needed} tokens "
                                    "with room for the answer, and the context window holds "
                                    "{n_ctx}. Raise the context length or write a shorter "
                                    "message."),
    ),

    "generation_failed": (
        QT_TRANSLATE_NOOP("Errors", "The model failed while writing the answer."),
    ),
    "generation_failed.unexpected": (
        QT_TRANSLATE_NOOP("Errors", "Writing the answer failed because of an unexpected error "
                                    "({detail})."),
    ),

    "invalid_parameter": (
        QT_TRANSLATE_NOOP("Errors", "{parameter} cannot be {value}."),
        QT_TRANSLATE_NOOP("Errors", "A setting has a value that is not allowed."),
    ),
    "invalid_parameter.out_of_range": (
        QT_TRANSLATE_NOOP("Errors", "{parameter} is out of range: allowed {rule}, got {value}."),
    ),
    "invalid_parameter.not_one_of": (
        QT_TRANSLATE_NOOP("Errors", "{parameter} must be one of {allowed} (got {value})."),
        QT_TRANSLATE_NOOP("Errors", "{field} must be one of {allowed} (got {value})."),
    ),
    "invalid_parameter.empty_stop": (
        QT_TRANSLATE_NOOP("Errors", "A stop string cannot be empty."),
    ),
    "invalid_parameter.wrong_type": (
        QT_TRANSLATE_NOOP("Errors", "{parameter} has the wrong type ({value})."),
    ),
    "invalid_parameter.not_allowed": (
        QT_TRANSLATE_NOOP("Errors", "{parameter} cannot be {value}."),
    ),
    "invalid_parameter.empty_title": (
        QT_TRANSLATE_NOOP("Errors", "A chat title cannot be empty."),
    ),
    "invalid_parameter.not_json": (
        QT_TRANSLATE_NOOP("Errors", "The chat's {field} cannot be saved."),
    ),

    "runtime_busy": (
        QT_TRANSLATE_NOOP("Errors", "The model is still busy with another request."),
    ),
    "runtime_busy.server_queue_full": (
        QT_TRANSLATE_NOOP("Errors", "The model is busy answering requests from other programs "
                                    "through the local server; try again shortly."),
    ),
    "server_settings": (
        QT_TRANSLATE_NOOP("Errors", "The server cannot start with these settings."),
    ),
    "server_settings.needs_api_key": (
        QT_TRANSLATE_NOOP("Errors", "Listening on {host} lets other computers in: set an API "
                                    "key first, or listen on 127.0.0.1."),
    ),
    "server_settings.port_in_use": (
        QT_TRANSLATE_NOOP("Errors", "Port {port} is already in use by another program; "
                                    "choose another port."),
    ),
    "server_settings.cannot_bind": (
        QT_TRANSLATE_NOOP("Errors", "The server cannot listen on {host}, port {port}."),
    ),
}

# What a file that is not GGUF seems to be (``NotAModelFileError`` fact ``kind``).
KINDS: dict[str, str] = {
    "png": QT_TRANSLATE_NOOP("Errors", "a PNG image"),
    "jpeg": QT_TRANSLATE_NOOP("Errors", "a JPEG image"),
    "gif": QT_TRANSLATE_NOOP("Errors", "a GIF image"),
    "zip": QT_TRANSLATE_NOOP("Errors", "a ZIP archive (PyTorch checkpoints are ZIP files too)"),
    "empty_zip": QT_TRANSLATE_NOOP("Errors", "an empty ZIP archive"),
    "pdf": QT_TRANSLATE_NOOP("Errors", "a PDF document"),
    "gzip": QT_TRANSLATE_NOOP("Errors", "a gzip archive"),
    "7z": QT_TRANSLATE_NOOP("Errors", "a 7-Zip archive"),
    "pickle": QT_TRANSLATE_NOOP("Errors", "a Python pickle (an old PyTorch checkpoint?)"),
    "git_lfs_pointer": QT_TRANSLATE_NOOP("Errors", "a Git LFS pointer: the real file was never "
                                                   "downloaded"),
    "ggml": QT_TRANSLATE_NOOP("Errors", "an old GGML model: llama.cpp now needs the newer GGUF "
                                        "format"),
    "ggmf": QT_TRANSLATE_NOOP("Errors", "an old GGMF model: llama.cpp now needs the newer GGUF "
                                        "format"),
    "ggjt": QT_TRANSLATE_NOOP("Errors", "an old GGJT model: llama.cpp now needs the newer GGUF "
                                        "format"),
    "linux_program": QT_TRANSLATE_NOOP("Errors", "a Linux program"),
    "windows_program": QT_TRANSLATE_NOOP("Errors", "a Windows program"),
    "safetensors": QT_TRANSLATE_NOOP("Errors", "a safetensors file: convert it to GGUF first"),
    "html": QT_TRANSLATE_NOOP("Errors", "a web page (HTML): the download probably saved an "
                                        "error page"),
    "json": QT_TRANSLATE_NOOP("Errors", "a JSON text file"),
}
