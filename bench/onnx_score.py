"""Runs an ONNX model Tusk exported on onnxruntime: the engine Tusk did not write.

    onnx_score.py score MODEL.onnx FEED.json OUT.json
        Checks the model with onnx.checker (full check, shape inference included), feeds it the
        columns in FEED.json ({"column": [values]}, null for a missing number) as [N, 1] tensors
        of the graph's input types, and writes {"label": [...], "probabilities": [[p0, p1], ...]}.
    onnx_score.py v2 MODEL.onnx REQUEST.json OUT.json
        Feeds an Open Inference V2 request's inputs ({"inputs": [{"name", "shape", "datatype",
        "data"}]}) to the model as Triton does: each tensor by name, of its shape, FP32 as float32
        and BYTES as strings; writes the answer as `score` does.
    onnx_score.py bench MODEL.onnx CSV REPETITIONS
        Times onnxruntime scoring every row of a headerless UCI Adult-layout CSV (the tensors
        built once, outside the timing), single-threaded, and prints the median rows per second.

Exit status 77 when onnx or onnxruntime is missing (the tests skip, saying so).
"""
import csv
import json
import statistics
import sys
import time

try:
    import numpy as np
    import onnx
    import onnxruntime as ort
except ImportError as error:
    print(f"{error.name} is not installed (pip install onnx onnxruntime numpy)")
    sys.exit(77)


def session(path):
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    return ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])


def tensors(sess, columns):
    feed = {}
    for item in sess.get_inputs():
        values = columns[item.name]
        if item.type == "tensor(float)":
            feed[item.name] = np.array([np.nan if v is None else v for v in values], dtype=np.float32).reshape(-1, 1)
        elif item.type == "tensor(string)":
            feed[item.name] = np.array(values, dtype=object).reshape(-1, 1)
        else:
            raise SystemExit(f"input '{item.name}' has type {item.type}, which tusk does not export")
    return feed


def score(model_path, feed_path, out_path):
    model = onnx.load(model_path)
    onnx.checker.check_model(model, full_check=True)
    sess = session(model_path)
    with open(feed_path) as f:
        columns = json.load(f)
    labels, probabilities = sess.run(["label", "probabilities"], tensors(sess, columns))
    result = {
        "label": [str(v) for v in labels.tolist()],
        "probabilities": [[float(a), float(b)] for a, b in probabilities.tolist()],
        "metadata": {p.key: p.value for p in model.metadata_props},
        "opsets": {o.domain or "ai.onnx": o.version for o in model.opset_import},
        "ir_version": model.ir_version,
        "onnxruntime": ort.__version__,
    }
    with open(out_path, "w") as f:
        json.dump(result, f)


def v2(model_path, request_path, out_path):
    sess = session(model_path)
    with open(request_path) as f:
        request = json.load(f)
    types = {"FP32": np.float32, "BYTES": object}
    feed = {}
    for tensor in request["inputs"]:
        if tensor["datatype"] not in types:
            raise SystemExit(f"input '{tensor['name']}' is {tensor['datatype']}; the model takes FP32 and BYTES")
        feed[tensor["name"]] = np.array(tensor["data"], dtype=types[tensor["datatype"]]).reshape(tensor["shape"])
    labels, probabilities = sess.run(["label", "probabilities"], feed)
    with open(out_path, "w") as f:
        json.dump({"label": [str(v) for v in labels.tolist()],
                   "probabilities": [[float(a), float(b)] for a, b in probabilities.tolist()]}, f)


ADULT = ["age", "workclass", "fnlwgt", "education", "education-num", "marital-status", "occupation",
         "relationship", "race", "sex", "capital-gain", "capital-loss", "hours-per-week", "native-country", "income"]


def bench(model_path, csv_path, repetitions):
    sess = session(model_path)
    with open(csv_path, newline="") as f:
        rows = [[cell.strip() for cell in row] for row in csv.reader(f) if row]
    columns = {name: [row[i] for row in rows] for i, name in enumerate(ADULT)}
    for item in sess.get_inputs():
        if item.type == "tensor(float)":
            columns[item.name] = [None if v in ("", "?") else float(v) for v in columns[item.name]]
    feed = tensors(sess, columns)
    times = []
    for _ in range(repetitions):
        start = time.perf_counter()
        sess.run(["label", "probabilities"], feed)
        times.append(time.perf_counter() - start)
    median = statistics.median(times)
    print(f"onnxruntime {ort.__version__} scoring {len(rows)} rows ({model_path.rsplit('/', 1)[-1]}): "
          f"{median * 1000:.1f} ms, {len(rows) / median / 1e6:.2f} M rows/s")


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "score":
        score(*sys.argv[2:])
    elif len(sys.argv) == 5 and sys.argv[1] == "v2":
        v2(*sys.argv[2:])
    elif len(sys.argv) == 5 and sys.argv[1] == "bench":
        bench(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    else:
        raise SystemExit(__doc__)
