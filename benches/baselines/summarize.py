"""Turn the per-run records of benches/lexicon_vs_tools.sh into Markdown tables.

Input: a TSV with one row per timed run and the columns
    key  label  run  wall_s  cpu_s  rss_kb  matches  timed_s
(cpu_s, rss_kb and timed_s may be empty; cpu_s is user + system time of the process tree; timed_s is the in-process timed part that the spaCy script
reports), plus the corpus size. Throughput is always input bytes (UTF-8 title + text) over the
median wall time, so every tool is charged its whole process; spaCy's in-process numbers are
shown in extra columns. MB = 10^6 bytes. Standard library only.

    python3 summarize.py RUNS.tsv ARTICLES BYTES
"""
import csv
import statistics
import sys


def cell(text):
    """A table cell: a | inside it (grep ... | wc -l) would end the cell."""
    return text.replace("|", "\\|")


def fmt(x, nd=3):
    return "—" if x is None else f"{x:,.{nd}f}"


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__.strip().splitlines()[-1].strip())
    path, articles, nbytes = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])

    tools = {}  # key -> dict, in first-seen order
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            t = tools.setdefault(row["key"], {"label": cell(row["label"]), "wall": [], "cpu": [], "rss": [], "matches": set(), "timed": []})
            t["wall"].append(float(row["wall_s"]))
            if row["cpu_s"]:
                t["cpu"].append(float(row["cpu_s"]))
            if row["rss_kb"]:
                t["rss"].append(int(row["rss_kb"]))
            t["matches"].add(row["matches"])
            if row["timed_s"]:
                t["timed"].append(float(row["timed_s"]))

    print("| tool | runs | median wall s | min s | max s | articles/s | MB/s | median CPU s | timed part s | timed MB/s | peak RSS MB | matches / hits |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for t in tools.values():
        w = statistics.median(t["wall"])
        t["median"] = w
        timed = statistics.median(t["timed"]) if t["timed"] else None
        cpu = statistics.median(t["cpu"]) if t["cpu"] else None
        rss = max(t["rss"]) / 1024 if t["rss"] else None
        # Every run of a deterministic tool must give the same count; show all if not.
        matches = " / ".join(sorted(t["matches"]))
        print(f"| {t['label']} | {len(t['wall'])} | {fmt(w)} | {fmt(min(t['wall']))} | {fmt(max(t['wall']))} "
              f"| {fmt(articles / w, 0)} | {fmt(nbytes / 1e6 / w, 2)} | {fmt(cpu, 2)} | {fmt(timed)} "
              f"| {fmt(nbytes / 1e6 / timed, 2) if timed else '—'} | {fmt(rss, 1)} | {matches} |")

    # An earlier framescope build (FRAMESCOPE_BEFORE) is compared like another tool: its ratio is
    # the speed-up since.
    fs = [k for k in tools if k.startswith("framescope") and not k.startswith("framescope-before")]
    others = [k for k in tools if k not in fs]
    if fs and others:
        print()
        print("Speed ratio = other tool's median wall time / framescope's (above 1: framescope is faster).")
        print("For spaCy, the ratio of its timed part alone (no start-up, import or JSON reading) is in brackets.")
        print()
        print("| other tool | " + " | ".join(tools[k]["label"] for k in fs) + " |")
        print("|---|" + "---:|" * len(fs))
        for o in others:
            cells = []
            for k in fs:
                c = f"{tools[o]['median'] / tools[k]['median']:.2f}x"
                if tools[o]["timed"]:
                    c += f" ({statistics.median(tools[o]['timed']) / tools[k]['median']:.2f}x)"
                cells.append(c)
            print(f"| {tools[o]['label']} | " + " | ".join(cells) + " |")

if __name__ == "__main__":
    main()
