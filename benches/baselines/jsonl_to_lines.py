"""Write a JSONL corpus as plain text, one article per line, for line-oriented tools (grep).

Each line is title + " " + text with every line break inside the article replaced by a space,
so `grep -c` counts matching articles. Prints "ARTICLES BYTES" on stdout, where BYTES is the
UTF-8 size of title + text (no separators): the input size every tool's MB/s is computed on.
Standard library only.

    python3 jsonl_to_lines.py CORPUS.jsonl OUT.txt
"""
import json
import sys


def read_articles(path):
    """Yield (title, text) for every article of a JSONL corpus; stop with file:line on bad JSON."""
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as e:
                sys.exit(f"{path}:{lineno}: not valid JSON: {e}")
            yield row.get("title") or "", row.get("text") or ""


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__.strip().splitlines()[-1].strip())
    src, dst = sys.argv[1:]
    articles = nbytes = 0
    with open(dst, "w", encoding="utf-8") as out:
        for title, text in read_articles(src):
            nbytes += len(title.encode("utf-8")) + len(text.encode("utf-8"))
            # str.splitlines() also breaks on \r, \v, \f, U+2028 ... so no article spans lines.
            out.write(" ".join(f"{title}\n{text}".splitlines()) + "\n")
            articles += 1
    if not articles:
        sys.exit(f"{src}: no articles")
    print(articles, nbytes)


if __name__ == "__main__":
    main()
