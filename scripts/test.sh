#!/usr/bin/env bash
# Sets up everything on a fresh machine and runs every check CI runs: format, lints, tests.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/setup-browser.sh
# The report's browser tests must run here, not skip.
export FRAMESCOPE_REQUIRE_CHROMIUM=1
cargo fmt --check
cargo clippy --release --locked --all-targets --quiet -- -D warnings
cargo test --release --locked
