#!/usr/bin/env bash
# One-time set-up, safe to rerun: checks the toolchain. Only package registries are used.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v cargo >/dev/null || { echo "error: cargo not found; install Rust (https://rustup.rs)" >&2; exit 1; }
cargo fetch --locked --quiet
