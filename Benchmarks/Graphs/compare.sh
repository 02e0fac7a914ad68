#!/usr/bin/env bash
# Kith against NetworkX, igraph and NetworKit on generated community graphs (README.md).
#
#   ./compare.sh [small|medium|large]...   default: all three
#
#   small   10,000 nodes,    50,000 edges: load, communities, exact betweenness, constraint
#   medium  100,000 nodes, 1,000,000 edges: load, communities, constraint
#   large   1,000,000 nodes, 10,000,000 edges: load, communities, constraint (no NetworkX)
#
# Environment: KITH_GRAPHS_DATA (cache folder, default /tmp/kith-graphs-data; one subfolder
# per size, generated once), KITH_GRAPHS_OUT (results, default /tmp/kith-graphs-out), PYTHON
# (default python3), NETWORKX=0 to leave NetworkX out everywhere, KITH_LOADER=records to load
# with the importer's EdgeListReader (a record and Strings per line) instead of EdgeListFile.
#
# Every library runs in its own process, one after the other (never two at once), on the same
# files; each times its own calls in process. The table goes to stdout and to OUT/table.txt.
set -euo pipefail
cd "$(dirname "$0")"
here=$(pwd)
PYTHON=${PYTHON:-python3}
data=${KITH_GRAPHS_DATA:-/tmp/kith-graphs-data}
out=${KITH_GRAPHS_OUT:-/tmp/kith-graphs-out}
networkx=${NETWORKX:-1}

sizes=("$@")
[[ ${#sizes[@]} -eq 0 ]] && sizes=(small medium large)
for s in "${sizes[@]}"; do
  case "$s" in small | medium | large) ;; *)
    echo "usage: $0 [small|medium|large]..." >&2
    exit 2
    ;;
  esac
done

if ! "$PYTHON" -c 'import numpy, igraph, networkit, networkx' 2>/dev/null; then
  echo "compare.sh needs numpy, igraph, networkit and networkx for $PYTHON:" >&2
  echo "  pip install numpy igraph networkit networkx" >&2
  exit 2
fi

echo "== building kith-graphs (release)"
swift build -c release --product kith-graphs 2>&1 | tail -1
bin="$here/.build/release/kith-graphs"

mkdir -p "$out"
for size in "${sizes[@]}"; do
  case "$size" in
    small) nodes=10000 edges=50000 ;;
    medium) nodes=100000 edges=1000000 ;;
    large) nodes=1000000 edges=10000000 ;;
  esac
  dir="$data/$size"
  if [[ -f "$dir/meta.json" ]]; then
    echo "== $size: $dir (cached; delete the folder to regenerate)"
  else
    echo "== $size: generating $nodes nodes, $edges edges in $dir"
    rm -rf "$dir.partial"
    "$PYTHON" generate.py "$dir.partial" "$nodes" "$edges" --seed 42
    rm -rf "$dir"
    mv "$dir.partial" "$dir"
  fi
  case "$size" in
    small)
      kith=load,communities,betweenness,constraint
      igraph=load,communities,betweenness,constraint
      nx=load,communities,betweenness-sample,constraint-sample
      ;;
    medium)
      kith=load,communities,constraint
      igraph=load,communities,constraint
      nx=load,communities
      ;;
    large)
      kith=load,communities,constraint
      igraph=load,communities,constraint
      nx=""
      ;;
  esac
  [[ "$networkx" == 0 ]] && nx=""
  result="$out/$size.jsonl"
  : > "$result"
  echo "load $(cut -d' ' -f1-3 /proc/loadavg) before" | "$PYTHON" -c 'import json,sys; l=sys.stdin.read().split(); print(json.dumps({"loadavg": l[1:4], "when": "before"}))' >> "$result"
  echo "== $size: Kith"
  "$bin" "$dir" "$kith" --loader "${KITH_LOADER:-fast}" --membership "$out/$size-kith.bin" | tee -a "$result"
  echo "== $size: igraph"
  "$PYTHON" run_python.py igraph "$dir" "$igraph" --kith-membership "$out/$size-kith.bin" | tee -a "$result"
  echo "== $size: NetworKit"
  "$PYTHON" run_python.py networkit "$dir" load,communities | tee -a "$result"
  if [[ -n "$nx" ]]; then
    echo "== $size: NetworkX"
    "$PYTHON" run_python.py networkx "$dir" "$nx" | tee -a "$result"
  fi
  echo "load $(cut -d' ' -f1-3 /proc/loadavg) after" | "$PYTHON" -c 'import json,sys; l=sys.stdin.read().split(); print(json.dumps({"loadavg": l[1:4], "when": "after"}))' >> "$result"
done

"$PYTHON" table.py "$out" "${sizes[@]}" | tee "$out/table.txt"
