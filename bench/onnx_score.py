"""Runs an ONNX model Tusk exported on onnxruntime: the engine Tusk did not write.

    onnx_score.py score MODEL.onnx FEED.json OUT.json
        Checks the model with onnx.checker (full check, shape inference included), feeds it the
        columns in FEED.json ({"column": [values]}, null for a missing number) as [N, 1] tensors
        of the graph's input types, and writes {"label": [...], "probabilities": [[p0, p1], ...]}.
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
    elif len(sys.argv) == 5 and sys.argv[1] == "bench":
        bench(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    else:
        raise SystemExit(__doc__)
