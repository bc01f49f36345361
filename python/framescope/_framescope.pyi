"""Type stubs of the native module (Rust, PyO3). Use the functions of ``framescope`` and
``framescope.parts``; these are their building blocks."""

from typing import Any, Dict, List, Optional, Sequence, Tuple

__version__: str

class Lexicon:
    """A framing lexicon: sides, frames and their terms, actors."""

    @staticmethod
    def load(path: str) -> "Lexicon":
        """Loads and validates a lexicon file (TOML); errors name the file and line."""
    @staticmethod
    def builtin() -> "Lexicon":
        """The built-in demo lexicon (the 2020 Nagorno-Karabakh war)."""
    @property
    def id(self) -> str: ...
    @property
    def version(self) -> str: ...
    @property
    def source(self) -> str: ...
    @property
    def sides(self) -> List[str]: ...
    @property
    def frames(self) -> List[str]: ...
    @property
    def actors(self) -> List[str]: ...
    @property
    def warnings(self) -> List[str]: ...

def analyze_lines(
    lines: Sequence[str],
    line_numbers: Sequence[int],
    row_numbers: Sequence[int],
    source: str,
    lexicon: Lexicon,
    layout: Optional[Tuple[List[str], bool]],
    read: Any,
    sentiment: bool,
    threads: Optional[int],
    clean: Optional[str] = None,
    language: Optional[str] = None,
    max_word_pairs: Optional[int] = None,
) -> Tuple[Dict[str, bytes], str]: ...
def jsonl_layout(source: str, lines: Sequence[Tuple[int, str]], read: Any) -> Tuple[List[str], bool]: ...
def count_rows(lines: Sequence[str]) -> int: ...
def finish_run(
    dir: str,
    lexicon: Lexicon,
    layout: Tuple[List[str], bool],
    read: Any,
    input: str,
    command: Sequence[str],
    clean: Optional[str] = None,
    language: Optional[str] = None,
) -> str: ...
def read_run(dir: str) -> Tuple[Dict[str, bytes], str]: ...
