#!/usr/bin/env bash
# The GPU check for the Python worker (issue 11 item 6), for a machine with an NVIDIA GPU where
# PyTorch and transformers are preinstalled (the H200 machine sessions are sometimes lent). It
# writes a random Llama with transformers (no download), then runs `llem run` with
# engine: transformers on the GPU (float32 and bfloat16, batch 8) with NVML energy, and copies
# each result.json and run.log to $OUT/docs-gpu-python/ (keep them in docs/ afterwards).
#
# Prepare here:  npm run build && scripts/gpu-check.sh pack    (node + modules in .gpu-check/)
# Run there with carry [".gpu-check", "dist"]:  scripts/gpu-python-check.sh   (~3 min)
# Knobs: GPU_PY_HIDDEN (1024), GPU_PY_LAYERS (8), GPU_PY_PYTHON (python3).
set -uo pipefail
cd "$(dirname "$0")/.."
PACK=.gpu-check
OUT_DIR="${OUT:-/tmp}/docs-gpu-python"
PY="${GPU_PY_PYTHON:-python3}"
fail() { echo "gpu-python-check: $*" >&2; exit 3; }

NODE="${LLEM_NODE:-$(command -v node || true)}"
if [[ -z "$NODE" && -f "$PACK/node.xz" ]]; then
  NODE=/tmp/llem-gpu-check-node
  xz -dc "$PACK/node.xz" >"$NODE" && chmod +x "$NODE" || fail "cannot unpack $PACK/node.xz"
fi
[[ -n "$NODE" ]] || fail "no node and no $PACK/node.xz: run 'scripts/gpu-check.sh pack' and carry $PACK"
if [[ ! -d node_modules/koffi && -f "$PACK/modules.tar.xz" ]]; then
  tar -xJf "$PACK/modules.tar.xz" || fail "cannot unpack $PACK/modules.tar.xz"
fi
[[ -f dist/engines/python/index.js ]] || fail "dist/ is missing: run 'npm run build' and carry dist"
"$PY" -c 'import torch, transformers; assert torch.cuda.is_available(); print("torch", torch.__version__, "transformers", transformers.__version__, torch.cuda.get_device_name(0))' ||
  fail "$PY has no CUDA PyTorch + transformers"

mkdir -p "$OUT_DIR"
MODEL=/tmp/llem-gpu-llama
[[ -f "$MODEL/config.json" ]] || "$PY" test/python/make_tiny_llama.py "$MODEL" "${GPU_PY_HIDDEN:-1024}" "${GPU_PY_LAYERS:-8}" ||
  fail "could not write the random Llama"

status=0
for dtype in float32 bfloat16; do
  cat >/tmp/llem-gpu-python.yaml <<YAML
model: $MODEL
engine: transformers
dataset: { n_prompts: 64 }
max_input_tokens: 128
max_output_tokens: 64
fixed_output_length: true
transformers: { batch_size: 8, dtype: $dtype }
measurement:
  warmup: { n_warmup: 8, thermal_floor_s: 10 }
  baseline: { duration_s: 10, strategy: fresh }
  energy: { sources: [nvml], min_window_s: 10 }
YAML
  echo "== transformers on GPU, dtype $dtype"
  LLEM_PYTHON="$(command -v "$PY")" "$NODE" bin/llem.js run /tmp/llem-gpu-python.yaml -o /tmp/llem-gpu-python-results --plain || status=1
done
find /tmp/llem-gpu-python-results -name result.json -o -name run.log | while read -r f; do
  cp "$f" "$OUT_DIR/$(basename "$(dirname "$(dirname "$f")")")-$(basename "$f")"
done
nvidia-smi --query-gpu=index,name,driver_version,power.limit --format=csv >"$OUT_DIR/nvidia-smi.csv" 2>&1
ls -la "$OUT_DIR"
exit $status
