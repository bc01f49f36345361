"""Write a JSONL benchmark corpus by replicating the five demo articles.

Each .txt file in corpus/karabakh-2020/ is one article: first line = title, the rest = text;
outlets come from the folder's manifest.csv. The articles are written round-robin N times in all,
each with a unique id (<file stem>-<copy>), so every copy is the same text and the match counts
scale exactly with N. Standard library only.

    python3 benches/baselines/replicate_demo.py OUT.jsonl [--n 2000] [--corpus corpus/karabakh-2020]
"""
import argparse
import csv
import json
from pathlib import Path


def main():
    p = argparse.ArgumentParser()
    p.add_argument("out", help="JSONL file to write")
    p.add_argument("--n", type=int, default=2000, help="number of articles in all (default 2000)")
    p.add_argument("--corpus", default=str(Path(__file__).resolve().parents[2] / "corpus" / "karabakh-2020"))
    a = p.parse_args()

    folder = Path(a.corpus)
    with open(folder / "manifest.csv", encoding="utf-8", newline="") as f:
        outlets = {row["file"]: row["outlet"] for row in csv.DictReader(f)}
    docs = []
    for path in sorted(folder.glob("*.txt")):
        title, _, text = path.read_text(encoding="utf-8").partition("\n")
        docs.append((path.stem, outlets.get(path.name, "unknown"), title.strip(), text))
    if not docs:
        raise SystemExit(f"no .txt files in {folder}")

    with open(a.out, "w", encoding="utf-8") as f:
        for i in range(a.n):
            stem, outlet, title, text = docs[i % len(docs)]
            row = {"id": f"{stem}-{i // len(docs):05d}", "outlet": outlet, "title": title, "text": text}
            f.write(json.dumps(row, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
