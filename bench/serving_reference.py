"""The scikit-learn side of the router's bench (`make bench`): TuskServingBench's work, in the same run.

Two LogisticRegression pipelines (StandardScaler on numerics, OneHotEncoder on categoricals, a
missing value '?' its own category) are trained on census.csv (live) and vendor.csv (shadow).
The live model's outlier distance is the Mahalanobis distance of its standardized numerics
(EmpiricalCovariance, centred), as Tusk's detector measures it. The requests are
requests_v1.csv's rows repeated to 50,000 with unique ids, routed by a hash of the id (CRC-32, in
basis points, against the canaries' traffic: none here, so every request is answered live).

(a) route, score with both models and log every request (id, input as JSON, every answer) into
    an on-disk SQLite file, one transaction per batch with executemany, in WAL mode with
    synchronous=NORMAL as Tusk's store is; the log grows over the runs as Tusk's does;
(b) the same without the log;
(c) one JSON record at a time: parse, one-row DataFrame, route, both models, outlier distance;
    p50 and p99 over 2,000 requests (a one-row predict_proba costs milliseconds).
Timings of (a) and (b) are medians of repeated runs, single-threaded; figures are printed in the
Swift bench's units and rows.
"""
import hashlib
import io
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
import zlib

for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(variable, "1")

try:
    import sqlite3

    import numpy as np
    import pandas as pd
    import sklearn
    from sklearn.compose import ColumnTransformer
    from sklearn.covariance import EmpiricalCovariance
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler
except ImportError as error:
    print(f"serving reference skipped: {error.name} is not installed (pip install scikit-learn pandas)")
    sys.exit(0)

datasets = sys.argv[1] if len(sys.argv) > 1 else "datasets"
repetitions = int(sys.argv[2]) if len(sys.argv) > 2 else 11
STREAM = 50_000
SINGLE = 2_000
WARM_UP = 200
LOGGED_SINGLE = 200
CANARY_TRAFFIC = 0  # per cent of the requests a canary takes; the bench's release has none

if not os.path.exists(os.path.join(datasets, "requests_v1.csv")):
    print(f"serving reference skipped: {datasets}/requests_v1.csv not found")
    sys.exit(0)


def read(source):
    return pd.read_csv(source, na_values="?", keep_default_na=False)


def median_time(body):
    times, result = [], None
    for _ in range(repetitions):
        start = time.perf_counter()
        result = body()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def rate(count, seconds):
    per_second = count / seconds
    return f"{per_second / 1e6:.2f} M/s" if per_second >= 1e6 else f"{per_second / 1e3:.0f} k/s"


def micros(nanoseconds):
    return f"{nanoseconds / 1e3:.2f} µs"


def line(label, figure, goal=""):
    print(f"  {label:<52}{figure:<14}{goal}")


census = read(os.path.join(datasets, "census.csv"))
features = [c for c in census.columns if c != "income"]
numeric = [c for c in features if pd.api.types.is_numeric_dtype(census[c])]
categorical = [c for c in features if c not in numeric]


def train(name):
    frame = census if name == "census" else read(os.path.join(datasets, f"{name}.csv"))
    model = Pipeline([
        ("prep", ColumnTransformer([("num", StandardScaler(), numeric),
                                    ("cat", OneHotEncoder(handle_unknown="ignore"), categorical)])),
        ("logistic", LogisticRegression(C=1.0, max_iter=1000)),
    ]).fit(frame[features], frame["income"] == ">50K")
    return model


live, shadow = train("census"), train("vendor")
scaler = live.named_steps["prep"].named_transformers_["num"]
outliers = EmpiricalCovariance(assume_centered=True).fit(scaler.transform(census[numeric]))
with open(os.path.join(datasets, "census.csv"), "rb") as file:
    live_address = f"models@{hashlib.sha256(file.read()).hexdigest()}:/census.json"

base = read(os.path.join(datasets, "requests_v1.csv"))
copies = STREAM // len(base)
stream = pd.concat([base] * copies, ignore_index=True)
stream["request_id"] = [f"q{k // len(base)}-{i}" for k, i in enumerate(stream["request_id"])]
stream_csv = stream.to_csv(index=False, na_rep="?")


def route_and_score(frame):
    """Every request's answering predictor, its answer, the shadow's and the outlier distance."""
    buckets = np.fromiter((zlib.crc32(i.encode()) % 10_000 for i in frame["request_id"]), np.int64, len(frame))
    x = frame[features]
    live_p = live.predict_proba(x)[:, 1]
    shadow_p = shadow.predict_proba(x)[:, 1]
    distance = np.sqrt(outliers.mahalanobis(scaler.transform(x[numeric])))
    answered = np.where(buckets < CANARY_TRAFFIC * 100, "canary", "live")
    return answered, live_p, shadow_p, distance


scratch = tempfile.mkdtemp(prefix="tusk-serving-reference-")
database = os.path.join(scratch, "log.sqlite")
db = sqlite3.connect(database, isolation_level=None)
db.execute("PRAGMA journal_mode = WAL")
db.execute("PRAGMA synchronous = NORMAL")  # as GRDB sets it for tusk's store in WAL mode
db.execute("PRAGMA journal_size_limit = 67108864")
db.executescript("""
    CREATE TABLE servedRequest (
        deployment TEXT NOT NULL, sequence INTEGER NOT NULL, requestId TEXT NOT NULL,
        release INTEGER NOT NULL, predictor TEXT NOT NULL, model TEXT NOT NULL, input TEXT NOT NULL,
        answers TEXT NOT NULL, latency INTEGER, PRIMARY KEY (deployment, sequence)
    ) WITHOUT ROWID;
    CREATE INDEX servedRequest_by_id ON servedRequest(deployment, requestId);
""")


def log(frame, answered, live_p, shadow_p, distance):
    """One transaction: the next sequence number, then every request with executemany."""
    inputs = frame[features].to_json(orient="records", lines=True).splitlines()
    answers = [f"live={a!r} shadow-1={s!r} ~{d!r}"
               for a, s, d in zip(live_p.tolist(), shadow_p.tolist(), distance.tolist())]
    db.execute("BEGIN IMMEDIATE")
    last = db.execute("SELECT MAX(sequence) FROM servedRequest WHERE deployment = ?", ("production",)).fetchone()[0]
    first = (last or 0) + 1
    db.executemany(
        "INSERT INTO servedRequest VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        zip(["production"] * len(frame), range(first, first + len(frame)), frame["request_id"], [1] * len(frame),
            answered.tolist(), [live_address] * len(frame), inputs, answers, [None] * len(frame)))
    db.execute("COMMIT")
    return live_p


def serve(frame):
    return log(frame, *route_and_score(frame))


def json_text(k):
    record = base.iloc[k % len(base)]
    payload = {"request_id": f"s{k}"}
    for name in features:
        value = record[name]
        payload[name] = None if pd.isna(value) else value.item() if hasattr(value, "item") else value
    return json.dumps(payload)


def parse(text):
    """A JSON record, `null` read as the missing value the models were trained with."""
    return {name: np.nan if value is None else value for name, value in json.loads(text).items()}


def predict(text):
    record = parse(text)
    frame = pd.DataFrame([record], dtype=object)  # a lone NaN would make a categorical column float
    answered = "canary" if zlib.crc32(record["request_id"].encode()) % 10_000 < CANARY_TRAFFIC * 100 else "live"
    x = frame[features]
    live_p = live.predict_proba(x)[0, 1]
    shadow_p = shadow.predict_proba(x)[0, 1]
    distance = np.sqrt(outliers.mahalanobis(scaler.transform(x[numeric])))[0]
    return answered, live_p, shadow_p, distance


try:
    serve(stream)  # warm-up
    logged_seconds, logged_p = median_time(lambda: serve(stream))
    read_logged_seconds, _ = median_time(lambda: serve(read(io.StringIO(stream_csv))))
    reading_seconds, _ = median_time(lambda: len(read(io.StringIO(stream_csv))))
    unlogged_seconds, (_, unlogged_p, shadow_p, distance) = median_time(lambda: route_and_score(stream))
    sent = STREAM * (1 + 2 * repetitions)
    count = db.execute("SELECT COUNT(*) FROM servedRequest").fetchone()[0]
    assert count == sent, f"the log holds {count} requests, {sent} were sent"
    assert np.array_equal(logged_p, unlogged_p)

    texts = [json_text(k) for k in range(SINGLE)]
    for k in range(WARM_UP):
        predict(texts[k])
    for k in range(len(base)):
        assert abs(predict(texts[k])[1] - unlogged_p[k]) < 1e-12, f"request {k} as JSON scores differently"
    # A one-row predict costs milliseconds: one round of SINGLE requests, not one per repetition.
    times = []
    for text in texts:
        start = time.perf_counter_ns()
        predict(text)
        times.append(time.perf_counter_ns() - start)
    served = []
    for text in texts[:LOGGED_SINGLE]:
        start = time.perf_counter_ns()
        serve(pd.DataFrame([parse(text)], dtype=object))
        served.append(time.perf_counter_ns() - start)
    assert db.execute("SELECT COUNT(*) FROM servedRequest").fetchone()[0] == sent + LOGGED_SINGLE
    on_disk = sum(os.path.getsize(p) for p in (database, database + "-wal") if os.path.exists(p))
finally:
    db.close()
    shutil.rmtree(scratch, ignore_errors=True)

print(f"scikit-learn {sklearn.__version__}, pandas {pd.__version__}, SQLite {sqlite3.sqlite_version}: "
      f"the same {STREAM} requests, census live + vendor shadow; medians of {repetitions} runs")
print(f"  {'':<52}scikit-learn  goal (tusk's)")
line("(a) routed, scored and logged (sqlite3 on disk)", rate(STREAM, logged_seconds), "≥ 200 k/s")
line("    the same, reading the CSV stream too", rate(STREAM, read_logged_seconds))
line("    reading the CSV stream alone (pandas)", rate(STREAM, reading_seconds))
line("    what the log adds per request, (a) − (b)", micros((logged_seconds - unlogged_seconds) * 1e9 / STREAM))
line("(b) routed and scored, no log", rate(STREAM, unlogged_seconds), "≥ 2.00 M/s")
line("(c) one predict, JSON record to answer, p50", micros(float(np.percentile(times, 50))), "≤ 50 µs")
line("    p99", micros(float(np.percentile(times, 99))), "≤ 50 µs")
line("    one predict logged (one commit), p50", micros(float(np.percentile(served, 50))))
line("    p99", micros(float(np.percentile(served, 99))))
print(f"  checks: {count} requests logged in (a) as sent, {on_disk / 1e6:.0f} MB on disk; mean live probability "
      f"{unlogged_p.mean():.4f}, shadow {shadow_p.mean():.4f}, outlier distance {distance.mean():.3f}")
print(f"  (c): p50 and p99 over {SINGLE} requests after {WARM_UP} to warm up; "
      f"logged: {LOGGED_SINGLE} requests, one commit each")
