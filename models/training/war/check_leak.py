#!/usr/bin/env python3
"""Check that no dev.jsonl sentence (or a near-duplicate of it) appears in the training data.

Each sentence is lowercased and tokenised, and every target mention is replaced by <T>, so that
"the same sentence with a different actor name" compares equal. Flags pairs with an identical masked
form or a difflib similarity ratio >= --threshold. Exit status 1 if anything is flagged.
Usage: python3 check_leak.py [--train train_war.jsonl ...] [--threshold 0.8]
"""
import argparse
import difflib
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def masked(d):
    s = d["sentence_normalized"]
    for t in sorted(d["targets"], key=lambda t: -t["from"]):
        s = s[: t["from"]] + " <T> " + s[t["to"]:]
    return re.findall(r"<t>|[a-z0-9]+|[^\sa-z0-9]", s.lower())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dev", default=os.path.join(HERE, "dev.jsonl"))
    ap.add_argument("--train", nargs="+", default=[os.path.join(HERE, "train_war.jsonl"), "/work/shared/data/newsmtsc/train.jsonl"])
    ap.add_argument("--threshold", type=float, default=0.8)
    ap.add_argument("--top", type=int, default=10)
    args = ap.parse_args()
    dev = [json.loads(l) for l in open(args.dev, encoding="utf-8")]
    dev_m = [masked(d) for d in dev]
    dev_raw = {d["sentence_normalized"].lower() for d in dev}
    flagged, best = [], []
    for path in args.train:
        tr = [json.loads(l) for l in open(path, encoding="utf-8")]
        exact = sum(d["sentence_normalized"].lower() in dev_raw for d in tr)
        tr_m = [masked(d) for d in tr]
        idx = {}
        for i, m in enumerate(tr_m):
            idx.setdefault(tuple(m), []).append(i)
        n_masked = 0
        for j, dm in enumerate(dev_m):
            if tuple(dm) in idx:
                n_masked += 1
                flagged.append((1.0, dev[j]["sentence_normalized"], tr[idx[tuple(dm)][0]]["sentence_normalized"], path))
            sm = difflib.SequenceMatcher(autojunk=False)
            sm.set_seq2(dm)
            top = (0.0, None)
            for i, m in enumerate(tr_m):
                if abs(len(m) - len(dm)) > 0.5 * len(dm):
                    continue
                sm.set_seq1(m)
                if sm.real_quick_ratio() < args.threshold * 0.9 or sm.quick_ratio() < args.threshold * 0.9:
                    if sm.quick_ratio() <= top[0]:
                        continue
                r = sm.ratio()
                if r > top[0]:
                    top = (r, i)
            if top[1] is not None:
                best.append((top[0], dev[j]["sentence_normalized"], tr[top[1]]["sentence_normalized"], os.path.basename(path)))
                if top[0] >= args.threshold:
                    flagged.append((top[0], dev[j]["sentence_normalized"], tr[top[1]]["sentence_normalized"], path))
        print(f"{path}: {len(tr)} sentences; exact dev matches {exact}; masked-identical {n_masked}")
    best.sort(reverse=True)
    print(f"\nmost similar dev/train pairs (masked token similarity):")
    for r, a, b, p in best[: args.top]:
        print(f"  {r:.3f} [{p}]\n    dev:   {a}\n    train: {b}")
    print(f"\nflagged (>= {args.threshold}): {len(flagged)}")
    for r, a, b, p in flagged[:50]:
        print(f"  {r:.3f} dev: {a}\n        train: {b}")
    sys.exit(1 if flagged else 0)


if __name__ == "__main__":
    main()
