#!/usr/bin/env bash
# Sets up everything on a fresh machine and runs every check CI runs: format, lints, the Rust
# tests, then the Python package's and the Spark job's tests (pytest, local Spark).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/setup-browser.sh
# The report's browser tests must run here, not skip.
export FRAMESCOPE_REQUIRE_CHROMIUM=1
cargo fmt --all --check
cargo clippy --workspace --release --locked --all-targets --quiet -- -D warnings
cargo test --release --locked
# The Python tests call the CLI and the corpus generator that `cargo test` built.
scripts/setup-python.sh
.venv/bin/python -m pytest python/tests -q
