#!/usr/bin/env bash
# Kith against pandas on the same synthetic ego network (README.md).
#
#   ./compare.sh            50,000 alters, 10,000,000 interactions (data cached in
#                           /tmp/kith-compare-data; generating it takes about a minute)
#   ./compare.sh --small    2,000 alters, 100,000 interactions (/tmp/kith-compare-data-small)
#
# Environment: KITH_COMPARE_DATA (data folder), KITH_COMPARE_OUT (results, default
# /tmp/kith-compare-out[-small]), KITH_RUNS (end-to-end runs of Kith, default 3),
# PANDAS_RUNS (default 1), PYTHON (default python3).
#
# Steps: generate the data unless the folder has it; build kith-compare in release; run Kith
# KITH_RUNS times and pandas PANDAS_RUNS times end to end, alternately, timing each process; run
# Kith once more with the analytics repeated 5 times, for their median; check that the numbers
# agree; print the table. Exits non-zero when they disagree.
set -euo pipefail
cd "$(dirname "$0")"
here=$(pwd)
PYTHON=${PYTHON:-python3}

small=""
suffix=""
if [[ "${1:-}" == "--small" ]]; then
  small="--small"
  suffix="-small"
elif [[ $# -gt 0 ]]; then
  echo "usage: $0 [--small]" >&2
  exit 2
fi
data=${KITH_COMPARE_DATA:-/tmp/kith-compare-data$suffix}
out=${KITH_COMPARE_OUT:-/tmp/kith-compare-out$suffix}
kith_runs=${KITH_RUNS:-3}
pandas_runs=${PANDAS_RUNS:-1}

if ! "$PYTHON" -c 'import numpy, pandas' 2>/dev/null; then
  echo "compare.sh needs numpy and pandas for $PYTHON: pip install pandas" >&2
  exit 2
fi

if [[ -d "$data" ]]; then
  echo "== data: $data (cached; delete the folder to regenerate)"
else
  # Into a temporary folder first, so that an interrupted run leaves no partial data behind.
  echo "== generating data in $data"
  rm -rf "$data.partial"
  "$PYTHON" generate.py "$data.partial" $small
  mv "$data.partial" "$data"
fi
ls -l "$data"/*.csv | awk '{printf "   %s  %12s bytes\n", $9, $5}'

echo "== building kith-compare (release)"
# The Swift runtime and Foundation linked in, as scripts/demo.sh builds kith: the process starts
# without resolving their symbols from shared libraries (about 20 ms here).
swift build -c release --static-swift-stdlib --product kith-compare 2>&1 | tail -1
bin="$here/.build/release/kith-compare"

rm -rf "$out"
mkdir -p "$out"
walls="$out/walls.txt"
: > "$walls"

# Runs one command, its output to a log, and appends "who wall-seconds cpu-seconds" to walls.txt.
timed() {
  "$PYTHON" compare.py --time "$walls" "$@"
}

echo "== load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
# Kith's and pandas' runs alternate, so that both meet the machine in the same moods (its speed
# drifts by tens of percent over minutes); the analytics' own runs come last.
for i in $(seq 1 $(( kith_runs > pandas_runs ? kith_runs : pandas_runs ))); do
  if (( i <= kith_runs )); then
    echo "== Kith, end to end, run $i of $kith_runs"
    timed kith "$out/kith-$i.log" "$bin" "$data" "$out/kith-$i" --runs 1
    sed -n '1,5p' "$out/kith-$i.log" | sed 's/^/   /'
  fi
  if (( i <= pandas_runs )); then
    echo "== pandas, end to end, run $i of $pandas_runs"
    timed pandas "$out/pandas-$i.log" "$PYTHON" pandas_neglect.py "$data" "$out/pandas-$i"
    sed 's/^/   /' "$out/pandas-$i.log"
  fi
done
echo "== Kith, analytics repeated 5 times"
"$bin" "$data" "$out/kith-analytics" --runs 5 > "$out/kith-analytics.log"
sed -n '6,7p' "$out/kith-analytics.log" | sed 's/^/   /'
echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

# The large network's top 150 ties all have 3 or more interactions, so its cadences are all
# learned. Small networks where most contacts have one or two interactions exercise the Dunbar
# tiers (rank by peak, ties broken by handle) too: check that they agree as well (untimed).
echo "== agreement on small networks with tier cadences"
tiers_ok=1
# The fourth, 20 alters with 40 interactions over three years, has strong contacts met once or
# twice and silent for between 8× their default cadence and a year: listed, not lost.
for cfg in "300 1500 500 1" "150 600 200 2" "1000 3000 800 3" "20 40 10 5"; do
  set -- $cfg
  tdata="/tmp/kith-compare-data-tiers-$4"
  if [[ ! -d "$tdata" ]]; then
    "$PYTHON" generate.py "$tdata.partial" --alters "$1" --interactions "$2" --exchanges "$3" --seed "$4" 2>/dev/null
    mv "$tdata.partial" "$tdata"
  fi
  "$bin" "$tdata" "$out/tiers-$4-kith" --runs 1 > /dev/null
  "$PYTHON" pandas_neglect.py "$tdata" "$out/tiers-$4-pandas" > /dev/null
  sources=$(tail -n +2 "$out/tiers-$4-kith/neglected.csv" | cut -d, -f7 | sort | uniq -c | awk '{printf "%s %s, ", $1, $2}')
  if result=$("$PYTHON" compare.py --check "$out/tiers-$4-kith" "$out/tiers-$4-pandas"); then
    echo "   $1 alters, $2 interactions: agree (neglected by cadence source: ${sources%, })"
  else
    echo "$result"
    tiers_ok=0
  fi
done
echo
status=0
"$PYTHON" compare.py "$out" || status=$?
[[ $tiers_ok == 1 ]] || status=1
exit $status
