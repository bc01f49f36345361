"""The Spark job (examples/spark/analyze_spark.py) on a local Spark, `local[2]`: its tables
equal the CLI's on the demo corpus and on a 2,000-article generated corpus, and framescope's
commands read its output."""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import framescope
from conftest import demo_records, run_cli

SPARK_SUBMIT = pathlib.Path(sys.executable).parent / "spark-submit"


def spark_job(root: pathlib.Path, cwd: pathlib.Path, *args: str) -> subprocess.CompletedProcess:
    if not SPARK_SUBMIT.is_file():
        pytest.fail(f"{SPARK_SUBMIT} is missing: run scripts/setup-python.sh (installs PySpark)")
    env = dict(
        os.environ,
        PYSPARK_PYTHON=sys.executable,
        PYSPARK_DRIVER_PYTHON=sys.executable,
        SPARK_LOCAL_IP="127.0.0.1",
    )
    cmd = [str(SPARK_SUBMIT), "--master", "local[2]", "--conf", "spark.ui.enabled=false",
           str(root / "examples" / "spark" / "analyze_spark.py"), *args]
    out = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-4000:]
    return out


def assert_same_run(a: pathlib.Path, b: pathlib.Path) -> None:
    want = framescope.read_run(a, arrow=True)
    got = framescope.read_run(b, arrow=True)
    assert list(got) == list(want)
    for t in want:
        assert got[t].num_rows == want[t].num_rows, t
        assert got[t].equals(want[t]), t
    assert got.manifest["counts"]["documents"] == want.manifest["counts"]["documents"]
    assert got.manifest["counts"]["hits"] == want.manifest["counts"]["hits"]


@pytest.mark.parametrize("corpus,partitions", [("demo.jsonl", "2"), ("gen2k.jsonl", "3")])
def test_spark_tables_equal_the_cli(corpora, cli, root, corpus, partitions):
    stem = corpus.split(".")[0]
    run_cli(cli, "analyze", corpus, "--no-sentiment", "-q", "--table-format", "parquet", "--out", f"cli-{stem}", cwd=corpora)
    spark_job(root, corpora, corpus, f"spark-{stem}", "--partitions", partitions)
    out = corpora / f"spark-{stem}"
    # Part files as Spark writes them: a folder per per-document table.
    assert (out / "documents.parquet").is_dir()
    assert len(list((out / "hits.parquet").glob("part-*.parquet"))) >= int(partitions)
    assert_same_run(corpora / f"cli-{stem}", out)
    compare = ["compare", "--all", "--format", "json", "--from"]
    assert (
        run_cli(cli, *compare, f"cli-{stem}", cwd=corpora).stdout
        == run_cli(cli, *compare, f"spark-{stem}", cwd=corpora).stdout
    )
    run_cli(cli, "report", "--from", f"spark-{stem}", "--out", f"{stem}.html", cwd=corpora)
    page = (corpora / f"{stem}.html").read_text(encoding="utf-8")
    assert "occupation" in page and "<svg" in page


def test_spark_reads_a_parquet_corpus(corpora, cli, root):
    # A float column with a missing value (NaN): read as framescope.analyze reads it.
    records = [dict(r, score=float("nan") if i == 1 else 0.5 * i) for i, r in enumerate(demo_records(root))]
    pq.write_table(pa.Table.from_pylist(records), corpora / "demo.parquet")
    spark_job(root, corpora, "demo.parquet", "spark-pq")
    got = framescope.read_run(corpora / "spark-pq", arrow=True)
    want = framescope.analyze(records, source="demo.parquet")
    assert got["documents"].column("score").to_pylist()[:2] == ["0.0", ""]
    for t in ("hits", "documents", "outlet_frames", "outlet_summary", "outlet_words"):
        assert got[t].equals(want[t]), t


def test_spark_refuses_to_write_over_a_folder_that_is_not_a_run(corpora, root):
    busy = corpora / "busy"
    busy.mkdir(exist_ok=True)
    (busy / "notes.txt").write_text("mine", encoding="utf-8")
    env = dict(os.environ, PYSPARK_PYTHON=sys.executable, SPARK_LOCAL_IP="127.0.0.1")
    out = subprocess.run(
        [str(SPARK_SUBMIT), "--master", "local[1]", str(root / "examples/spark/analyze_spark.py"), "demo.jsonl", "busy"],
        cwd=corpora, env=env, capture_output=True, text=True, timeout=300,
    )
    assert out.returncode == 2
    # spark-submit may pass the driver's stderr on as its stdout.
    assert "busy: exists and is not empty" in out.stdout + out.stderr
    assert (busy / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_a_bad_row_is_one_error_line_and_leaves_nothing_behind(corpora, root):
    (corpora / "bad.jsonl").write_text(
        '{"id": "a", "outlet": "A", "text": "Troops occupied the town."}\n{not json\n', encoding="utf-8"
    )
    env = dict(os.environ, PYSPARK_PYTHON=sys.executable, SPARK_LOCAL_IP="127.0.0.1")
    out = subprocess.run(
        [str(SPARK_SUBMIT), "--master", "local[1]", str(root / "examples/spark/analyze_spark.py"), "bad.jsonl", "bad-run"],
        cwd=corpora, env=env, capture_output=True, text=True, timeout=300,
    )
    assert out.returncode == 1
    said = out.stdout + out.stderr
    assert "error: bad.jsonl:2: not JSON" in said, said[-2000:]
    assert not (corpora / "bad-run").exists()
    assert not (corpora / "bad-run.framescope-stage").exists()
