"""Weight-only int8/int4 quantization (ONNX Runtime MatMulNBits) of the shipped model, for
measuring speed and accuracy; the result is not shipped unless BENCHMARKS.md says so.

    python quantize_nbits.py MODEL_DIR OUT_DIR BITS BLOCK_SIZE ACCURACY_LEVEL

Needs onnxruntime==1.31.1, onnx, onnx_ir, numpy. Only the weights are quantized (blockwise, per
output column); activations stay float32, or with ACCURACY_LEVEL 4 are quantized to int8 block by
block within each row, so a score never depends on its batch mates. The float16-stored weights
are first made float32 initializers. OUT_DIR gets model.onnx; copy labels.json and
tokenizer.json next to it and run `framescope eval-sentiment FILE --model OUT_DIR`.
"""
import sys

import numpy as np
import onnx
from onnx import TensorProto, numpy_helper
from onnxruntime.quantization.matmul_nbits_quantizer import MatMulNBitsQuantizer

src, out_dir, bits, block, level = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])

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

q = MatMulNBitsQuantizer(m, bits=bits, block_size=block, is_symmetric=True, accuracy_level=level)
q.process()
q.model.save_model_to_file(f"{out_dir}/model.onnx", use_external_data_format=False)
print("wrote", f"{out_dir}/model.onnx")
