#!/usr/bin/env bash
# Cross-compiles gemm_check.c with CSeqKitKernels for aarch64 and runs it under qemu-user, so
# the NEON kernel is checked bit for bit against the canonical chain on an x86-64 machine.
# Needs: apt-get install qemu-user gcc-aarch64-linux-gnu libc6-dev-arm64-cross (clang comes
# with the Swift toolchain). Takes about a minute under emulation.
#   bash Tests/KernelsC/run-aarch64.sh       # or with CC=... for another clang
set -euo pipefail
cd "$(dirname "$0")/../.."
src=Sources/CSeqKitKernels
out=$(mktemp -d)
"${CC:-clang}" --target=aarch64-linux-gnu -O2 -static -I"$src/include" \
  "$src/gemm.c" "$src/worker.c" "$src/kernels.c" Tests/KernelsC/gemm_check.c -lm -lpthread -o "$out/gemm_check"
qemu-aarch64 "$out/gemm_check"
