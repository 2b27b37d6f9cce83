#!/usr/bin/env bash
# The hardware check for llem's NVML source, for a machine with an NVIDIA GPU and PyTorch (the
# H200 machine sessions are sometimes lent). It builds nothing: it runs the carried dist/ with the
# real NVML binding while PyTorch multiplies matrices for ~30 s, prints counter and integrated
# energy, their ratio, idle power, sample coverage and the sampler's CPU overhead, then
# `llem doctor --json`. Exit status: 0 pass, 1 counter and integrated energy disagree by more than
# 5 % (or the load failed), 2 NVML cannot measure, 3 something needed is missing.
#
# Prepare here (the GPU machine has no network and, usually, no Node):
#   npm run build && scripts/gpu-check.sh pack    # writes .gpu-check/ (node ~24 MB + modules, xz;
#                                                 # ~1 min) and lists it in .git/info/exclude
# Then run there with carry [".gpu-check", "dist"]:  scripts/gpu-check.sh   (~1.5 min)
# Knobs: GPU_CHECK_IDLE_S (10), GPU_CHECK_LOAD_S (30), GPU_CHECK_INTERVAL_MS (100), LLEM_NVML_LIB.
set -uo pipefail
cd "$(dirname "$0")/.."
PACK=.gpu-check
MODULES=(koffi zod yaml hyparquet hyparquet-writer)

if [[ "${1:-}" == "pack" ]]; then
  set -e
  mkdir -p "$PACK"
  xz -T0 -6 -c "$(command -v node)" >"$PACK/node.xz"
  present=()
  for m in "${MODULES[@]}"; do [[ -d "node_modules/$m" ]] && present+=("node_modules/$m"); done
  tar -cJf "$PACK/modules.tar.xz" "${present[@]}"
  # Keep the pack out of git (it must travel as a carried, ignored path).
  if [[ -d .git/info ]] && ! grep -qx "/$PACK/" .git/info/exclude 2>/dev/null; then echo "/$PACK/" >>.git/info/exclude; fi
  du -sh "$PACK"/*
  echo "carry: [\"$PACK\", \"dist\"]"
  exit 0
fi

fail() { echo "gpu-check: $*" >&2; exit 3; }

# Node: on PATH, else the packed binary.
NODE="${LLEM_NODE:-$(command -v node || true)}"
if [[ -z "$NODE" && -f "$PACK/node.xz" ]]; then
  NODE=/tmp/llem-gpu-check-node
  xz -dc "$PACK/node.xz" >"$NODE" && chmod +x "$NODE" || fail "cannot unpack $PACK/node.xz"
fi
[[ -n "$NODE" ]] || fail "no node on PATH and no $PACK/node.xz: run 'scripts/gpu-check.sh pack' where Node is, and carry $PACK"
"$NODE" -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' || fail "$NODE is older than Node 20"

# Modules: the carried node_modules, else the packed ones (no network is needed).
if [[ ! -d node_modules/koffi && -f "$PACK/modules.tar.xz" ]]; then
  tar -xJf "$PACK/modules.tar.xz" || fail "cannot unpack $PACK/modules.tar.xz"
fi
[[ -f dist/energy/nvml/index.js ]] || fail "dist/ is missing: run 'npm run build' and carry dist"
[[ -d node_modules/koffi ]] || fail "node_modules/koffi is missing: carry it, or $PACK/modules.tar.xz"

echo "== machine"
nvidia-smi --query-gpu=index,name,uuid,driver_version,power.limit,persistence_mode,temperature.gpu --format=csv 2>&1 || echo "(nvidia-smi failed)"
if [[ "${GPU_CHECK_SKIP_TORCH:-}" != "1" ]]; then # 1: test this script against the C stand-in
  python3 -c 'import torch; print("torch", torch.__version__, "cuda", torch.version.cuda, "available", torch.cuda.is_available())' 2>&1 ||
    fail "python3 with PyTorch is needed for the load"
fi

"$NODE" scripts/gpu-check.js
status=$?

echo
echo "== llem doctor --json"
"$NODE" bin/llem.js doctor --json 2>&1 || echo "(llem doctor failed; node-llama-cpp is not carried, so its engine probe may be what failed)"
exit $status
