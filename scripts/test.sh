#!/usr/bin/env bash
# Sets up everything on a fresh machine and runs every check CI runs: format, lints, tests.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cargo fmt --check
cargo clippy --release --locked --all-targets --quiet -- -D warnings
cargo test --release --locked
