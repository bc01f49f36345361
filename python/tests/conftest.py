"""Shared fixtures: the repository, the CLI binary built by `cargo test --release`, and the
two corpora the package and the Spark job are checked on (the demo corpus as JSON Lines, and
a generated 2,000-article corpus)."""

from __future__ import annotations

import csv
import json
import os
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


def _binary(name: str, sub: str = "") -> pathlib.Path:
    target = pathlib.Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    path = target / "release" / sub / name
    if not path.is_file():
        pytest.fail(f"{path} is missing: run `cargo build --release --bins --examples` first")
    return path


@pytest.fixture(scope="session")
def root() -> pathlib.Path:
    return ROOT


@pytest.fixture(scope="session")
def cli() -> pathlib.Path:
    return _binary("framescope")


def run_cli(cli: pathlib.Path, *args: str, cwd: pathlib.Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, FRAMESCOPE_HOME="/nonexistent/framescope-test-home")
    out = subprocess.run([str(cli), *args], cwd=cwd, env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return out


def demo_records(root: pathlib.Path) -> list:
    """The demo corpus (a folder of .txt files and manifest.csv) as records: the file's text,
    its stem as id, the manifest's other columns as metadata, in file-name order (the order
    `framescope analyze` reads a folder in)."""
    folder = root / "corpus" / "karabakh-2020"
    out = []
    with open(folder / "manifest.csv", newline="", encoding="utf-8") as f:
        for row in sorted(csv.DictReader(f), key=lambda r: r["file"]):
            rec = {
                "id": pathlib.Path(row["file"]).stem,
                "outlet": row["outlet"],
                "text": (folder / row["file"]).read_text(encoding="utf-8"),
            }
            rec.update({k: v for k, v in row.items() if k not in ("file", "outlet")})
            out.append(rec)
    return out


@pytest.fixture(scope="session")
def corpora(tmp_path_factory, root) -> pathlib.Path:
    """A folder with demo.jsonl and gen2k.jsonl (2,000 generated articles, 8 outlets)."""
    d = tmp_path_factory.mktemp("corpora")
    with open(d / "demo.jsonl", "w", encoding="utf-8") as f:
        for rec in demo_records(root):
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    gen = _binary("gen_corpus", "examples")
    subprocess.run(
        [str(gen), "--articles", "2000", "--outlets", "8", "--seed", "7", "--out", str(d / "gen2k.jsonl")],
        check=True,
        capture_output=True,
    )
    return d
