#!/usr/bin/env bash
# The GPU check of the exported PyTorch code, for a Linux machine with python3, PyTorch 2.x and CUDA
# but no node. The scripts, CSVs and our numbers it compares with are made here first, with node:
#   node scripts/gpu-check-prepare.mjs --out .gpucheck
# then, on the GPU machine, from the repository root (or run the copy inside the folder):
#   bash scripts/gpu-check.sh .gpucheck        # or: bash .gpucheck/gpu-check.sh
# It runs, printing each comparison (scripts/export_check.py --cuda): --device cuda for the default,
# batch norm + Adam and the digits CNN against our losses; torchrun --nproc_per_node 1 on CUDA (NCCL)
# against a plain CUDA run; torchrun 1 vs 2 processes on the CPU (gloo); the notebook's cells as a
# script. Without a GPU the CUDA parts are skipped and said so. With $OUT set, it writes
# summary.txt and summary.json there. About 1-2 minutes; it stops itself at 230 s.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [ $# -ge 1 ]; then
  folder="$1"
elif [ -f "$here/configurations.json" ]; then
  folder="$here"
else
  folder=".gpucheck"
fi
python="${PYTHON:-python3}"
if [ ! -f "$folder/configurations.json" ]; then
  echo "gpu-check: $folder has no configurations.json: make it first with 'node scripts/gpu-check-prepare.mjs --out $folder'." >&2
  exit 2
fi
if ! "$python" -c "import torch" 2>/dev/null; then
  echo "gpu-check: $python cannot import torch (set PYTHON to a Python with PyTorch)." >&2
  exit 2
fi
checker="$here/export_check.py"
[ -f "$checker" ] || checker="$folder/export_check.py"
export MPLBACKEND=Agg
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>/dev/null || echo "gpu-check: no nvidia-smi"
if [ -n "${OUT:-}" ]; then
  timeout 230 "$python" "$checker" "$folder" --cuda --summary "$OUT"
else
  timeout 230 "$python" "$checker" "$folder" --cuda
fi
status=$?
[ $status -eq 124 ] && echo "gpu-check: stopped after 230 s." >&2
exit $status
