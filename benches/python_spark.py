"""Python package and Spark job vs the CLI, side by side on the same generated corpora.

    .venv/bin/python benches/python_spark.py [RUNS] [ARTICLES ...]
        (default: 3 runs, 10000 and 30000 articles; corpora cached in $BENCH_DATA)

For each corpus (examples/gen_corpus, 20 outlets, seed 1, JSON Lines) it times, lexicon stage
only (no sentiment), all cores:
  cli      framescope analyze FILE --no-sentiment --table-format parquet (wall, whole process)
  python   framescope.analyze(records): the records read from the file with json.loads first
           (reported apart), then the analysis returning pyarrow tables (in process)
  spark    spark-submit --master local[2] examples/spark/analyze_spark.py (wall, including the
           JVM's start-up), tables as Parquet part files
and prints a Markdown table of medians. Needs scripts/setup-python.sh (PySpark, Java).
"""

from __future__ import annotations

import json
import os
import pathlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

import framescope

ROOT = pathlib.Path(__file__).resolve().parents[1]
DATA = pathlib.Path(os.environ.get("BENCH_DATA", "/work/bench-data"))


def corpus(n: int) -> pathlib.Path:
    DATA.mkdir(parents=True, exist_ok=True)
    f = DATA / f"gen-{n}.jsonl"
    if not f.exists() or f.stat().st_size == 0:
        gen = ROOT / "target/release/examples/gen_corpus"
        subprocess.run([str(gen), "--articles", str(n), "--outlets", "20", "--seed", "1", "--out", str(f)],
                       check=True, capture_output=True)
    return f


def wall(cmd, **kw) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kw)
    return time.perf_counter() - t


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    sizes = [int(a) for a in sys.argv[2:]] or [10_000, 30_000]
    cli = ROOT / "target/release/framescope"
    spark_submit = pathlib.Path(sys.executable).parent / "spark-submit"
    env = dict(os.environ, PYSPARK_PYTHON=sys.executable, SPARK_LOCAL_IP="127.0.0.1")
    print("| articles | MB | CLI s | Python: json.loads s | Python: analyze s | Python vs CLI | Spark local[2] s | Spark vs CLI |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n in sizes:
        f = corpus(n)
        mb = f.stat().st_size / 1e6
        tmp = pathlib.Path(tempfile.mkdtemp())
        try:
            c, l, a, s = [], [], [], []
            for i in range(runs):
                c.append(wall([str(cli), "analyze", str(f), "--no-sentiment", "-q", "--table-format", "parquet",
                               "--out", str(tmp / f"cli{i}")]))
                t = time.perf_counter()
                with open(f, encoding="utf-8") as fh:
                    recs = [json.loads(line) for line in fh if line.strip()]
                l.append(time.perf_counter() - t)
                t = time.perf_counter()
                tables = framescope.analyze(recs, source=str(f))
                a.append(time.perf_counter() - t)
                assert tables["documents"].num_rows == n
                del recs, tables
                s.append(wall([str(spark_submit), "--master", "local[2]", "--conf", "spark.ui.enabled=false",
                               str(ROOT / "examples/spark/analyze_spark.py"), str(f), str(tmp / f"spark{i}")],
                              env=env))
                shutil.rmtree(tmp / f"cli{i}", ignore_errors=True)
                shutil.rmtree(tmp / f"spark{i}", ignore_errors=True)
            med = statistics.median
            print(f"| {n:,} | {mb:.0f} | {med(c):.2f} | {med(l):.2f} | {med(a):.2f} | {med(a) / med(c):.2f}x "
                  f"| {med(s):.1f} | {med(s) / med(c):.1f}x |", flush=True)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
