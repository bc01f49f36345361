#!/usr/bin/env bash
# What `analyze --cache DIR` saves: the whole job with sentiment on a generated corpus, without
# a cache, with an empty cache, rerun with the filled cache, and rerun after a lexicon edit (a
# copy of the demo lexicon with one more form), all in one run.
#
#   benches/score_cache.sh [ARTICLES]      (default 1000; corpus cached in $BENCH_DATA)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000}
data=${BENCH_DATA:-/work/bench-data}
mkdir -p "$data"
cargo build --release --locked --quiet --bin framescope --example gen_corpus
bin=target/release/framescope
corpus="$data/gen-$n.jsonl"
[[ -s $corpus ]] || target/release/examples/gen_corpus --articles "$n" --outlets 20 --seed 1 --out "$corpus" 2>/dev/null
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The edit: one more form of the `occupation` frame (hits change; the sentences and actor
# mentions the model reads do not).
sed 's/{ term = "occupation", forms = \["occupation", /{ term = "occupation", forms = ["occupation", "military occupation", /' lexicons/karabakh-2020.toml > "$tmp/edited.toml"
cmp -s lexicons/karabakh-2020.toml "$tmp/edited.toml" && { echo "error: the lexicon edit did not apply" >&2; exit 1; }
run() { # label, extra args...
  local label=$1; shift
  /usr/bin/time -f '%e %M' -o "$tmp/time" "$bin" analyze "$corpus" -q --out "$tmp/out-$label" "$@" >/dev/null 2>&1
  read -r wall rss < "$tmp/time"
  local scored from
  scored=$(python3 -c 'import json,sys; s=json.load(open(sys.argv[1]))["sentiment"]; print(s["distinct_inputs_scored"], (s.get("cache") or {}).get("inputs_from_cache", "-"))' "$tmp/out-$label/run.json")
  echo "| $label | $wall | $((rss / 1024)) | ${scored% *} | ${scored#* } |"
}
echo "| run ($n articles, with sentiment) | wall s | peak RSS MB | inputs scored by the model | inputs from the cache |"
echo "|---|---:|---:|---:|---:|"
run "no cache"
run "empty cache" --cache "$tmp/cache"
run "rerun, same lexicon" --cache "$tmp/cache"
run "rerun, edited lexicon" --cache "$tmp/cache" --lexicon "$tmp/edited.toml"
cmp -s "$tmp/out-no cache/actor_mentions.csv" "$tmp/out-rerun, same lexicon/actor_mentions.csv" && echo "(actor_mentions.csv byte-identical with and without the cache)"
