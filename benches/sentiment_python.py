"""Python baseline for the sentiment-stage benchmark (BENCHMARKS.md).

Runs the same fine-tuned weights as models/target-sentiment/model.onnx, in PyTorch through
Hugging Face transformers (BertModel + the recipe's mean-pooling head; transformers' pipeline()
cannot load that head, so this does what the pipeline does: tokenize, batch, forward, softmax),
on the same targets and batches as `cargo run --release --example bench_sentiment`:
the first N targets of a NewsMTSC file, marked-pair input, sorted by length, batches of 32 with
dynamic padding. Prints targets per second, median of several passes after a warm-up pass.

    python benches/sentiment_python.py --checkpoint best.pt --base-config DIR [--threads 1] [--n 512]
"""
import argparse
import json
import statistics
import time

import numpy as np
import torch
from tokenizers import Tokenizer
from torch import nn
from transformers import BertConfig, BertModel


class TargetSentimentModel(nn.Module):
    def __init__(self, encoder):
        super().__init__()
        self.encoder = encoder
        self.dropout = nn.Dropout(0.1)
        self.classifier = nn.Linear(encoder.config.hidden_size, 3)

    def forward(self, input_ids, attention_mask, token_type_ids):
        h = self.encoder(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids).last_hidden_state
        m = attention_mask.unsqueeze(-1).to(h.dtype)
        return self.classifier(self.dropout((h * m).sum(1) / m.sum(1).clamp(min=1e-9)))


def targets(path, n):
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            s = d["sentence_normalized"]
            for t in d["targets"]:
                out.append((s, t["from"], t["to"]))
    return out[:n]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--checkpoint", required=True, help="state dict saved by models/training/train.py (best.pt)")
    p.add_argument("--base-config", required=True, help="folder with the base encoder's config.json")
    p.add_argument("--tokenizer", default="models/target-sentiment/tokenizer.json")
    p.add_argument("--data", default="../shared/data/newsmtsc/devtest_rw.jsonl")
    p.add_argument("--n", type=int, default=512)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--passes", type=int, default=5)
    p.add_argument("--batch-size", type=int, default=32)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    model = TargetSentimentModel(BertModel(BertConfig.from_pretrained(a.base_config), add_pooling_layer=False))
    model.load_state_dict(torch.load(a.checkpoint, map_location="cpu", weights_only=True))
    model.eval()
    tok = Tokenizer.from_file(a.tokenizer)
    ts = targets(a.data, a.n)

    def run():
        texts = [(s[:f] + "[unused0] " + s[f:t] + " [unused1]" + s[t:], s[f:t]) for s, f, t in ts]
        encs = tok.encode_batch(texts)
        order = sorted(range(len(encs)), key=lambda i: (len(encs[i].ids), i))
        probs = [None] * len(encs)
        with torch.inference_mode():
            for k in range(0, len(order), a.batch_size):
                idx = order[k : k + a.batch_size]
                w = max(len(encs[i].ids) for i in idx)
                arr = np.zeros((3, len(idx), w), dtype=np.int64)
                for r, i in enumerate(idx):
                    e = encs[i]
                    arr[0, r, : len(e.ids)] = e.ids
                    arr[1, r, : len(e.ids)] = e.attention_mask
                    arr[2, r, : len(e.ids)] = e.type_ids
                logits = model(torch.from_numpy(arr[0]), torch.from_numpy(arr[1]), torch.from_numpy(arr[2]))
                for r, i in enumerate(idx):
                    probs[i] = torch.softmax(logits[r], -1).numpy()
        return probs

    run()
    rates = []
    for _ in range(a.passes):
        t0 = time.perf_counter()
        run()
        rates.append(len(ts) / (time.perf_counter() - t0))
    print(f"python-transformers threads={a.threads} targets={len(ts)} batch={a.batch_size} "
          f"median {statistics.median(rates):.1f}/s (min {min(rates):.1f}, max {max(rates):.1f}) "
          f"torch {torch.__version__}")


if __name__ == "__main__":
    main()
