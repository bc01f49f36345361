#!/usr/bin/env bash
# Sentiment stage: the shipped model against the opt-in cascade (models/target-sentiment-fast),
# alternating runs of examples/bench_sentiment in one session so both see the same machine.
# Usage: benches/sentiment_cascade.sh [RUNS] [THREADS] [N]   (defaults 5, 2, 512)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}; threads=${2:-2}; n=${3:-512}
data=${NEWSMTSC:-../shared/data/newsmtsc}/devtest_rw.jsonl
cargo build --release -q --example bench_sentiment
bin=target/release/examples/bench_sentiment
declare -A rates
for r in $(seq "$runs"); do
  for m in target-sentiment target-sentiment-fast; do
    rate=$("$bin" "$data" "$n" "$threads" 5 32 "models/$m" | grep -o 'median [0-9.]*' | cut -d' ' -f2)
    rates[$m]+="$rate "
  done
done
"$bin" "$data" "$n" "$threads" 1 32 models/target-sentiment-fast | grep cascade
printf '| model | runs (median targets/s of 5 passes each) | median |\n|---|---|---:|\n'
for m in target-sentiment target-sentiment-fast; do
  med=$(echo ${rates[$m]} | tr ' ' '\n' | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  printf '| %s | %s| %s |\n' "$m" "${rates[$m]}" "$med"
done
