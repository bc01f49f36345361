"""Static int8 (QDQ) quantization of the shipped model, for measuring speed and accuracy; the
result is not shipped (see BENCHMARKS.md, "Sentiment: static int8").

    python quantize_static.py MODEL_DIR OUT_DIR TRAIN_JSONL N_CALIBRATION minmax|percentile|entropy [ONLY]

ONLY (optional) is a regular expression: only the MatMul/Gemm nodes whose names match it are
quantized, the others stay float32 (for example `(intermediate|output)/dense` for the
feed-forward layers alone).

Needs onnxruntime==1.31.1, onnx, tokenizers, numpy. The shipped model stores float16 weights
with Casts to float32; those are turned back into float32 initializers first, then MatMul/Gemm
weights are quantized per channel (int8) and their activations with fixed, calibrated scales
(uint8), so a score does not depend on its batch mates (unlike dynamic quantization). The
calibration inputs are NewsMTSC train targets encoded exactly as framescope encodes them
(labels.json `input_format`). OUT_DIR gets model.onnx; copy labels.json and tokenizer.json
next to it and run `framescope eval-sentiment FILE --model OUT_DIR`.
"""
import json
import re
import sys

import numpy as np
import onnx
from onnx import TensorProto, numpy_helper
from onnxruntime.quantization import (CalibrationDataReader, CalibrationMethod, QuantFormat,
                                      QuantType, quantize_static)
from onnxruntime.quantization.shape_inference import quant_pre_process
from tokenizers import Tokenizer

src, out_dir, train, n_cal, method = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
only = re.compile(sys.argv[6]) if len(sys.argv) > 6 else None

m = onnx.load(f"{src}/model.onnx")
inits = {i.name: i for i in m.graph.initializer}
nodes, added = [], []
for n in m.graph.node:
    if n.op_type == "Cast" and n.input[0] in inits and inits[n.input[0]].data_type == TensorProto.FLOAT16:
        added.append(numpy_helper.from_array(numpy_helper.to_array(inits[n.input[0]]).astype(np.float32), n.output[0]))
        del inits[n.input[0]]
    else:
        nodes.append(n)
del m.graph.node[:]
m.graph.node.extend(nodes)
del m.graph.initializer[:]
m.graph.initializer.extend(list(inits.values()) + added)
onnx.save(m, f"{out_dir}/fp32.onnx")
quant_pre_process(f"{out_dir}/fp32.onnx", f"{out_dir}/fp32-pre.onnx", skip_symbolic_shape=True)

tok = Tokenizer.from_file(f"{src}/tokenizer.json")
feeds = []
with open(train, encoding="utf-8") as f:
    for line in f:
        r = json.loads(line)
        s = r["sentence_normalized"]
        for t in r["targets"]:
            a, b = t["from"], t["to"]
            e = tok.encode(f"{s[:a]}[unused0] {s[a:b]} [unused1]{s[b:]}", s[a:b])
            # Histogram calibrators stack their inputs: pad to the model's 128 tokens.
            pad = 0 if method == "minmax" else 128 - len(e.ids)
            feeds.append({
                "input_ids": np.array([e.ids + [0] * pad], dtype=np.int64),
                "attention_mask": np.array([e.attention_mask + [0] * pad], dtype=np.int64),
                "token_type_ids": np.array([e.type_ids + [0] * pad], dtype=np.int64),
            })
        if len(feeds) >= n_cal:
            break


class Reader(CalibrationDataReader):
    def __init__(self):
        self.it = iter(feeds)

    def get_next(self):
        return next(self.it, None)


pre = onnx.load(f"{out_dir}/fp32-pre.onnx")
exclude = [n.name for n in pre.graph.node
           if n.op_type in ("MatMul", "Gemm") and only is not None and not only.search(n.name)]
print(f"{len(exclude)} MatMul/Gemm nodes left in float32")

methods = {"minmax": CalibrationMethod.MinMax, "percentile": CalibrationMethod.Percentile,
           "entropy": CalibrationMethod.Entropy}
quantize_static(
    f"{out_dir}/fp32-pre.onnx", f"{out_dir}/model.onnx", Reader(),
    quant_format=QuantFormat.QDQ, per_channel=True,
    activation_type=QuantType.QUInt8, weight_type=QuantType.QInt8,
    op_types_to_quantize=["MatMul", "Gemm"], calibrate_method=methods[method],
    nodes_to_exclude=exclude,
    extra_options={"CalibMovingAverage": True} if method == "minmax" else {},
)
print("wrote", f"{out_dir}/model.onnx")
