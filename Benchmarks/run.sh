#!/usr/bin/env bash
# Runs SeqKit's benchmark and the PyTorch/NumPy companion interleaved (S T S T …), ROUNDS times,
# and prints the table of medians that Sources/SeqKit/README.md shows. Both sides single-threaded.
#
#   bash Benchmarks/run.sh [rounds=5]          # default (host-CPU) build
#   SEQKIT_PORTABLE=1 bash Benchmarks/run.sh   # portable build, in .build-portable
#
# OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE are unset for the NumPy run only, so OpenBLAS picks
# its kernel for this CPU (the script prints which one threadpoolctl reports).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-5}"
scratch=.build
[ "${SEQKIT_PORTABLE:-}" = 1 ] && scratch=.build-portable
swift build -c release --product seqkit-bench --scratch-path "$scratch" >&2
out=$(mktemp -d)
for r in $(seq 1 "$rounds"); do
  echo "round $r/$rounds" >&2
  "$scratch/release/seqkit-bench" 5 > "$out/swift.$r"
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 \
    python3 Benchmarks/torch_bench.py 5 > "$out/torch.$r" 2> "$out/torch.err.$r"
done
grep '^# blas' "$out/torch.err.1" >&2 || true
python3 Benchmarks/compare.py "$out"
