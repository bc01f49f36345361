"""Analysing a corpus in parts, as a distributed engine does (see ``examples/spark/``).

A JSON Lines corpus is split into parts of lines, each analysed on its own (on a Spark
executor, say) with the layout of the whole file, each line keeping its line and row number in
the file; the parts' per-document tables (``documents``, ``hits``, ``skipped``) and summed
``outlet_words`` are written as Parquet part files into one folder, and :func:`finish_run`
then writes the per-outlet tables and ``run.json`` there. The result equals
``framescope analyze FILE --table-format parquet`` on the whole file, and every framescope
command reads it (``compare --from``, ``report --from`` ...).
"""

from __future__ import annotations

import json as _json
import os as _os
from typing import Any, Dict, List, Optional, Sequence, Tuple

from . import Lexicon, Run, _framescope, _ordered, _read_options, _tables, record_line

Layout = Tuple[List[str], bool]

__all__ = ["Layout", "layout", "count_rows", "analyze_part", "finish_run", "record_line"]


def _read(kw: Dict[str, Any]) -> Any:
    return _read_options(
        kw.pop("id_col", "id"),
        kw.pop("outlet_col", "outlet"),
        kw.pop("text_col", "text"),
        kw.pop("title_col", "title"),
        kw.pop("title", "auto"),
        kw.pop("skip_bad_rows", False),
    )


def _no_more(kw: Dict[str, Any]) -> None:
    if kw:
        raise TypeError(f"unexpected option(s): {', '.join(sorted(kw))}")


def layout(source: str, first_lines: Sequence[Tuple[int, str]], **read: Any) -> Layout:
    """The metadata keys and whether there is a title field, from the file's first lines
    (``(line number, text)``): what every part is read with."""
    opts = _read(read)
    _no_more(read)
    return _framescope.jsonl_layout(source, list(first_lines), opts)


def count_rows(lines: Sequence[str]) -> int:
    """How many of these lines are rows (blank lines are not)."""
    return _framescope.count_rows(list(lines))


def analyze_part(
    lines: Sequence[str],
    line_numbers: Sequence[int],
    row_numbers: Sequence[int],
    source: str,
    lexicon: Lexicon,
    layout: Layout,
    *,
    threads: Optional[int] = 1,
    max_word_pairs: Optional[int] = None,
    **read: Any,
) -> Run:
    """Analyse one part of a JSON Lines file: its lines, with their line and row numbers in
    the whole file. Returns every table as ``pyarrow.Table`` s (the per-outlet ones cover this
    part only). ``max_word_pairs=None`` keeps every word of ``outlet_words`` (parts are summed;
    an int applies the CLI's ``--max-words`` budget to this part alone)."""
    opts = _read(read)
    _no_more(read)
    streams, manifest = _framescope.analyze_lines(
        list(lines),
        list(line_numbers),
        list(row_numbers),
        source,
        lexicon,
        (list(layout[0]), bool(layout[1])),
        opts,
        False,
        threads,
        max_word_pairs=max_word_pairs if max_word_pairs is not None else 2**63 - 1,
    )
    return Run(_ordered(_tables(streams)), _json.loads(manifest))


def finish_run(
    path: "str | _os.PathLike[str]",
    lexicon: Lexicon,
    layout: Layout,
    *,
    input: str,
    command: Sequence[str] = (),
    **read: Any,
) -> Dict[str, Any]:
    """Write ``outlet_frames.parquet``, ``outlet_summary.parquet`` and, last, ``run.json`` in a
    folder of part tables; returns the ``run.json``."""
    opts = _read(read)
    _no_more(read)
    text = _framescope.finish_run(
        _os.fspath(path), lexicon, (list(layout[0]), bool(layout[1])), opts, input, list(command)
    )
    return _json.loads(text)
