"""Error sentences about what the model runtimes (llama.cpp, ONNX Runtime, onnxruntime-genai,
the runtime host) report while loading a model and writing an answer (see ``error_sentences``).

Only ``"<code>.<reason>"`` keys: each code's plain sentences are in ``error_models``. The
runtime's own words (``detail``: a native log line, ONNX Runtime's message) stay in the facts
for the logs and ``--json``; a sentence shows them only where nothing else says what went wrong
(an answer the runtime broke off, a chat template's own refusal).
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

from app.ui.words import error_models

SENTENCES: dict[str, tuple[str, ...]] = {
    "model_load_failed.projector_missing": (
        QT_TRANSLATE_NOOP("Errors", "The projector file {file_name} is missing."),
    ),
    "model_load_failed.not_a_projector": (
        QT_TRANSLATE_NOOP("Errors", "{file_name} is not a projector file for a vision model."),
    ),
    "model_load_failed.projector_broken": (
        QT_TRANSLATE_NOOP("Errors", "The projector file {file_name} is damaged."),
    ),
    "model_load_failed.projector_refused": (
        QT_TRANSLATE_NOOP("Errors", "The projector file {file_name} does not fit this model, or "
                                    "is damaged. Use the projector made for this model."),
    ),
    "model_load_failed.projector_no_vision": (
        QT_TRANSLATE_NOOP("Errors", "The projector file {file_name} is for sound, not images."),
    ),
    "model_load_failed.llama_refused": (
        QT_TRANSLATE_NOOP("Errors", "llama.cpp could not load {file_name}: the file may be "
                                    "damaged, or made for a newer llama.cpp."),
    ),
    "model_load_failed.onnx_load": (
        QT_TRANSLATE_NOOP("Errors", "ONNX Runtime could not load {file_name}: the model may be "
                                    "damaged, or made for a newer ONNX Runtime."),
    ),
    "model_load_failed.provider_failed": (
        QT_TRANSLATE_NOOP("Errors", "ONNX Runtime could not run this model on {device}."),
        QT_TRANSLATE_NOOP("Errors", "ONNX Runtime could not run this model on the GPU."),
    ),
    "model_load_failed.genai_config_newer": (
        QT_TRANSLATE_NOOP("Errors", "This model's genai_config.json asks for something the "
                                    "installed onnxruntime-genai does not know: the model was "
                                    "probably made for a newer onnxruntime-genai."),
    ),
    "model_load_failed.tokenize_failed": (
        QT_TRANSLATE_NOOP("Errors", "llama.cpp could not split the text into the tokens of "
                                    "{file_name}."),
        QT_TRANSLATE_NOOP("Errors", "llama.cpp could not split the text into tokens."),
    ),
    "generation_failed.no_scores": (
        QT_TRANSLATE_NOOP("Errors", "This model's runtime gives no next-token scores, so its "
                                    "probabilities cannot be shown."),
    ),
    "model_load_failed.no_provider": (
        QT_TRANSLATE_NOOP("Errors", "No execution provider is available to run this model."),
    ),

    "not_a_model_file.optimum_layout": (
        QT_TRANSLATE_NOOP("Errors", "{file_name} is an onnx-community model (it has no "
                                    "genai_config.json): it runs on the onnxruntime backend, "
                                    "not on onnxruntime-genai."),
    ),

    "corrupt_model.damaged_graph": (
        QT_TRANSLATE_NOOP("Errors", "The model graph {file_name} is damaged or incomplete: ONNX "
                                    "Runtime cannot read it. Download the model again."),
    ),
    "corrupt_model.truncated_weights": (
        QT_TRANSLATE_NOOP("Errors", "The model's weights file is cut short: it should hold at "
                                    "least {expected_bytes} but has only {actual_bytes}. The "
                                    "download was probably interrupted; download the model "
                                    "again."),
        QT_TRANSLATE_NOOP("Errors", "The model's weights file is cut short, probably by an "
                                    "interrupted download. Download the model again."),
    ),
    "corrupt_model.damaged_genai_config": (
        QT_TRANSLATE_NOOP("Errors", "genai_config.json in {folder} is damaged. Download the "
                                    "model again."),
    ),
    "corrupt_model.damaged_tokenizer_config": (
        QT_TRANSLATE_NOOP("Errors", "tokenizer_config.json in {folder} is damaged. Download the "
                                    "model again."),
    ),
    "corrupt_model.damaged_tokenizer": (
        QT_TRANSLATE_NOOP("Errors", "The tokenizer files in {folder} are damaged. Download the "
                                    "model again."),
    ),

    "unsupported_architecture.unknown_model_type": (
        QT_TRANSLATE_NOOP("Errors", "The installed onnxruntime-genai cannot run “{architecture}” "
                                    "models. A newer onnxruntime-genai may."),
    ),
    "unsupported_architecture.not_a_decoder": (
        QT_TRANSLATE_NOOP("Errors", "{file_name} is not a text decoder with a KV cache: it "
                                    "needs the inputs input_ids and past_key_values.N.key/value "
                                    "and the output logits."),
    ),
    "unsupported_architecture.unknown_inputs": (
        QT_TRANSLATE_NOOP("Errors", "{file_name} needs inputs Ondol does not know how to feed: "
                                    "{inputs}."),
    ),
    "unsupported_architecture.not_an_encoder": (
        QT_TRANSLATE_NOOP("Errors", "{file_name} is not a sentence encoder: its {output} output "
                                    "is neither per-token nor pooled vectors."),
    ),
    "unsupported_architecture.incomplete_past": (
        QT_TRANSLATE_NOOP("Errors", "{file_name} has an incomplete set of past_key_values "
                                    "inputs."),
    ),
    "unsupported_architecture.no_present_outputs": (
        QT_TRANSLATE_NOOP("Errors", "{file_name} does not return its KV cache (it has no "
                                    "{output} output)."),
    ),
    "unsupported_architecture.tensor_types": (
        QT_TRANSLATE_NOOP("Errors", "{file_name} uses {kv_type} / {logits_type} tensors; Ondol "
                                    "runs float32 and float16 graphs."),
    ),
    "unsupported_architecture.unknown_kv_shape": (
        QT_TRANSLATE_NOOP("Errors", "The KV cache or vocabulary size of {file_name} is neither "
                                    "in the graph nor in config.json."),
    ),
    "unsupported_architecture.gqa_without_mask": (
        QT_TRANSLATE_NOOP("Errors", "{file_name} uses GroupQueryAttention but takes no "
                                    "attention_mask input."),
    ),

    "invalid_parameter.needs_flash_attn": (
        QT_TRANSLATE_NOOP("Errors", "A quantised KV cache ({value}) needs flash attention: turn "
                                    "flash attention on, or choose the f16 KV cache."),
    ),
    "invalid_parameter.empty_prompt": (
        QT_TRANSLATE_NOOP("Errors", "The prompt is empty: there is nothing to answer."),
    ),
    "invalid_parameter.json_schema_invalid": (
        QT_TRANSLATE_NOOP("Errors", "The JSON schema for the answer is not valid, or asks for "
                                    "something that cannot be enforced while writing."),
    ),
    "invalid_parameter.json_schema_too_large": (
        QT_TRANSLATE_NOOP("Errors", "The JSON schema for the answer is {schema_bytes}; at most "
                                    "{limit_bytes} is allowed."),
    ),
    "invalid_parameter.json_schema_unsupported": (
        QT_TRANSLATE_NOOP("Errors", "The {backend} runtime cannot hold an answer to a JSON "
                                    "schema; {supported} (GGUF models) can."),
    ),

    "invalid_parameter.embedding_unsupported": (
        QT_TRANSLATE_NOOP("Errors", "The {backend} runtime cannot give embeddings for this "
                                    "model; GGUF models through llama.cpp can."),
    ),
    "invalid_parameter.not_loaded_for_embedding": (
        QT_TRANSLATE_NOOP("Errors", "This model was loaded for chat; embeddings need it loaded "
                                    "in embedding mode."),
    ),

    "context_overflow.embedding_input": (
        QT_TRANSLATE_NOOP("Errors", "An input to embed has {input_tokens} tokens; this model "
                                    "embeds at most {n_ctx}."),
    ),
    "context_overflow.prompt": (
        QT_TRANSLATE_NOOP("Errors", "The prompt has {prompt_tokens} tokens, which leaves no room "
                                    "for an answer in the {n_ctx}-token context window. Write a "
                                    "shorter message or raise the context length."),
    ),

    "chat_template_failed.refused": (
        QT_TRANSLATE_NOOP("Errors", "The model's chat template refused this conversation "
                                    "({detail})."),
    ),
    "chat_template_failed.invalid": (
        QT_TRANSLATE_NOOP("Errors", "The model's chat template is not valid ({detail})."),
    ),
    "chat_template_failed.render_failed": (
        QT_TRANSLATE_NOOP("Errors", "The model's chat template failed on this conversation "
                                    "({detail})."),
    ),
    "chat_template_failed.too_slow": (
        QT_TRANSLATE_NOOP("Errors", "The model's chat template was stopped after {seconds} s: "
                                    "it does not finish (it probably loops without end). The "
                                    "model cannot be used with this template."),
    ),
    "chat_template_failed.too_long": (
        QT_TRANSLATE_NOOP("Errors", "The model's chat template was stopped: it built more than "
                                    "{limit} characters, far more than any prompt. The model "
                                    "cannot be used with this template."),
    ),

    "generation_failed.llama_failed": (
        QT_TRANSLATE_NOOP("Errors", "llama.cpp failed while writing the answer ({detail})."),
    ),
    "generation_failed.onnx_failed": (
        QT_TRANSLATE_NOOP("Errors", "ONNX Runtime failed while writing the answer ({detail})."),
    ),
    "generation_failed.kv_cache_full": (
        QT_TRANSLATE_NOOP("Errors", "The model's KV cache holds {positions} tokens and this step "
                                    "needs {positions_needed}. Raise the context length or "
                                    "start a new chat."),
    ),
    "generation_failed.unknown_request": (
        QT_TRANSLATE_NOOP("Errors", "The model runtime got a request it does not know "
                                    "({request})."),
    ),

    # A signal or an exit code: the code's own sentences say which.
    "runtime_crashed.exited": error_models.SENTENCES["runtime_crashed"],
    "runtime_crashed.not_running": (
        QT_TRANSLATE_NOOP("Errors", "The model runtime is not running. The model is no longer "
                                    "loaded; load it again to go on."),
    ),
    "runtime_crashed.no_answer": (
        QT_TRANSLATE_NOOP("Errors", "The model runtime ended the request without an answer."),
    ),
    "runtime_crashed.closed_during_request": (
        QT_TRANSLATE_NOOP("Errors", "The model runtime was closed while a request was "
                                    "running."),
    ),
}
