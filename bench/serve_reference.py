"""The reference side of `make bench-serve`: what `tusk serve` does, written plainly in Python.

A stdlib HTTP/1.1 server (ThreadingHTTPServer, keep-alive) answering Seldon's
`POST /api/v1.0/predictions` with two scikit-learn pipelines, as the tusk deployment of the
bench has them: a logistic regression trained on datasets/census.csv (live, answers) and one
trained on datasets/vendor.csv (shadow, scores every request, never answers). Every request is
logged to SQLite (WAL, synchronous=NORMAL as GRDB sets it for tusk's store: a commit is in the
write-ahead log before the answer, synced at checkpoints; one transaction per request) with its
input, both answers and its latency, before it is answered.

    python3 bench/serve_reference.py DATASETS PORT LOG.sqlite

prints `listening on http://127.0.0.1:PORT` once it is ready, and serves until SIGTERM or Ctrl-C.
"""
import json
import os
import signal
import sqlite3
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(variable, "1")

try:
    import pandas as pd
    from sklearn.compose import ColumnTransformer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler
except ImportError as error:
    print(f"reference skipped: {error.name} is not installed (pip install scikit-learn pandas)", flush=True)
    sys.exit(3)

datasets, port, log_path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
numeric = ["age", "fnlwgt", "education-num", "capital-gain", "capital-loss", "hours-per-week"]
categorical = ["workclass", "education", "marital-status", "occupation", "relationship", "race", "sex",
               "native-country"]
features = numeric + categorical


def train(name):
    frame = pd.read_csv(os.path.join(datasets, name), skipinitialspace=True, na_values="?", keep_default_na=False)
    prep = ColumnTransformer([("num", StandardScaler(), numeric),
                              ("cat", OneHotEncoder(handle_unknown="ignore"), categorical)])
    model = make_pipeline(prep, LogisticRegression(C=1.0, max_iter=1000))
    return model.fit(frame[features], frame["income"]), list(map(str, model.classes_))


(live, classes), (shadow, _) = train("census.csv"), train("vendor.csv")

database = sqlite3.connect(log_path, check_same_thread=False, isolation_level=None)
database.execute("PRAGMA journal_mode=WAL")
database.execute("PRAGMA synchronous=NORMAL")
database.execute("""CREATE TABLE IF NOT EXISTS served (sequence INTEGER PRIMARY KEY, request_id TEXT, input TEXT,
                    answers TEXT, latency INTEGER)""")
log_lock = threading.Lock()
counter = [0]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        start = time.perf_counter_ns()
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        if self.path != "/api/v1.0/predictions":
            return self.answer(404, {"status": {"code": 404, "info": "not found", "status": "FAILURE"}})
        try:
            data = json.loads(body)["data"]
            frame = pd.DataFrame(data["ndarray"], columns=data["names"])[features]
        except (ValueError, KeyError, TypeError) as error:
            return self.answer(400, {"status": {"code": 400, "info": str(error), "status": "FAILURE"}})
        probabilities = live.predict_proba(frame)
        shadowed = shadow.predict_proba(frame)
        with log_lock:
            database.execute("BEGIN IMMEDIATE")
            ids = []
            for row, record in enumerate(frame.to_dict("records")):
                counter[0] += 1
                ids.append(f"r{counter[0]}")
                database.execute(
                    "INSERT INTO served (request_id, input, answers, latency) VALUES (?, ?, ?, ?)",
                    (ids[-1], json.dumps(record),
                     f"live={probabilities[row][1]} shadow-1={shadowed[row][1]}",
                     time.perf_counter_ns() - start))
            database.execute("COMMIT")
        self.answer(200, {"data": {"names": classes, "ndarray": probabilities.tolist()},
                          "meta": {"puid": ids[0], "tags": {"request_ids": ids}}})


server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
server.daemon_threads = True
signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
print(f"listening on http://127.0.0.1:{server.server_address[1]}", flush=True)
try:
    server.serve_forever()
except KeyboardInterrupt:
    pass
print(f"stopped: {counter[0]} requests logged", flush=True)
