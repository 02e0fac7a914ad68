#!/usr/bin/env bash
# Rendering in-process (`kith render --dot`, Graphviz linked into kith) versus Graphviz's own
# command (`sfdp -Tsvg`) on the same DOT file, for the demo network as `kith render` draws it
# (297 people, the 594 strongest ties) and for a random 5,000-person network (3 ties each).
# Whole processes are timed on both sides (start-up, parse, layout, SVG, write), alternating;
# prints the median wall-clock and CPU time of N runs (default 5), the ratio of the median CPU
# times and the median of the per-run ratios, and whether the two SVGs are byte-identical.
# Needs a release build of kith and `sfdp` (package graphviz).
#
#   Benchmarks/render_compare.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
kith=.build/release/kith
# Built as scripts/demo.sh builds it.
swift build -c release --static-swift-stdlib --product kith >&2
command -v sfdp >/dev/null || { echo "render_compare: needs sfdp (apt-get install graphviz)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The demo network, drawn as `kith render` draws it by default (ties pruned to twice the people).
$kith demo --out "$work/demo" >/dev/null
demo_db="$work/demo/demo.kith.sqlite"
$kith export dot --db "$demo_db" --as-of 2026-06-30 --max-ties 594 -o "$work/demo.dot" 2>/dev/null

# 5,000 people, each tied to 3 earlier ones at random (seeded), through Kith's own importer and
# picture; every tie kept.
python3 - "$work/big.csv" <<'PY'
import random, sys
random.seed(5000)
with open(sys.argv[1], "w") as f:
    f.write("source,target,weight\n")
    seen = set()
    for u in range(1, 5000):
        for _ in range(3):
            v = random.randrange(u)
            if (u, v) not in seen:
                seen.add((u, v))
                f.write("p%d,p%d,%.3f\n" % (u, v, random.uniform(0.1, 3)))
PY
$kith init --db "$work/big.sqlite" --me "Bench Ego" >/dev/null
$kith import edges --db "$work/big.sqlite" "$work/big.csv" >/dev/null
$kith export dot --db "$work/big.sqlite" -o "$work/big.dot" 2>/dev/null

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# One timed run: prints "wall cpu" in seconds (cpu = user + system, which a loaded machine
# disturbs far less than wall-clock time).
time_run() { /usr/bin/time -f "%e %U %S" "$@" 2>&1 >/dev/null | tail -1 | awk '{print $1, $2 + $3}'; }

printf '%-8s %6s %6s %10s %10s %10s %10s %9s %9s\n' graph nodes edges "kith wall" "sfdp wall" \
  "kith cpu" "sfdp cpu" "cpu ratio" "paired"
for name in demo big; do
  dot_file="$work/$name.dot"
  counts=$($kith render --dot "$dot_file" --engine sfdp --format dot -o "$work/$name.check" \
    | sed -E 's/.*: ([0-9]+) people, ([0-9]+) ties.*/\1 \2/')
  # The two sides alternate, and swap who goes first every run, so that a change in the
  # machine's load falls on both alike; "paired" is the median of the per-run CPU ratios.
  : >"$work/samples"
  for run in $(seq "$runs"); do
    if ((run % 2)); then
      k=$(time_run $kith render --dot "$dot_file" --engine sfdp -o "$work/$name.kith.svg")
      s=$(time_run sfdp -Tsvg "$dot_file" -o "$work/$name.sfdp.svg")
    else
      s=$(time_run sfdp -Tsvg "$dot_file" -o "$work/$name.sfdp.svg")
      k=$(time_run $kith render --dot "$dot_file" --engine sfdp -o "$work/$name.kith.svg")
    fi
    echo "$k $s" >>"$work/samples"
  done
  cmp -s "$work/$name.kith.svg" "$work/$name.sfdp.svg" && same="identical SVG" || same="SVG differs"
  kith_wall=$(awk '{print $1}' "$work/samples" | median)
  kith_cpu=$(awk '{print $2}' "$work/samples" | median)
  sfdp_wall=$(awk '{print $3}' "$work/samples" | median)
  sfdp_cpu=$(awk '{print $4}' "$work/samples" | median)
  paired=$(awk '{printf "%.4f\n", $2 / $4}' "$work/samples" | median)
  printf '%-8s %6s %6s %10.2f %10.2f %10.2f %10.2f %9.2f %9.2f  %s\n' "$name" ${counts} \
    "$kith_wall" "$sfdp_wall" "$kith_cpu" "$sfdp_cpu" "$(echo "$kith_cpu / $sfdp_cpu" | bc -l)" \
    "$paired" "$same"
done
echo "seconds, median of $runs runs; ratio = kith / sfdp (below 1: in-process is cheaper);" \
  "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
