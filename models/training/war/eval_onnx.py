#!/usr/bin/env python3
"""Evaluate an exported target-sentiment ONNX model (marked-pair input) with onnxruntime.

Reports macro F1 over 3 classes (F1m), accuracy, per-class F1 and the confusion matrix
(rows = gold neg/neu/pos, columns = predicted) on NewsMTSC devtest_rw, devtest_mt and the war dev set.
Usage: python eval_onnx.py --model DIR_OR_ONNX [--tokenizer tokenizer.json] [--out results.json] [--name NAME]
"""
import argparse
import json
import os
import sys

os.environ.setdefault("OMP_NUM_THREADS", "1")
import numpy as np
import onnxruntime as ort
from tokenizers import Tokenizer

HERE = os.path.dirname(os.path.abspath(__file__))
POL2LABEL = {2.0: 0, 4.0: 1, 6.0: 2}
SETS = {"rw": "/work/shared/data/newsmtsc/devtest_rw.jsonl", "mt": "/work/shared/data/newsmtsc/devtest_mt.jsonl",
        "war_dev": os.path.join(HERE, "dev.jsonl")}


def load(path):
    out = []
    for line in open(path, encoding="utf-8"):
        d = json.loads(line)
        s = d["sentence_normalized"]
        for t in d["targets"]:
            out.append((s, t["mention"], t["from"], t["to"], POL2LABEL[float(t["polarity"])], d.get("conflict")))
    return out


def text_a(s, f, t):
    return s[:f] + "[unused0] " + s[f:t] + " [unused1]" + s[t:]


def predict(sess, tok, exs, bs=32):
    encs = tok.encode_batch([(text_a(s, f, t), m) for s, m, f, t, *_ in exs])
    order = sorted(range(len(encs)), key=lambda i: len(encs[i].ids))
    logits = np.zeros((len(encs), 3), dtype=np.float32)
    for k in range(0, len(order), bs):
        idx = order[k:k + bs]
        n = max(len(encs[i].ids) for i in idx)
        ids = np.zeros((len(idx), n), np.int64); tt = np.zeros_like(ids); am = np.zeros_like(ids)
        for r, i in enumerate(idx):
            e = encs[i]
            ids[r, :len(e.ids)] = e.ids; tt[r, :len(e.ids)] = e.type_ids; am[r, :len(e.ids)] = e.attention_mask
        logits[idx] = sess.run(["logits"], {"input_ids": ids, "attention_mask": am, "token_type_ids": tt})[0]
    return logits


def metrics(y, p):
    y, p = np.asarray(y), np.asarray(p)
    cm = np.zeros((3, 3), int)
    for a, b in zip(y, p):
        cm[a, b] += 1
    f1 = []
    for c in range(3):
        tp = cm[c, c]; fp = cm[:, c].sum() - tp; fn = cm[c, :].sum() - tp
        f1.append(0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn))
    return {"f1m": float(np.mean(f1)), "acc": float((y == p).mean()), "f1_per_class": [round(float(x), 4) for x in f1],
            "confusion_rows_gold_cols_pred": cm.tolist(), "n": int(len(y))}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", required=True)
    ap.add_argument("--tokenizer", default=None)
    ap.add_argument("--out", default=None)
    ap.add_argument("--name", default=None)
    ap.add_argument("--errors", default=None, help="write war_dev errors (jsonl) here")
    a = ap.parse_args()
    mp = os.path.join(a.model, "model.onnx") if os.path.isdir(a.model) else a.model
    tp = a.tokenizer or os.path.join(os.path.dirname(mp), "tokenizer.json")
    so = ort.SessionOptions(); so.intra_op_num_threads = 1; so.inter_op_num_threads = 1
    sess = ort.InferenceSession(mp, so, providers=["CPUExecutionProvider"])
    tok = Tokenizer.from_file(tp)
    res = {"model": mp, "tokenizer": tp, "name": a.name or mp}
    for k, path in SETS.items():
        exs = load(path)
        lg = predict(sess, tok, exs)
        res[k] = metrics([e[4] for e in exs], lg.argmax(-1))
        if k == "war_dev":
            per = {}
            for c in sorted({e[5] for e in exs}):
                ii = [i for i, e in enumerate(exs) if e[5] == c]
                per[c] = {"n": len(ii), "acc": float(np.mean([lg[i].argmax() == exs[i][4] for i in ii]))}
            res[k]["per_conflict_acc"] = per
            if a.errors:
                L = ["neg", "neu", "pos"]
                with open(a.errors, "w") as f:
                    for i, e in enumerate(exs):
                        if lg[i].argmax() != e[4]:
                            f.write(json.dumps({"sentence": e[0], "mention": e[1], "gold": L[e[4]], "pred": L[int(lg[i].argmax())]}) + "\n")
        print(f"{res['name']} {k}: F1m {res[k]['f1m']:.4f} acc {res[k]['acc']:.4f} per-class {res[k]['f1_per_class']} cm {res[k]['confusion_rows_gold_cols_pred']}", flush=True)
    if a.out:
        with open(a.out, "w") as f:
            json.dump(res, f, indent=2)


if __name__ == "__main__":
    main()
