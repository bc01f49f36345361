#!/usr/bin/env python3
"""Build dev.jsonl (NewsMTSC format) from the hand-written dev_source.txt and verify offsets.

dev_source.txt: one sentence per line, "CONFLICT|sentence", targets marked [[mention|L]]
(L: n = negative 2.0, 0 = neutral 4.0, p = positive 6.0). Lines starting with # are comments.
Run: python3 build_dev.py   (writes dev.jsonl next to this file and prints stats)
"""
import collections
import json
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
POL = {"n": 2.0, "0": 4.0, "p": 6.0}
MARK = re.compile(r"\[\[([^\[\]|]+)\|([n0p])\]\]")


def parse(line):
    conflict, raw = line.split("|", 1)
    out, targets, pos = [], [], 0
    sent = ""
    for m in MARK.finditer(raw):
        sent += raw[pos:m.start()]
        f = len(sent)
        sent += m.group(1)
        targets.append((m.group(1), f, len(sent), POL[m.group(2)]))
        pos = m.end()
    sent += raw[pos:]
    assert "[[" not in sent and "]]" not in sent, line
    return conflict, sent, targets


def main():
    rows, stats = [], collections.Counter()
    conflicts = collections.Counter()
    seen = set()
    with open(os.path.join(HERE, "dev_source.txt"), encoding="utf-8") as f:
        lines = [l.rstrip("\n") for l in f if l.strip() and not l.startswith("#")]
    for i, line in enumerate(lines):
        conflict, sent, targets = parse(line)
        assert targets, line
        assert sent not in seen, sent
        seen.add(sent)
        gid = f"war_dev_{i:04d}"
        ts = []
        for k, (m, f, t, pol) in enumerate(targets):
            assert sent[f:t] == m, (sent, m, f, t)
            ts.append({"Input.gid": f"{gid}_{k}", "from": f, "to": t, "mention": m, "polarity": pol})
            stats[pol] += 1
        conflicts[conflict] += 1
        stats["multi"] += len(ts) > 1
        rows.append({"primary_gid": gid, "sentence_normalized": sent, "targets": ts, "conflict": conflict})
    with open(os.path.join(HERE, "dev.jsonl"), "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    # re-verify from the written file
    n_t = 0
    for l in open(os.path.join(HERE, "dev.jsonl"), encoding="utf-8"):
        d = json.loads(l)
        for t in d["targets"]:
            assert d["sentence_normalized"][t["from"]:t["to"]] == t["mention"]
            n_t += 1
    print(json.dumps({"sentences": len(rows), "targets": n_t, "multi_target_sentences": stats["multi"],
                      "multi_share": round(stats["multi"] / len(rows), 3),
                      "negative": stats[2.0], "neutral": stats[4.0], "positive": stats[6.0],
                      "conflicts": dict(conflicts)}, indent=1))


if __name__ == "__main__":
    main()
