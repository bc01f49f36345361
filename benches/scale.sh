#!/usr/bin/env bash
# How `framescope analyze` scales with corpus size: wall time, throughput and peak RSS on
# generated corpora of 10k, 30k and 100k articles (20 outlets, seed 1), lexicon stage only
# (--no-sentiment), all cores; then the whole job with sentiment on 1,000 articles, with CPU
# use (user+sys over wall) to show the sentiment model and the lexicon stage overlapping.
#
#   benches/scale.sh [RUNS]        (default 3; medians; corpora cached in $BENCH_DATA)
#
# Needs GNU time (/usr/bin/time). Corpora are made by examples/gen_corpus.rs.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
data=${BENCH_DATA:-/work/bench-data}
mkdir -p "$data"
cargo build --release --locked --quiet --bin framescope --example gen_corpus
bin=target/release/framescope
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

corpus() { # N -> path of a generated corpus of N articles
  local f="$data/gen-$1.jsonl"
  [[ -s $f ]] || target/release/examples/gen_corpus --articles "$1" --outlets 20 --seed 1 --out "$f" 2>/dev/null
  echo "$f"
}

# Runs a command RUNS times; prints "median_wall max_rss_kb median_cpu_percent".
measure() {
  local walls=() rss=0 cpus=()
  for ((i = 0; i < runs; i++)); do
    /usr/bin/time -f '%e %M %P' -o "$out/time" "$@" >/dev/null 2>&1
    read -r wall kb cpu <"$out/time"
    walls+=("$wall"); cpus+=("${cpu%\%}")
    ((kb > rss)) && rss=$kb
  done
  printf '%s %s %s\n' \
    "$(printf '%s\n' "${walls[@]}" | sort -g | sed -n "$(((runs + 1) / 2))p")" "$rss" \
    "$(printf '%s\n' "${cpus[@]}" | sort -g | sed -n "$(((runs + 1) / 2))p")"
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); $($bin --version)"
echo
echo "| articles | MB | median wall s | articles/s | MB/s | peak RSS MB | CPU % |"
echo "|---:|---:|---:|---:|---:|---:|---:|"
for n in 10000 30000 100000; do
  f=$(corpus $n)
  mb=$(awk -v b="$(stat -c %s "$f")" 'BEGIN{printf "%.0f", b/1e6}')
  read -r wall kb cpu < <(measure "$bin" analyze "$f" --no-sentiment -q --out "$out/run")
  awk -v n=$n -v mb="$mb" -v w="$wall" -v kb="$kb" -v cpu="$cpu" \
    'BEGIN{printf "| %d | %s | %.2f | %.0f | %.1f | %.0f | %s |\n", n, mb, w, n/w, mb/w, kb/1024, cpu}'
done

echo
f=$(corpus 1000)
read -r wall kb cpu < <(measure "$bin" analyze "$f" -q --out "$out/sent")
mentions=$(grep -o '"mentions": [0-9]*' "$out/sent/run.json" | grep -o '[0-9]*')
inputs=$(grep -o '"distinct_inputs_scored": [0-9]*' "$out/sent/run.json" | grep -o '[0-9]*')
read -r lwall _ _ < <(measure "$bin" analyze "$f" --no-sentiment -q --out "$out/lex")
awk -v w="$wall" -v lw="$lwall" -v kb="$kb" -v cpu="$cpu" -v m="$mentions" -v i="$inputs" 'BEGIN{
  printf "with sentiment, 1,000 articles: %.1f s wall (lexicon stage alone %.2f s), %d actor mentions, %d model inputs (%.0f inputs/s), peak RSS %.0f MB, CPU %s%%\n", w, lw, m, i, i/w, kb/1024, cpu}'
