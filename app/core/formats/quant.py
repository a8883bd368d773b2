"""Quantisation names from file names, and typical bits per weight (for estimates before download).

Pure string work: no file is opened, so this runs on names from a catalogue or a search result.
"""

from __future__ import annotations

import re

# One quantisation name as llama.cpp and the usual uploaders (bartowski, unsloth, ...) write it,
# standing alone between separators. "_" is part of the names, so only letters and digits count
# as "inside a word": that keeps F16 from matching inside BF16 or Q4_0 inside Q4_0_4_4.
_QUANT_RE = re.compile(
    r"(?<![A-Za-z0-9])("
    r"IQ[1-4]_(?:XXS|XS|NL|S|M)"  # i-quants
    r"|Q[2-8]_K(?:_(?:XXL|XL|S|M|L))?"  # k-quants, with unsloth/bartowski mixes (Q4_K_XL)
    r"|Q[458]_[01](?:_[48]_[48])?"  # legacy quants, and the old ARM repacks (Q4_0_4_4)
    r"|TQ[12]_0"  # ternary
    r"|MXFP4(?:_MOE)?"
    r"|BF16|FP16|FP32|F16|F32"
    r")(?![A-Za-z0-9])",
    re.IGNORECASE,
)

_ALIASES = {"FP16": "F16", "FP32": "F32"}

# Typical bits per weight of the whole file (mixes included: a "Q4_K_M" file keeps some tensors
# at Q6_K), close to what llama.cpp's `llama-quantize --help` and real uploads show. Good for
# "about how big will this be" before a download; the real size comes from the header after.
_BITS_PER_WEIGHT: dict[str, float] = {
    "IQ1_S": 1.56,
    "IQ1_M": 1.75,
    "TQ1_0": 1.69,
    "IQ2_XXS": 2.06,
    "TQ2_0": 2.06,
    "IQ2_XS": 2.31,
    "IQ2_S": 2.5,
    "Q2_K_S": 2.5,
    "Q2_K": 2.6,
    "IQ2_M": 2.7,
    "IQ3_XXS": 3.06,
    "IQ3_XS": 3.3,
    "IQ3_S": 3.44,
    "Q3_K_S": 3.5,
    "IQ3_M": 3.66,
    "Q3_K_M": 3.9,
    "Q3_K_L": 4.27,
    "IQ4_XS": 4.25,
    "MXFP4": 4.25,
    "MXFP4_MOE": 4.25,
    "IQ4_NL": 4.5,
    "Q4_0": 4.5,
    "Q4_K_S": 4.58,
    "Q4_K_M": 4.85,
    "Q4_1": 5.0,
    "Q5_0": 5.5,
    "Q5_K_S": 5.54,
    "Q5_K_M": 5.7,
    "Q5_1": 6.0,
    "Q6_K": 6.6,
    "Q8_0": 8.5,
    "F16": 16.0,
    "BF16": 16.0,
    "F32": 32.0,
}


def quant_from_filename(name: str) -> str | None:
    """The quantisation a GGUF file name announces, upper-cased, or ``None``.

    ``"SmolLM2-135M-Instruct.Q4_1.gguf"`` -> ``"Q4_1"``, ``"model-q4_k_m.gguf"`` -> ``"Q4_K_M"``,
    ``"x-bf16-00001-of-00003.gguf"`` -> ``"BF16"``. ``FP16``/``FP32`` become ``F16``/``F32``.
    When a name holds several, the last one wins (the quantisation usually ends the name).

    Args:
        name: A file name or path (only the last component is looked at).

    Returns:
        The name as llama.cpp spells it, or ``None`` when the name carries none.

    Raises:
        nothing.
    """
    base = re.split(r"[\\/]", name)[-1]
    matches = _QUANT_RE.findall(base)
    if not matches:
        return None
    quant = matches[-1].upper()
    return _ALIASES.get(quant, quant)


def bits_per_weight(quant: str) -> float | None:
    """Typical bits per weight for a quantisation name (``"Q4_K_M"`` -> ``4.85``), or ``None``.

    ``bits * parameters / 8`` estimates a file's size before it is downloaded.

    Args:
        quant: A quantisation name, any case (``"q8_0"`` works).

    Returns:
        The typical value, or ``None`` for a name not in the table.

    Raises:
        nothing.
    """
    key = quant.strip().upper()
    return _BITS_PER_WEIGHT.get(_ALIASES.get(key, key))
