"""Build the ONNX test models from the starter GGUF (run by the fixture tool environments).

    genai   <gguf> <out>   transformers 5 + onnxruntime-genai's builder:
                           smollm2-genai-{int4,int8,fp32}/ and reference.json
    optimum <gguf> <out>   transformers 4.57 + optimum-onnx: smollm2-optimum/ with
                           onnx/model.onnx (fp32, past_key_values inputs),
                           onnx/model_int8.onnx (dynamic int8) and onnx/model_q4.onnx (the genai
                           int4 graph: a fused GroupQueryAttention graph, as some onnx-community
                           repos hold). Run after "genai".

The route: GGUF -> transformers (de-quantised to float32) -> ONNX. The reference is transformers'
own greedy answer in float32, which the fp32 ONNX model must reproduce.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

# Bump when the models built here change (the test cache is keyed by it, not by this file's text).
BUILD_VERSION = 1
REFERENCE_MESSAGES = [{"role": "user", "content": "Write a short story about a robot."}]
REFERENCE_TOKENS = 20


def gguf_to_transformers(gguf: Path, out: Path):  # returns torch types of a tool environment
    """Load the GGUF into transformers and save a plain float32 checkpoint in ``out``."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(str(gguf.parent), gguf_file=gguf.name)
    model = AutoModelForCausalLM.from_pretrained(str(gguf.parent), gguf_file=gguf.name,
                                                 dtype=torch.float32)
    # The GGUF loader marks the model as quantised; saving it as plain weights needs this off.
    model.hf_quantizer = None
    if hasattr(model.config, "quantization_config"):
        del model.config.quantization_config
    model.save_pretrained(out)
    tokenizer.save_pretrained(out)
    return model, tokenizer


def write_reference(model, tokenizer, out: Path) -> None:  # transformers objects
    """transformers' greedy tokens for the reference chat, in float32."""
    import torch

    prompt = tokenizer.apply_chat_template(REFERENCE_MESSAGES, add_generation_prompt=True,
                                           tokenize=False)
    ids = tokenizer(prompt, add_special_tokens=False, return_tensors="pt")["input_ids"]
    with torch.no_grad():
        generated = model.generate(ids, attention_mask=torch.ones_like(ids),
                                   max_new_tokens=REFERENCE_TOKENS, do_sample=False)
    tokens = generated[0][ids.shape[1]:].tolist()
    reference = {"messages": REFERENCE_MESSAGES, "prompt": prompt,
                 "prompt_ids": ids[0].tolist(), "tokens": tokens,
                 "text": tokenizer.decode(tokens)}
    (out / "reference.json").write_text(json.dumps(reference, indent=1), encoding="utf-8")


def build_genai(gguf: Path, out: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        hf = Path(tmp) / "hf"
        model, tokenizer = gguf_to_transformers(gguf, hf)
        write_reference(model, tokenizer, out)
        del model
        for precision in ("int4", "int8", "fp32"):
            target = out / f"smollm2-genai-{precision}"
            subprocess.run([sys.executable, "-m", "onnxruntime_genai.models.builder",
                            "-i", str(hf), "-o", str(target), "-p", precision, "-e", "cpu",
                            "-c", str(Path(tmp) / f"cache-{precision}")],
                           check=True, stdout=subprocess.DEVNULL)


def build_optimum(gguf: Path, out: Path) -> None:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    target = out / "smollm2-optimum"
    with tempfile.TemporaryDirectory() as tmp:
        hf = Path(tmp) / "hf"
        gguf_to_transformers(gguf, hf)
        export = Path(tmp) / "export"
        subprocess.run([sys.executable, "-m", "optimum.exporters.onnx", "-m", str(hf),
                        "--task", "text-generation-with-past", str(export)],
                       check=True, stdout=subprocess.DEVNULL)
        (target / "onnx").mkdir(parents=True)
        for name in ("config.json", "generation_config.json", "tokenizer.json",
                     "tokenizer_config.json", "special_tokens_map.json", "chat_template.jinja"):
            if (export / name).is_file():
                shutil.copy2(export / name, target / name)
        shutil.move(export / "model.onnx", target / "onnx" / "model.onnx")
    quantize_dynamic(str(target / "onnx" / "model.onnx"), str(target / "onnx" / "model_int8.onnx"),
                     weight_type=QuantType.QInt8)
    genai_int4 = out / "smollm2-genai-int4"
    shutil.copy2(genai_int4 / "model.onnx", target / "onnx" / "model_q4.onnx")
    shutil.copy2(genai_int4 / "model.onnx.data", target / "onnx" / "model.onnx.data")


def main() -> None:
    stage, gguf, out = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    out.mkdir(parents=True, exist_ok=True)
    {"genai": build_genai, "optimum": build_optimum}[stage](gguf, out)


if __name__ == "__main__":
    main()
