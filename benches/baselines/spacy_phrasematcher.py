"""spaCy PhraseMatcher baseline for the lexicon-stage benchmark (benches/lexicon_vs_tools.sh).

What a user without framescope would write: a blank English pipeline (tokenizer only, no model),
a PhraseMatcher on the LOWER attribute (case-insensitive) with one pattern per surface form of
the lexicon, run over every article (title + "\n" + text). It counts all matches the matcher
returns; it applies none of framescope's cleaning, voice, context conditions or hyphen
normalisation, and overlapping matches ("occupied" inside "occupied territories") all count.

The timed part is tokenizing + matching the articles. Interpreter start-up, importing spaCy,
reading the corpus and building the matcher are excluded (setup_seconds reports the last two);
the calling script measures the whole process as well.

--space-newlines rewrites every run of whitespace that holds a line break as " \n " before
tokenizing (inside the timed part). spaCy's English tokenizer has special cases for the single
whitespace characters "\n", "\t", " " and "\xa0", and once a chunk of a text is exactly one of
them it stops caching chunks for the rest of that text (Tokenizer._save_cached, spaCy issue
#1250), so every later word goes through the prefix/suffix/infix rules again. A lone "\n" (the
one between title and text, or between paragraphs) is enough. Spaced out, the chunk becomes
"\n " and caching stays on; only whitespace tokens change, the matches are the same. It is an
optimisation a user would have to know about, so it is reported separately.

    python spacy_phrasematcher.py CORPUS.jsonl TERMS.txt [--mode make_doc|pipe] [--batch-size N]
                                  [--space-newlines]

Prints one JSON line: mode, articles, bytes (UTF-8 bytes of title + text), matches, seconds,
articles_per_s, mb_per_s (MB = 10^6 bytes), setup_seconds, spacy (version), batch_size,
space_newlines.
"""
import argparse
import json
import re
import sys
import time

import spacy
from spacy.matcher import PhraseMatcher

from jsonl_to_lines import read_articles  # same folder: one reader for every tool

NEWLINE_RUN = re.compile(r"\s*\n\s*")


def read_corpus(path):
    """Return (articles, input bytes); an article is title + "\n" + text."""
    texts, nbytes = [], 0
    for title, text in read_articles(path):
        nbytes += len(title.encode("utf-8")) + len(text.encode("utf-8"))
        texts.append(f"{title}\n{text}" if title else text)
    return texts, nbytes


def read_terms(path):
    with open(path, encoding="utf-8") as f:
        return [t for t in (line.strip() for line in f) if t]


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("corpus", help="JSONL with fields id, outlet, title, text")
    p.add_argument("terms", help="one surface form per line")
    p.add_argument("--mode", choices=["make_doc", "pipe"], default="make_doc",
                   help="make_doc: one nlp.make_doc call per article; pipe: nlp.tokenizer.pipe in batches")
    p.add_argument("--batch-size", type=int, default=1000, help="batch size for --mode pipe")
    p.add_argument("--space-newlines", action="store_true",
                   help='rewrite whitespace runs holding a line break as " \\n " (see above)')
    a = p.parse_args()

    texts, nbytes = read_corpus(a.corpus)
    terms = read_terms(a.terms)
    if not texts:
        sys.exit(f"{a.corpus}: no articles")
    articles = len(texts)
    if not terms:
        sys.exit(f"{a.terms}: no terms")

    t0 = time.perf_counter()
    nlp = spacy.blank("en")
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    # Patterns go through the same tokenizer as the articles, so "Armenian-backed" becomes the
    # token sequence Armenian - backed, as it will in the text.
    matcher.add("FRAME", list(nlp.tokenizer.pipe(terms)))
    setup = time.perf_counter() - t0

    matches = 0
    t0 = time.perf_counter()
    if a.space_newlines:
        texts = (NEWLINE_RUN.sub(" \n ", t) for t in texts)
    if a.mode == "make_doc":
        for text in texts:
            matches += len(matcher(nlp.make_doc(text)))
    else:
        # The documented streaming API. spaCy 3.8's Tokenizer.pipe accepts batch_size but just
        # calls the tokenizer on each text, so this should time the same as make_doc.
        for doc in nlp.tokenizer.pipe(texts, batch_size=a.batch_size):
            matches += len(matcher(doc))
    seconds = time.perf_counter() - t0

    print(json.dumps({
        "mode": a.mode,
        "articles": articles,
        "bytes": nbytes,
        "matches": matches,
        "seconds": round(seconds, 4),
        "articles_per_s": round(articles / seconds, 1),
        "mb_per_s": round(nbytes / 1e6 / seconds, 3),
        "setup_seconds": round(setup, 4),
        "spacy": spacy.__version__,
        "batch_size": a.batch_size if a.mode == "pipe" else None,
        "space_newlines": a.space_newlines,
    }))


if __name__ == "__main__":
    main()
