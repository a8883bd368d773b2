# Sourced by the scripts that compile llama.cpp for this machine (setup.sh, build_llama_bench.sh).
# Sets LLAMA_CPU_FLAGS: compiler flags added to -march=native; and LLAMA_CPU_ID: this CPU's
# model and features, part of the key a native build is cached under (it runs only on CPUs
# with the same features).
#
# ggml's AMX kernels (Intel Xeon 4th generation and later) crash this llama.cpp with an illegal
# instruction on the first matrix product: the tile configuration is set up on each worker's
# stack, where the compiler may drop it (ggml-org/llama.cpp pull request 26954). They only speed
# up prompt processing of some quantisations, so they are left out: the rest of -march=native
# (AVX-512, VNNI) stays.
LLAMA_CPU_FLAGS=""
if [ "$(uname -m)" = "x86_64" ]; then
    LLAMA_CPU_FLAGS="-mno-amx-tile -mno-amx-int8 -mno-amx-bf16"
fi
LLAMA_CPU_ID="$(grep -m1 '^model name' /proc/cpuinfo 2>/dev/null || uname -m)
$(grep -m1 '^flags' /proc/cpuinfo 2>/dev/null || true)"
