#!/usr/bin/env python3
"""How a cascade of two exported models would score: the fast model scores every target, and a
target whose top probability is below a threshold is rescored by the exact model.

Prints, per threshold, the share of targets escalated and F1m on the validation split that
train.py carves from train.jsonl (seed and fraction as there: choose the threshold here) and on
devtest_rw, devtest_mt and the war dev set (report only; never choose on them).
Usage: python cascade_eval.py FAST.onnx EXACT.onnx TOKENIZER.json [--out results.json]
"""
import argparse
import json
import os
import random
import sys

os.environ.setdefault("OMP_NUM_THREADS", "1")
import numpy as np
import onnxruntime as ort
from tokenizers import Tokenizer

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "war"))
from eval_onnx import POL2LABEL, SETS, metrics, predict  # noqa: E402

THRESHOLDS = [0.0, 0.5, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.925, 0.95, 0.975]


def validation_split(path, seed=42, frac=0.1):
    """The targets of train.py's validation split (whole sentences, seeded shuffle)."""
    sents = [json.loads(line) for line in open(path, encoding="utf-8")]
    idx = list(range(len(sents)))
    random.Random(seed).shuffle(idx)
    val = sorted(idx[: int(round(len(idx) * frac))])
    return [(sents[i]["sentence_normalized"], t["mention"], t["from"], t["to"], POL2LABEL[float(t["polarity"])])
            for i in val for t in sents[i]["targets"]]


def softmax(x):
    e = np.exp(x - x.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("fast")
    ap.add_argument("exact")
    ap.add_argument("tokenizer")
    ap.add_argument("--out", default=None)
    a = ap.parse_args()
    so = ort.SessionOptions()
    so.intra_op_num_threads = 1
    fast = ort.InferenceSession(a.fast, so, providers=["CPUExecutionProvider"])
    exact = ort.InferenceSession(a.exact, so, providers=["CPUExecutionProvider"])
    tok = Tokenizer.from_file(a.tokenizer)
    sets = {"val": validation_split("/work/shared/data/newsmtsc/train.jsonl")}
    for k, path in SETS.items():
        sets[k] = [e[:5] for e in _load(path)]
    res = {}
    for k, exs in sets.items():
        y = [e[4] for e in exs]
        pf = softmax(predict(fast, tok, exs))
        pe = softmax(predict(exact, tok, exs))
        rows = []
        for th in THRESHOLDS:
            esc = pf.max(-1) < th
            p = np.where(esc[:, None], pe, pf)
            rows.append({"threshold": th, "escalated": float(esc.mean()),
                         "f1m": metrics(y, p.argmax(-1))["f1m"]})
        res[k] = {"n": len(exs), "exact_f1m": metrics(y, pe.argmax(-1))["f1m"], "cascade": rows}
        print(f"{k}: n={len(exs)} exact F1m {100 * res[k]['exact_f1m']:.2f}")
        for r in rows:
            print(f"  below {r['threshold']:.3f}: escalated {100 * r['escalated']:5.1f} %  F1m {100 * r['f1m']:.2f}")
    if a.out:
        with open(a.out, "w") as f:
            json.dump(res, f, indent=1)


def _load(path):
    for line in open(path, encoding="utf-8"):
        d = json.loads(line)
        for t in d["targets"]:
            yield (d["sentence_normalized"], t["mention"], t["from"], t["to"], POL2LABEL[float(t["polarity"])], None)


if __name__ == "__main__":
    main()
