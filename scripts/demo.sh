#!/usr/bin/env bash
# Sets up everything on a fresh machine and runs framescope on the demo corpus.
# Writes reports/karabakh-2020/ (the committed tables) and prints the per-outlet summary.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cargo build --release --locked --quiet
./target/release/framescope analyze corpus/karabakh-2020 --html "$@"
