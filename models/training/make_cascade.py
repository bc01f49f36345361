#!/usr/bin/env python3
"""Write a cascade model folder: a fast student (from train.py's --out-dir) that scores every
target, and the exact model it hands a target to when the student's top probability is below
the threshold (see README.md "Sentiment toward actors" and cascade_eval.py for the choice).

The folder refers to the exact model by a path relative to itself (by default
../target-sentiment/model.onnx), so the exact weights are stored once. It gets model.onnx,
tokenizer.json, labels.json (with "cascade"), LICENSE-NewsMTSC, and golden.jsonl: probabilities
computed here with onnxruntime through the same rule, on train.py's golden sentences and the
first targets of the war dev set, so the Rust test can check that it scores as Python does.

Usage: python make_cascade.py FAST_DIR THRESHOLD OUT_DIR [--exact ../target-sentiment]
"""
import argparse
import json
import os
import shutil
import sys

os.environ.setdefault("OMP_NUM_THREADS", "1")
import onnxruntime as ort
from tokenizers import Tokenizer

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "war"))
from eval_onnx import load, predict, text_a  # noqa: E402

sys.path.insert(0, HERE)
from cascade_eval import softmax  # noqa: E402

GOLDEN_WAR_TARGETS = 16


def golden_targets():
    """(sentence, mention, from, to): train.py's golden pairs, then war dev targets whose
    mention is the first occurrence of its text (the Rust test finds a mention by its text)."""
    from train import GOLDEN  # noqa: E402
    out = [(s, m, s.index(m), s.index(m) + len(m)) for s, m in GOLDEN]
    for s, m, f, t, *_ in load(os.path.join(HERE, "war", "dev.jsonl")):
        if s.index(m) == f and len(out) < len(GOLDEN) + GOLDEN_WAR_TARGETS:
            out.append((s, m, f, t))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("fast_dir")
    ap.add_argument("threshold", type=float)
    ap.add_argument("out_dir")
    ap.add_argument("--exact", default=os.path.join(HERE, "..", "target-sentiment"))
    a = ap.parse_args()
    assert 0 < a.threshold <= 1, "threshold in (0, 1]"
    exact_onnx = os.path.join(a.exact, "model.onnx")
    tokenizers = [open(os.path.join(d, "tokenizer.json"), "rb").read() for d in (a.fast_dir, a.exact)]
    if tokenizers[0] != tokenizers[1]:
        sys.exit(f"tokenizer.json differs between {a.fast_dir} and {a.exact}: a cascade needs one tokenizer")
    os.makedirs(a.out_dir, exist_ok=True)
    for f in ("model.onnx", "tokenizer.json", "LICENSE-NewsMTSC"):
        shutil.copyfile(os.path.join(a.fast_dir, f), os.path.join(a.out_dir, f))
    labels = json.load(open(os.path.join(a.fast_dir, "labels.json")))
    labels["cascade"] = {"escalate_to": os.path.relpath(exact_onnx, a.out_dir), "escalate_below": a.threshold}
    with open(os.path.join(a.out_dir, "labels.json"), "w") as f:
        json.dump(labels, f, indent=2)
        f.write("\n")

    so = ort.SessionOptions()
    so.intra_op_num_threads = 1
    fast = ort.InferenceSession(os.path.join(a.fast_dir, "model.onnx"), so, providers=["CPUExecutionProvider"])
    exact = ort.InferenceSession(exact_onnx, so, providers=["CPUExecutionProvider"])
    tok = Tokenizer.from_file(os.path.join(a.out_dir, "tokenizer.json"))
    targets = golden_targets()
    # One target per call, unpadded, as train.py writes its golden file.
    rows = []
    for s, m, f, t in targets:
        pf = softmax(predict(fast, tok, [(s, m, f, t)]))[0]
        escalated = bool(pf.max() < a.threshold)
        p = softmax(predict(exact, tok, [(s, m, f, t)]))[0] if escalated else pf
        ids = tok.encode(text_a(s, f, t), m).ids
        rows.append({"sentence": s, "mention": m, "from_char": f, "to_char": t, "input_ids": ids,
                     "escalated": escalated, "probs": [round(float(x), 6) for x in p]})
    with open(os.path.join(a.out_dir, "golden.jsonl"), "w") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    n = sum(r["escalated"] for r in rows)
    print(f"{a.out_dir}: escalate below {a.threshold} to {labels['cascade']['escalate_to']}; "
          f"golden: {len(rows)} targets, {n} escalated")


if __name__ == "__main__":
    main()
