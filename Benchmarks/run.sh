#!/usr/bin/env bash
# SeqKit against PyTorch/NumPy, side by side: builds seqkit-bench (default build in .build, portable
# build in .build-portable), measures this machine's single-core FMA peak, then runs SeqKit (S) and
# PyTorch (T) interleaved, S T S T …, round by round, for each thread count, and prints the
# Markdown tables that Sources/SeqKit/README.md shows (also written to Benchmarks/results-<build>.md).
#
#   bash Benchmarks/run.sh [ROUNDS=3] [--threads 1,2] [--builds default,portable]
#                          [--sets main,grid,cliff] [--budget 0.25] [--min-count 3] [--kernel NAME]
#                          [--no-write]
#
#   bash Benchmarks/run.sh                       # everything: both builds, 1 and 2 threads, all cases
#   bash Benchmarks/run.sh 1 --sets main --builds default --threads 1    # a quick look
#
# Cases: Benchmarks/cases.txt (sets main, grid, cliff). Threads: SeqKit gets SEQKIT_THREADS=N;
# PyTorch gets OMP/OPENBLAS/MKL_NUM_THREADS=N in its environment before Python starts, plus
# torch.set_num_threads(N) and a threadpoolctl limit. --kernel sets SEQKIT_KERNEL for SeqKit
# (auto|avx512|avx2|neon|portable, once SeqKit reads it); otherwise SeqKit's own choice stands.
# Per case and side, timings take about --budget seconds (at least --min-count timings, each of
# ≥ 20 ms or one call) after a ≥ 20 ms warm-up; see measure() in Sources/seqkit-bench/main.swift.
# OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE are unset for the Python runs, so OpenBLAS picks its kernel
# for this CPU itself. Raw output stays in <scratch>/bench-raw/ for compare.py.
set -euo pipefail
cd "$(dirname "$0")/.."

rounds=3 threads=1,2 builds=default,portable sets=main,grid,cliff budget=0.25 mincount=3
kernel="${SEQKIT_KERNEL:-}" write=1
while [ $# -gt 0 ]; do
  case "$1" in
    --threads) threads=$2; shift 2 ;;
    --builds) builds=$2; shift 2 ;;
    --sets) sets=$2; shift 2 ;;
    --grid) sets=main,grid,cliff; shift ;;
    --no-grid) sets=main; shift ;;
    --budget) budget=$2; shift 2 ;;
    --min-count) mincount=$2; shift 2 ;;
    --kernel) kernel=$2; shift 2 ;;
    --no-write) write=0; shift ;;
    [0-9]*) rounds=$1; shift ;;
    *) echo "run.sh: unknown argument $1 (see the comment at the top of Benchmarks/run.sh)" >&2; exit 2 ;;
  esac
done
started=$SECONDS
IFS=, read -r -a thread_list <<< "$threads"
IFS=, read -r -a build_list <<< "$builds"

# The cases of the chosen sets, in file order, without duplicates.
cases=$(awk -v sets=",$sets," '!/^#/ && NF == 2 && index(sets, "," $1 ",") && !seen[$2]++ { print $2 }' \
  Benchmarks/cases.txt | tr '\n' ' ')
[ -n "$cases" ] || { echo "run.sh: no cases in sets $sets" >&2; exit 2; }

# --- machine description: what the OS says, never a name written here --------------------------
if [ -r /proc/cpuinfo ]; then
  cpu_model=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
  [ -n "$cpu_model" ] || cpu_model=$(awk -F': ' '/^(Hardware|CPU part)/ { print $1 ": " $2; exit }' /proc/cpuinfo)
  cpu_ident=$(awk -F': ' '/^cpu family/ { f = $2 } /^model\t/ { m = $2 } /^vendor_id/ { v = $2 }
                  END { if (v != "") printf "%s family %s model %s", v, f, m }' /proc/cpuinfo)
  vec=$(awk -F': ' '/^(flags|Features)/ { print $2; exit }' /proc/cpuinfo | tr ' ' '\n' |
        grep -E '^(avx512f|avx512_bf16|avx2|fma|avx|sse2|asimd|sve|sve2)$' | paste -sd' ' -)
  cores=$(getconf _NPROCESSORS_ONLN)
  l2=$(cat /sys/devices/system/cpu/cpu0/cache/index2/size 2>/dev/null || echo '?')
  loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
  # Cores in use by other work (user, system, interrupts and time the hypervisor stole) during
  # one idle second: unlike the load average, which still counts the run that just ended.
  busy_cores() {
    local a b
    a=$(head -1 /proc/stat); sleep 1; b=$(head -1 /proc/stat)
    awk -v a="$a" -v b="$b" -v c="$cores" 'BEGIN {
      split(a, x); split(b, y); t = 0
      for (i = 2; i <= 9; i++) t += y[i] - x[i]
      idle = (y[5] - x[5]) + (y[6] - x[6])
      printf "%.2f", (t > 0 ? c * (t - idle) / t : 0) }'
  }
else   # macOS
  cpu_model=$(sysctl -n machdep.cpu.brand_string 2>/dev/null || echo unknown)
  cpu_ident=$(uname -m)
  vec=$(sysctl -a 2>/dev/null | awk -F': ' '/hw.optional.(avx512f|avx2_0|fma|neon|arm.FEAT_SVE)/ && $2 == 1 { print $1 }' |
        sed 's/hw.optional.//' | paste -sd' ' -)
  cores=$(sysctl -n hw.ncpu)
  l2=$(sysctl -n hw.l2cachesize 2>/dev/null || echo '?')
  loadavg() { sysctl -n vm.loadavg | tr -d '{}' | awk '{ print $1, $2, $3 }'; }
  busy_cores() { :; }   # no /proc/stat: compare.py falls back to the load average
fi
swift_version=$(swift --version 2>&1 | grep -m1 -i 'swift version' || echo 'swift ?')

# --- the FMA peak ---------------------------------------------------------------------------------
mkdir -p .build
case "$(uname -m)" in
  x86_64|i?86) peak_flags="-O2 -march=native" ;;
  *) peak_flags="-O2 -mcpu=native" ;;
esac
"${CC:-cc}" $peak_flags Benchmarks/peak_fma.c -o .build/peak_fma 2>/dev/null ||
  "${CC:-cc}" -O2 Benchmarks/peak_fma.c -o .build/peak_fma
cc_version=$("${CC:-cc}" --version 2>&1 | head -1)
peak_runs=()
measure_peak() {
  local out; out=$(.build/peak_fma)
  echo "$out" | sed 's/^/# peak_fma: /' >&2
  peak_runs+=("$(echo "$out" | awk '/^peak/ { print $3 }') GFLOP/s ($(echo "$out" | awk '/^peak/ { print $2 }')-bit)")
  peak_widths=$(echo "$out" | awk '/^width/ { printf "%s%s-bit: %s GFLOP/s with %s chains", sep, $2, $6, $4; sep = "; " }')
}

# --- one build ------------------------------------------------------------------------------------
run_build() {
  local kind=$1 scratch title buildenv
  if [ "$kind" = portable ]; then
    scratch=.build-portable buildenv="SEQKIT_PORTABLE=1"
    title="Portable build (SEQKIT_PORTABLE=1, .build-portable)"
  else
    scratch=.build buildenv=""
    title="Default build (.build)"
  fi
  echo "== $title: building" >&2
  env $buildenv swift build -c release --product seqkit-bench --scratch-path "$scratch" >&2
  local raw="$scratch/bench-raw/$(date -u +%Y%m%dT%H%M%SZ)"
  mkdir -p "$raw"
  peak_runs=()
  measure_peak
  local kernel_env=()
  [ -n "$kernel" ] && kernel_env=(SEQKIT_KERNEL="$kernel")
  for r in $(seq 1 "$rounds"); do
    for n in "${thread_list[@]}"; do
      mkdir -p "$raw/t$n"
      echo "   round $r/$rounds, $n thread(s): SeqKit" >&2
      { echo "# load $(loadavg)"; echo "# busy $(busy_cores)"
        env -u SEQKIT_KERNEL "${kernel_env[@]}" SEQKIT_THREADS="$n" \
          "$scratch/release/seqkit-bench" --budget "$budget" --min-count "$mincount" $cases
      } > "$raw/t$n/swift.$r"
      echo "   round $r/$rounds, $n thread(s): PyTorch" >&2
      { echo "# load $(loadavg)"; echo "# busy $(busy_cores)"
        env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE \
          OMP_NUM_THREADS="$n" OPENBLAS_NUM_THREADS="$n" MKL_NUM_THREADS="$n" \
          python3 Benchmarks/torch_bench.py --threads "$n" --budget "$budget" --min-count "$mincount" $cases
      } > "$raw/t$n/torch.$r"
    done
  done
  measure_peak
  {
    echo "title: $title"
    echo "kind: $kind"
    echo "cpu: $cpu_model ($cpu_ident; $cores logical cores; L2 $l2 per core; vector/FMA flags: $vec)"
    echo "cores: $cores"
    for p in "${peak_runs[@]}"; do echo "peak_run: $p"; echo "peak_gflops: ${p%% *}"; done
    echo "peak_method: independent FMA chains per vector width (${peak_widths}), best of 7 trials of ~0.1 s CPU time each, compiled by \`${CC:-cc} $peak_flags\` ($cc_version); measured at the start and the end of the build's rounds"
    echo "build: \`${buildenv:+$buildenv }swift build -c release --product seqkit-bench --scratch-path $scratch\`; SEQKIT_KERNEL=${kernel:-unset}"
    echo "versions: $swift_version; $(python3 -c 'import torch, numpy; print(f"torch {torch.__version__}, numpy {numpy.__version__}")')"
    echo "rounds: $rounds"
    echo "timing: per case and side, a ≥ 20 ms warm-up, then timings of ≥ 20 ms batches (or one call) until ≥ $mincount timings and ≥ $budget s (at most 25); the round's value is their median"
  } > "$raw/meta.txt"
  local md; md=$(python3 Benchmarks/compare.py "$raw")
  echo "$md"
  echo
  if [ "$write" = 1 ]; then
    {
      echo "<!-- written by: bash Benchmarks/run.sh $rounds --threads $threads --builds $builds --sets $sets --budget $budget --min-count $mincount; $(date -u +%Y-%m-%dT%H:%MZ) -->"
      echo
      echo "$md"
    } > "Benchmarks/results-$kind.md"
    echo "(written to Benchmarks/results-$kind.md; raw output in $raw)" >&2
  fi
}

for b in "${build_list[@]}"; do
  case "$b" in
    default|portable) run_build "$b" ;;
    *) echo "run.sh: unknown build $b (default, portable)" >&2; exit 2 ;;
  esac
done
echo "run.sh: $(( (SECONDS - started) / 60 )) min $(( (SECONDS - started) % 60 )) s in all" >&2
