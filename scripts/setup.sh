#!/usr/bin/env bash
# One-time set-up, safe to rerun. Uses only package registries (crates.io, PyPI):
# - fetches the crates pinned by Cargo.lock;
# - installs the ONNX Runtime shared library for the sentiment stage from its PyPI wheel
#   (pinned version and SHA-256) into models/runtime/ (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."

ORT_VERSION=1.31.1
ORT_WHEEL=onnxruntime-${ORT_VERSION}-cp311-cp311-manylinux_2_28_x86_64.whl
ORT_SHA256=5752bd508126ae7c49894d3b9d2e83f0c3d487319246d04c444b393308d7ad7f
ORT_LIB=models/runtime/libonnxruntime.so.${ORT_VERSION}

command -v cargo >/dev/null || { echo "error: cargo not found; install Rust 1.92 or newer (https://rustup.rs)" >&2; exit 1; }
cargo fetch --locked --quiet

if [ ! -f "$ORT_LIB" ]; then
  command -v python3 >/dev/null || { echo "error: python3 with pip is needed once, to fetch the ONNX Runtime wheel from PyPI" >&2; exit 1; }
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  echo "setup: fetching onnxruntime ${ORT_VERSION} from PyPI (wheel, no dependencies)" >&2
  # The platform and Python tags pin one exact wheel whatever the local Python is;
  # only its libonnxruntime.so (the C API, independent of Python) is used.
  python3 -m pip download --quiet --no-deps --only-binary=:all: \
    --python-version 3.11 --platform manylinux_2_28_x86_64 \
    "onnxruntime==${ORT_VERSION}" -d "$tmp"
  echo "${ORT_SHA256}  $tmp/${ORT_WHEEL}" | sha256sum -c --quiet - \
    || { echo "error: ${ORT_WHEEL} does not match its pinned SHA-256" >&2; exit 1; }
  mkdir -p models/runtime
  python3 - "$tmp/${ORT_WHEEL}" "$ORT_LIB" <<'PY'
import shutil, sys, zipfile
wheel, dest = sys.argv[1], sys.argv[2]
name = "onnxruntime/capi/" + dest.rsplit("/", 1)[1]
with zipfile.ZipFile(wheel) as z, z.open(name) as src, open(dest + ".part", "wb") as out:
    shutil.copyfileobj(src, out)
PY
  mv "$ORT_LIB.part" "$ORT_LIB"
  echo "setup: installed $ORT_LIB" >&2
fi

# An installed binary (`cargo install --path .`) runs from any folder: it looks for models/
# next to itself, under $FRAMESCOPE_HOME, then in the data folder filled here.
DATA_HOME="${FRAMESCOPE_HOME:-${XDG_DATA_HOME:-${HOME:-}/.local/share}/framescope}"
# Every shipped model (models/target-sentiment*/) goes there, so `--model NAME` finds it too.
if [ -n "${HOME:-}${FRAMESCOPE_HOME:-}${XDG_DATA_HOME:-}" ] && mkdir -p "$DATA_HOME/models/runtime" 2>/dev/null; then
  for d in models/target-sentiment*/; do mkdir -p "$DATA_HOME/$d"; done
  for f in models/target-sentiment*/* "$ORT_LIB"; do
    [ -f "$f" ] || continue
    if ! cmp -s "$f" "$DATA_HOME/$f"; then
      cp "$f" "$DATA_HOME/$f.part" && mv "$DATA_HOME/$f.part" "$DATA_HOME/$f"
    fi
  done
  echo "setup: model and ONNX Runtime available to framescope from any folder (in $DATA_HOME)" >&2
fi
