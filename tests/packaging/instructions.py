"""Which x86-64 instruction sets a shared library's code uses, read from its disassembly.

The shipped llama.cpp must run on an ordinary x86-64 CPU of ten years ago: SSE up to 4.2, AVX,
AVX2, FMA, F16C and BMI (Intel Haswell, 2013; AMD since 2015). What such a CPU lacks shows in
the machine code itself:

- AVX-512 (and AVX10): every such instruction has the EVEX prefix, a 0x62 byte where the
  opcode starts (that byte is no valid instruction in 64-bit mode otherwise); objdump also
  names its registers zmm0–31 and k0–7;
- AVX-VNNI: objdump marks the VEX form of the VNNI instructions with "{vex}";
- AMX: the tile instructions.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

# Legacy prefixes that may come before the instruction proper (REX cannot precede EVEX).
_PREFIXES = {"66", "67", "f2", "f3", "f0", "2e", "36", "3e", "26", "64", "65"}
# "  1a2b3c:\t62 f1 7c 48 10 00 \tvmovups (%rax),%zmm0"
_LINE = re.compile(r"^\s*[0-9a-f]+:\t((?:[0-9a-f]{2} )+)\s*\t?(.*)$")
_AMX = re.compile(r"^(tile\w+|ldtilecfg|sttilecfg|tdp\w+)\b")


def objdump() -> str:
    """The objdump program.

    Raises:
        FileNotFoundError: binutils is not installed.
    """
    path = shutil.which("objdump")
    if path is None:
        raise FileNotFoundError("objdump is not installed (binutils)")
    return path


def newer_than_haswell(library: Path) -> Counter[str]:
    """How many instructions of each set a Haswell-class CPU lacks the library's code holds.

    Keys: "avx512" (EVEX-encoded), "avx-vnni" and "amx"; an empty counter means none.

    Raises:
        FileNotFoundError: objdump is missing.
        subprocess.CalledProcessError: objdump could not read the library.
    """
    found: Counter[str] = Counter()
    process = subprocess.Popen([objdump(), "-d", "--wide", str(library)],
                               stdout=subprocess.PIPE, text=True, errors="replace")
    assert process.stdout is not None
    with process:
        for line in process.stdout:
            match = _LINE.match(line)
            if match is None:
                continue
            raw, text = match[1].split(), match[2].strip()
            opcode = next((byte for byte in raw if byte not in _PREFIXES), "")
            if opcode == "62" or "%zmm" in text or re.search(r"%k[0-7]\b", text):
                found["avx512"] += 1
            elif text.startswith("{vex}"):
                found["avx-vnni"] += 1
            elif _AMX.match(text):
                found["amx"] += 1
    if process.returncode:
        raise subprocess.CalledProcessError(process.returncode, process.args)
    return found
