"""framescope: how news outlets frame a conflict, from Python.

framescope finds every term of a framing lexicon in news articles, keeps each outlet's own
voice apart from the words it quotes, and writes per-outlet tables in which every number
traces back to the sentence it came from. This package runs the same Rust pipeline as the
``framescope`` command line, in process::

    import framescope

    lex = framescope.Lexicon.builtin()            # or framescope.Lexicon.load("my.toml")
    tables = framescope.analyze(
        [{"id": "a1", "outlet": "Example Wire", "text": "Troops occupied the town."}],
        lexicon=lex,
    )
    tables["outlet_summary"].to_pandas()          # every table is a pyarrow.Table
    tables["hits"].to_pandas()                    # one row per match, with its sentence

    run = framescope.read_run("reports/karabakh-2020")   # a CLI run folder, CSV or Parquet
    run["outlet_frames"]                                 # a pandas DataFrame

``analyze`` reads records as ``framescope analyze`` reads a JSON Lines file: ``outlet`` and
``text`` are required, ``id`` and ``title`` optional, every other field is metadata (a column
of ``documents``). The numbers equal the CLI's on the same records.
"""

from __future__ import annotations

import datetime as _dt
import json as _json
import math as _math
import os as _os
import types as _types
from typing import Any, Dict, Iterable, Iterator, List, Mapping, Optional, Sequence, Tuple, Union

import pyarrow as _pa

from . import _framescope
from ._framescope import Lexicon, __version__

__all__ = ["Lexicon", "Run", "TABLES", "analyze", "read_run", "__version__"]

#: The tables of a run, in the order a run writes them.
TABLES: Tuple[str, ...] = (
    "hits",
    "documents",
    "actor_mentions",
    "outlet_actor_sentiment",
    "outlet_frames",
    "outlet_summary",
    "outlet_words",
    "skipped",
)

PathLike = Union[str, "_os.PathLike[str]"]


class Run(dict):
    """A run's tables keyed by table name (``"hits"``, ``"outlet_summary"``, ...), with the
    run's ``run.json`` as :attr:`manifest` (lexicon, options, counts, warnings)."""

    manifest: Dict[str, Any]

    def __init__(self, tables: Mapping[str, Any], manifest: Dict[str, Any]) -> None:
        super().__init__(tables)
        self.manifest = manifest

    @property
    def warnings(self) -> List[str]:
        """What the run warned about (as ``framescope analyze`` prints them)."""
        return list(self.manifest.get("warnings", []))


def _read_options(
    id_col: str, outlet_col: str, text_col: str, title_col: str, title: str, skip_bad_rows: bool
) -> _types.SimpleNamespace:
    return _types.SimpleNamespace(
        id_col=id_col,
        outlet_col=outlet_col,
        text_col=text_col,
        title_col=title_col,
        title=title,
        skip_bad_rows=skip_bad_rows,
    )


def _missing(v: Any) -> bool:
    if v is None:
        return True
    if isinstance(v, float) and _math.isnan(v):
        return True
    # pandas.NA and pandas.NaT, without importing pandas.
    return type(v).__name__ in ("NAType", "NaTType")


def _json_default(v: Any) -> Any:
    if isinstance(v, (_dt.date, _dt.datetime, _dt.time)) or hasattr(v, "isoformat"):
        return v.isoformat()
    if hasattr(v, "item"):  # numpy scalars
        return v.item()
    if isinstance(v, (bytes, bytearray)):
        return v.decode("utf-8", "replace")
    if type(v).__name__ == "Decimal":
        return str(v)
    raise TypeError(f"cannot pass a value of type {type(v).__name__} to framescope")


def _whole_ids(df: Any, id_col: str) -> Any:
    """pandas stores an integer column with a gap as floats (1 -> 1.0): give ids back their
    integer text."""
    col = df[id_col] if id_col in getattr(df, "columns", ()) else None
    if col is None or getattr(col.dtype, "kind", "") != "f":
        return df
    whole = col.dropna()
    if len(whole) and (whole == whole.round()).all():
        df = df.copy()
        df[id_col] = col.astype("Int64")
    return df


def _records(data: Any, id_col: str = "id") -> Iterator[Mapping[str, Any]]:
    if isinstance(data, (_pa.Table, _pa.RecordBatch)):
        yield from data.to_pylist()
        return
    to_dict = getattr(data, "to_dict", None)
    if callable(to_dict) and hasattr(data, "columns"):  # a pandas DataFrame
        yield from _whole_ids(data, id_col).to_dict("records")
        return
    if isinstance(data, Mapping):
        raise TypeError("records: expected an iterable of dicts or a table, not one dict")
    for i, rec in enumerate(data):
        if not isinstance(rec, Mapping):
            raise TypeError(f"record {i}: expected a dict, not {type(rec).__name__}")
        yield rec


def record_line(rec: Mapping[str, Any]) -> str:
    """One record as the JSON line framescope reads: missing values (None, NaN, NaT) as null,
    dates as ISO text, numpy scalars as numbers."""
    clean = {str(k): (None if _missing(v) else v) for k, v in rec.items()}
    return _json.dumps(clean, ensure_ascii=False, default=_json_default, allow_nan=False)


def _lines(data: Any, id_col: str = "id") -> List[str]:
    return [record_line(rec) for rec in _records(data, id_col)]


def _tables(streams: Mapping[str, bytes]) -> Dict[str, _pa.Table]:
    return {name: _pa.ipc.open_stream(b).read_all() for name, b in streams.items()}


def _ordered(tables: Mapping[str, Any]) -> Dict[str, Any]:
    return {t: tables[t] for t in TABLES if t in tables}


def analyze(
    records: Any,
    lexicon: Optional[Lexicon] = None,
    sentiment: bool = False,
    *,
    threads: Optional[int] = None,
    title: str = "auto",
    id_col: str = "id",
    outlet_col: str = "outlet",
    text_col: str = "text",
    title_col: str = "title",
    skip_bad_rows: bool = False,
    clean: Optional[PathLike] = None,
    language: Optional[PathLike] = None,
    source: str = "records",
) -> Run:
    """Analyse articles and return every table of a run as ``pyarrow.Table``\\ s.

    Parameters
    ----------
    records:
        An iterable of dicts, a ``pandas.DataFrame`` or a ``pyarrow.Table``, one article per
        row, with ``outlet`` and ``text`` (and optionally ``id``, ``title`` and metadata such
        as ``date`` or ``group``). Missing values (``None``, ``NaN``) are empty; dates are
        written as ISO text.
    lexicon:
        The framing lexicon; the built-in demo lexicon when ``None``.
    sentiment:
        Also score sentiment toward each actor (needs the model and ONNX Runtime that the
        repository's ``scripts/setup.sh`` installs), adding ``actor_mentions`` and
        ``outlet_actor_sentiment``.
    threads:
        Worker threads (default: one per core).
    title, id_col, outlet_col, text_col, title_col, skip_bad_rows, clean, language:
        As ``framescope analyze --title``, ``--id-col`` ..., ``--skip-bad-rows``, ``--clean``
        and ``--language``.
    source:
        How the ``source`` column names a record: ``"{source}:{row}"``, row counted from 1.

    Returns
    -------
    Run
        A dict of ``pyarrow.Table`` keyed by table name (``hits``, ``documents``,
        ``outlet_frames``, ``outlet_summary``, ``outlet_words``, ``skipped`` and, with
        sentiment, ``actor_mentions`` and ``outlet_actor_sentiment``), with the ``run.json``
        of the analysis as ``.manifest``.

    Raises
    ------
    ValueError
        A record that cannot be read (unless ``skip_bad_rows``), a duplicate id, a bad lexicon
        or rules file; the message names the record (``records:3``).
    """
    lines = _lines(records, id_col)
    numbers = list(range(1, len(lines) + 1))
    streams, manifest = _framescope.analyze_lines(
        lines,
        numbers,
        numbers,
        source,
        lexicon if lexicon is not None else Lexicon.builtin(),
        None,
        _read_options(id_col, outlet_col, text_col, title_col, title, skip_bad_rows),
        sentiment,
        threads,
        _os.fspath(clean) if clean is not None else None,
        _os.fspath(language) if language is not None else None,
    )
    return Run(_ordered(_tables(streams)), _json.loads(manifest))


def read_run(path: PathLike, *, arrow: bool = False) -> Run:
    """Read every table of a run folder (written by ``framescope analyze``, by
    :func:`analyze`'s caller, or by the Spark job), from CSV or Parquet alike.

    Each table is read through framescope's own row types, so a cut-short or hand-edited table
    raises ``ValueError`` naming the file, the line (or row) and the column, and ids such as
    ``"001"`` stay text.

    Returns a :class:`Run`: pandas DataFrames keyed by table name (``pyarrow.Table`` s with
    ``arrow=True``), and the folder's ``run.json`` as ``.manifest``.
    """
    streams, manifest = _framescope.read_run(_os.fspath(path))
    tables = _tables(streams)
    if not arrow:
        tables = {k: v.to_pandas() for k, v in tables.items()}
    return Run(_ordered(tables), _json.loads(manifest))
