"""framescope on Apache Spark: analyse a corpus too large for one machine.

usage: spark-submit examples/spark/analyze_spark.py CORPUS OUT_DIR [--lexicon FILE]
           [--partitions N] [--skip-bad-rows] [--title auto|first-line|column|none]
           [--id-col C] [--outlet-col C] [--text-col C] [--title-col C] [--overwrite]

CORPUS is a JSON Lines file (one article per line, as `framescope analyze` reads it) or a
Parquet dataset (a file or folder with `outlet`, `text` and optional `id`, `title` and
metadata columns). OUT_DIR receives a framescope run folder with Parquet tables:

    documents.parquet/  hits.parquet/  skipped.parquet/  outlet_words.parquet/   (part files)
    outlet_frames.parquet  outlet_summary.parquet  run.json

so `framescope compare --from OUT_DIR`, `trend --from`, `kwic --from`, `report --from` and
`framescope.read_run(OUT_DIR)` work on it unchanged. On a JSON Lines corpus every table
equals `framescope analyze CORPUS --table-format parquet` (a test checks it).

How it works. The corpus's lines are numbered in file order (`zipWithIndex`: no shuffle), the
layout of the file (metadata keys, title field) is read once on the driver from its first
lines, and `mapInArrow` hands each partition's lines to the framescope Python package, which
runs the Rust pipeline on the executor and returns the partition's tables as Arrow IPC. Those
are kept (persisted) and split into the per-document tables, written in partition order, so
documents stay in corpus order. `outlet_words` is summed across partitions in Spark (integer
sums, exact). The per-outlet rates are then made by framescope on the driver from the
per-document tables (`framescope.parts.finish_run`), by the same aggregator the CLI uses.

On a cluster, every executor needs the framescope package: build the wheel once
(`pip wheel . -w dist/` in the repository; it is abi3, one wheel for Python 3.9+) and install
it in the executors' environment, or ship an environment with `spark-submit --archives`
(see examples/spark/README.md). OUT_DIR must be a folder at the same path on the driver and on
every executor (shared storage: NFS, a FUSE mount of object storage; local disk only with
`local[N]`): the executors write the part files there, as `file://` paths, and the driver then
finishes the run in it.
Sentiment is not run here (the model would have to be on every executor).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from typing import Iterator, List, Tuple

import pyarrow as pa
from pyspark import SparkFiles
from pyspark.sql import DataFrame, SparkSession, functions as F
from pyspark.sql.pandas.types import from_arrow_schema

import framescope
from framescope import parts

#: Tables each partition yields; the per-outlet ones are made at the end.
PART_TABLES = ("documents", "hits", "skipped", "outlet_words")
#: Lines the layout is read from (as `framescope analyze` reads the first rows of a file).
LAYOUT_LINES = 1000


def parse_args(argv: List[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="analyze_spark.py", description=__doc__.split("\n")[0])
    p.add_argument("corpus")
    p.add_argument("out_dir")
    p.add_argument("--lexicon", help="lexicon file (default: the built-in demo lexicon)")
    p.add_argument("--partitions", type=int, default=None, help="input partitions (default: Spark's)")
    p.add_argument("--skip-bad-rows", action="store_true")
    p.add_argument("--title", default="auto", choices=["auto", "first-line", "column", "none"])
    p.add_argument("--id-col", default="id")
    p.add_argument("--outlet-col", default="outlet")
    p.add_argument("--text-col", default="text")
    p.add_argument("--title-col", default="title")
    p.add_argument("--overwrite", action="store_true", help="replace an existing run in OUT_DIR")
    return p.parse_args(argv)


def read_options(a: argparse.Namespace) -> dict:
    return dict(
        id_col=a.id_col,
        outlet_col=a.outlet_col,
        text_col=a.text_col,
        title_col=a.title_col,
        title=a.title,
        skip_bad_rows=a.skip_bad_rows,
    )


def numbered_lines(spark: SparkSession, a: argparse.Namespace) -> DataFrame:
    """The corpus as (text, line, row): every line of a JSON Lines file with its 1-based line
    number and its row number (blank lines are not rows), in file order."""
    sc = spark.sparkContext
    # A local path is read as one (with file://), not from a cluster's default file system.
    path = local_uri(os.path.abspath(a.corpus)) if os.path.exists(a.corpus) else a.corpus
    if is_parquet(a.corpus):
        # Each record becomes the JSON line framescope.analyze would read; its row is its line.
        texts = spark.read.parquet(path).rdd.map(lambda r: parts.record_line(r.asDict()))
    else:
        texts = sc.textFile(path, a.partitions) if a.partitions else sc.textFile(path)
    indexed = texts.zipWithIndex()
    rows_per_part = indexed.mapPartitions(lambda it: [parts.count_rows([t for t, _ in it])]).collect()
    starts = [0]
    for n in rows_per_part[:-1]:
        starts.append(starts[-1] + n)

    def number(index: int, it: Iterator[Tuple[str, int]]) -> Iterator[Tuple[str, int, int]]:
        row = starts[index]
        for text, i in it:
            if parts.count_rows([text]):
                row += 1
            yield text, i + 1, row

    numbered = indexed.mapPartitionsWithIndex(number, preservesPartitioning=True)
    return spark.createDataFrame(numbered, "text string, line long, row long")


def is_parquet(path: str) -> bool:
    p = path.rstrip("/")
    if p.endswith(".parquet"):
        return True
    return os.path.isdir(p) and any(f.endswith(".parquet") for f in os.listdir(p))


def schemas(lexicon: framescope.Lexicon, layout: parts.Layout, source: str, opts: dict) -> dict:
    """The Arrow schema of each part table, from an analysis of no lines."""
    empty = parts.analyze_part([], [], [], source, lexicon, layout, **opts)
    return {t: empty[t].schema for t in PART_TABLES}


ENVELOPE = "table string, batch binary"


def analyse_partitions(
    lines: DataFrame, lexicon_file: str, layout: parts.Layout, source: str, opts: dict
) -> DataFrame:
    """One `mapInArrow` pass: each partition's lines analysed by framescope; its tables come
    back as (table name, Arrow IPC stream) rows."""

    def run(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        lex = (
            framescope.Lexicon.load(SparkFiles.get(lexicon_file))
            if lexicon_file
            else framescope.Lexicon.builtin()
        )
        texts: List[str] = []
        line_no: List[int] = []
        row_no: List[int] = []
        for b in batches:
            texts.extend(b.column("text").to_pylist())
            line_no.extend(b.column("line").to_pylist())
            row_no.extend(b.column("row").to_pylist())
        # No word budget per part: outlet_words is summed over parts, and a part's pruning
        # would undercount words kept elsewhere.
        tables = parts.analyze_part(
            texts, line_no, row_no, source, lex, layout, max_word_pairs=None, **opts
        )
        names, blobs = [], []
        for t in PART_TABLES:
            sink = pa.BufferOutputStream()
            with pa.ipc.new_stream(sink, tables[t].schema) as w:
                w.write_table(tables[t])
            names.append(t)
            blobs.append(sink.getvalue().to_pybytes())
        yield pa.RecordBatch.from_arrays(
            [pa.array(names, pa.string()), pa.array(blobs, pa.binary())], names=["table", "batch"]
        )

    return lines.mapInArrow(run, ENVELOPE)


def unpack(envelopes: DataFrame, table: str, schema: pa.Schema) -> DataFrame:
    """The rows of one table, from the envelopes of every partition, in partition order."""

    def rows(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        for b in batches:
            for blob in b.column("batch").to_pylist():
                for rb in pa.ipc.open_stream(blob).read_all().to_batches():
                    yield rb

    spark_schema = from_arrow_schema(schema)
    return envelopes.where(F.col("table") == table).mapInArrow(rows, spark_schema)


def local_uri(path: str) -> str:
    """A driver path as Spark must be told it: with `file://`, or a cluster's default file
    system (HDFS on YARN) would be written instead of the folder the driver finishes."""
    return "file://" + path


def main(argv: List[str]) -> int:
    a = parse_args(argv)
    out = os.path.abspath(a.out_dir)
    if os.path.exists(out) and not os.path.isdir(out):
        print(f"error: {a.out_dir}: exists and is not a folder", file=sys.stderr)
        return 2
    if os.path.exists(out) and os.listdir(out):
        if not (a.overwrite and os.path.isfile(os.path.join(out, "run.json"))):
            print(
                f"error: {a.out_dir}: exists and is not empty (pass --overwrite to replace a run)",
                file=sys.stderr,
            )
            return 2
    stage = out + ".framescope-stage"
    shutil.rmtree(stage, ignore_errors=True)
    spark = SparkSession.builder.appName("framescope").getOrCreate()
    try:
        return run_job(spark, a, argv, out, stage)
    except BaseException as e:
        # Stop the tasks before removing what they write.
        spark.stop()
        shutil.rmtree(stage, ignore_errors=True)
        said = framescope_error(e)
        if said is None:
            raise
        print(f"error: {said}", file=sys.stderr)
        return 1
    finally:
        spark.stop()


def framescope_error(e: BaseException) -> "str | None":
    """framescope's own one-line message (a ValueError from the package, raised on an
    executor and wrapped by Py4J and Spark, or on the driver); None for anything else, which is
    shown with its traceback."""
    if isinstance(e, ValueError) and "\n" not in str(e):
        return str(e)
    for line in str(e).splitlines():
        line = line.strip()
        if line.startswith("ValueError: ") and ": " in line[12:]:
            return line[12:]
    return None


def run_job(spark: SparkSession, a: argparse.Namespace, argv: List[str], out: str, stage: str) -> int:
    """The job proper: analyse, write the part tables to `stage`, finish the run, move it to
    `out`."""
    opts = read_options(a)
    if a.lexicon:
        spark.sparkContext.addFile(os.path.abspath(a.lexicon))
        lexicon = framescope.Lexicon.load(a.lexicon)
        lexicon_file = os.path.basename(a.lexicon)
    else:
        lexicon, lexicon_file = framescope.Lexicon.builtin(), ""
    source = a.corpus
    lines = numbered_lines(spark, a)
    first = [(r.line, r.text) for r in lines.limit(LAYOUT_LINES).collect()]
    layout = parts.layout(source, first, **opts)
    types = schemas(lexicon, layout, source, opts)
    envelopes = analyse_partitions(lines, lexicon_file, layout, source, opts).persist()
    for t in ("documents", "hits", "skipped"):
        unpack(envelopes, t, types[t]).write.parquet(local_uri(os.path.join(stage, f"{t}.parquet")))
    words = unpack(envelopes, "outlet_words", types["outlet_words"])
    (
        words.groupBy("outlet", "word")
        .agg(F.sum("count").alias("count"))
        .orderBy(F.col("outlet").asc(), F.col("count").desc(), F.col("word").asc())
        .write.parquet(local_uri(os.path.join(stage, "outlet_words.parquet")))
    )
    envelopes.unpersist()
    manifest = parts.finish_run(
        stage, lexicon, layout, input=source, command=["spark-submit", "analyze_spark.py", *argv], **opts
    )
    # The old run goes aside first, so a failure here loses neither run.
    aside = out + ".framescope-old"
    shutil.rmtree(aside, ignore_errors=True)
    if os.path.exists(out):
        os.rename(out, aside)
    os.rename(stage, out)
    shutil.rmtree(aside, ignore_errors=True)
    c = manifest["counts"]
    print(
        f"{c['documents']} documents, {c['hits']} hits, {c['skipped']} skipped; "
        f"tables written to {a.out_dir}",
        file=sys.stderr,
    )
    for w in manifest.get("warnings", []):
        print(f"warning: {w}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
