"""The Python package: analyze, read_run and Lexicon, checked against the CLI on the same
input."""

from __future__ import annotations

import json
import pathlib

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import framescope
from conftest import demo_records, run_cli

TEXT = 'Azerbaijani troops occupied the town. "The town was liberated," the ministry said.'


def test_builtin_lexicon_is_the_shipped_demo_lexicon(root):
    built = framescope.Lexicon.builtin()
    shipped = framescope.Lexicon.load(root / "lexicons" / "karabakh-2020.toml")
    assert built.id == shipped.id == "karabakh-2020"
    assert built.frames == shipped.frames and "occupation" in built.frames
    assert built.sides == ["az", "am"]
    assert "armenia" in [a.lower() for a in built.actors]


def test_a_bad_lexicon_names_its_file_and_line(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('id = "x"\nversion = "1"\n[[frames]]\nid = \n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.toml:4"):
        framescope.Lexicon.load(bad)


def test_analyze_keeps_own_voice_apart_from_quotes_and_ids_as_text():
    run = framescope.analyze([{"id": "001", "outlet": "Wire", "text": TEXT, "date": "2020-10-01"}])
    hits = run["hits"].to_pandas()
    got = sorted(zip(hits["frame"], hits["voice"]))
    assert got == [("liberation", "quote"), ("occupation", "own")]
    docs = run["documents"].to_pandas()
    assert docs["doc_id"].tolist() == ["001"]
    assert docs["date"].tolist() == ["2020-10-01"]
    assert docs["source"].tolist() == ["records:1"]
    assert docs["tokens"].dtype == "int64"
    assert run["documents"].schema.field("doc_id").type == pa.string()
    assert run.manifest["counts"]["documents"] == 1


def test_dicts_pandas_and_arrow_inputs_give_the_same_tables(root):
    recs = demo_records(root)
    a = framescope.analyze(recs)
    b = framescope.analyze(pd.DataFrame(recs))
    c = framescope.analyze(pa.Table.from_pylist(recs))
    assert list(a) == ["hits", "documents", "outlet_frames", "outlet_summary", "outlet_words", "skipped"]
    for t in a:
        assert a[t].equals(b[t]), t
        assert a[t].equals(c[t]), t


def test_analyze_equals_the_cli_on_the_same_jsonl(corpora, cli, root):
    run_cli(cli, "analyze", "demo.jsonl", "--no-sentiment", "-q", "--table-format", "parquet", "--out", "cli", cwd=corpora)
    want = framescope.read_run(corpora / "cli", arrow=True)
    got = framescope.analyze(demo_records(root), source="demo.jsonl")
    assert set(got) == set(want)
    for t in want:
        assert got[t].num_rows == want[t].num_rows, t
        assert got[t].equals(want[t]), t
    assert got["hits"].num_rows == 145


def test_per_outlet_tables_equal_the_cli_on_the_demo_folder(root, cli, tmp_path):
    out = tmp_path / "demo"
    run_cli(cli, "analyze", "corpus/karabakh-2020", "--no-sentiment", "-q", "--out", str(out), cwd=root)
    want = framescope.read_run(out, arrow=True)
    got = framescope.analyze(demo_records(root))
    for t in ("outlet_frames", "outlet_summary", "outlet_words", "hits"):
        assert got[t].equals(want[t]), t
    # Only where each article came from differs (a file of the folder, a record), and the
    # order of the metadata columns (a JSON object's keys are read in name order).
    cols = [c for c in want["documents"].column_names if c != "source"]
    assert got["documents"].select(cols).equals(want["documents"].select(cols))


def test_threads_do_not_change_the_tables(root):
    recs = demo_records(root) * 1
    one = framescope.analyze(recs, threads=1)
    two = framescope.analyze(recs, threads=2)
    for t in one:
        assert one[t].equals(two[t]), t


def test_bad_records_are_skipped_with_their_row_or_refused():
    run = framescope.analyze([{"outlet": "B", "text": TEXT}, {"outlet": "A", "text": " "}])
    skipped = run["skipped"].to_pandas()
    assert skipped["source"].tolist() == ["records:2"]
    assert "empty `text`" in skipped["reason"][0]
    assert run["documents"].num_rows == 1
    assert run["documents"].column("doc_id").to_pylist() == ["row-1"]
    # As for a JSON Lines file, the first record sets the layout and must have the fields.
    with pytest.raises(ValueError, match=r"records:1: missing required field `text`"):
        framescope.analyze([{"outlet": "A"}])
    with pytest.raises(TypeError, match="record 1"):
        framescope.analyze([{"outlet": "A", "text": TEXT}, "not a record"])


def test_duplicate_ids_are_an_error_naming_both_records():
    with pytest.raises(ValueError, match=r"duplicate document id .*records:1 and records:2"):
        framescope.analyze([{"id": "x", "outlet": "A", "text": TEXT}] * 2)


def test_missing_values_in_a_dataframe_are_empty_cells():
    df = pd.DataFrame({"outlet": ["A", "B"], "text": [TEXT, TEXT], "group": ["g1", None], "n": [1.0, float("nan")]})
    docs = framescope.analyze(df)["documents"].to_pandas()
    assert docs["group"].tolist() == ["g1", ""]
    assert docs["n"].tolist() == ["1.0", ""]


def test_read_run_gives_the_same_frames_from_csv_and_parquet(root, cli, tmp_path):
    for fmt in ("csv", "parquet"):
        run_cli(cli, "analyze", "corpus/karabakh-2020", "--no-sentiment", "-q", "--table-format", fmt, "--out", str(tmp_path / fmt), cwd=root)
    a = framescope.read_run(tmp_path / "csv")
    b = framescope.read_run(tmp_path / "parquet")
    assert list(a) == list(b)
    for t in a:
        pd.testing.assert_frame_equal(a[t], b[t], obj=t)
    hits = a["hits"]
    assert hits["attributed"].dtype == bool
    assert hits["char_start"].dtype == "int64"
    assert a["outlet_frames"]["rate_own_per_1k"].dtype == "float64"
    assert a.manifest["options"]["table_format"] == "csv"


def test_read_run_of_a_cut_short_table_names_file_and_line(root, cli, tmp_path):
    out = tmp_path / "run"
    run_cli(cli, "analyze", "corpus/karabakh-2020", "--no-sentiment", "-q", "--out", str(out), cwd=root)
    hits = out / "hits.csv"
    text = hits.read_text(encoding="utf-8")
    hits.write_text(text[: len(text) // 2], encoding="utf-8")
    with pytest.raises(ValueError, match=r"hits\.csv:\d+"):
        framescope.read_run(out)
    with pytest.raises(FileNotFoundError, match="no run here"):
        framescope.read_run(tmp_path / "nothing")


def test_parquet_tables_open_in_pandas_and_duckdb_with_the_documented_types(corpora, cli):
    duckdb = pytest.importorskip("duckdb")
    (corpora / "ids.jsonl").write_text(
        "".join(json.dumps({"id": i, "outlet": "A", "text": TEXT}) + "\n" for i in ("001", "010")),
        encoding="utf-8",
    )
    run_cli(cli, "analyze", "ids.jsonl", "--no-sentiment", "-q", "--table-format", "parquet", "--out", "ids", cwd=corpora)
    docs = pd.read_parquet(corpora / "ids" / "documents.parquet")
    assert docs["doc_id"].tolist() == ["001", "010"]
    hits = pd.read_parquet(corpora / "ids" / "hits.parquet")
    assert hits["attributed"].dtype == bool and hits["sentence_index"].dtype == "int64"
    con = duckdb.connect()
    described = con.execute(f"DESCRIBE SELECT * FROM '{corpora / 'ids' / 'hits.parquet'}'")
    types = {r[0]: r[1] for r in described.fetchall()}
    assert types["doc_id"] == "VARCHAR"
    assert types["char_start"] == "BIGINT"
    assert types["negated"] == "BOOLEAN"
    ids = con.execute(f"SELECT doc_id FROM '{corpora / 'ids' / 'documents.parquet'}' ORDER BY doc_id").fetchall()
    assert [r[0] for r in ids] == ["001", "010"]
    lean = con.execute(f"DESCRIBE SELECT lean FROM '{corpora / 'ids' / 'documents.parquet'}'").fetchall()
    assert lean[0][1] == "DOUBLE"


def test_sentiment_in_python_equals_the_cli(corpora, cli, root):
    run_cli(cli, "analyze", "demo.jsonl", "-q", "--table-format", "parquet", "--out", "cli-sent", cwd=corpora)
    want = framescope.read_run(corpora / "cli-sent", arrow=True)
    got = framescope.analyze(demo_records(root), sentiment=True, source="demo.jsonl")
    for t in ("actor_mentions", "outlet_actor_sentiment"):
        assert got[t].num_rows > 50, t
        assert got[t].equals(want[t]), t


def test_integer_ids_with_a_gap_stay_integers_in_text():
    df = pd.DataFrame({"id": [1, None, 3], "outlet": ["A"] * 3, "text": [TEXT] * 3})
    assert df["id"].dtype == "float64"  # what pandas makes of it
    ids = framescope.analyze(df)["documents"].column("doc_id").to_pylist()
    assert ids == ["1", "row-2", "3"]
