"""The scikit-learn side of `make bench`: the same file, split and preprocessing as TuskBench.

Every fifth row (index % 5 == 4) is held out. Numerics are standardized, categoricals one-hot
encoded (a missing value, '?', is its own category). Timings are medians, single-threaded.

What `tusk train logistic` does as a whole process is timed twice here: load, encode and fit on
every row inside this process, and as a process of its own (python3 starting, importing pandas
and scikit-learn, then the same), as `reference.py --one-fit PATH` runs it.
"""
import os
import statistics
import subprocess
import sys
import time

for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(variable, "1")

try:
    import numpy as np
    import pandas as pd
    import sklearn
    from sklearn.compose import ColumnTransformer
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import accuracy_score, roc_auc_score
    from sklearn.preprocessing import OneHotEncoder, StandardScaler
except ImportError as error:
    print(f"reference skipped: {error.name} is not installed (pip install scikit-learn pandas)")
    sys.exit(0)

one_fit = len(sys.argv) > 1 and sys.argv[1] == "--one-fit"
arguments = sys.argv[2:] if one_fit else sys.argv[1:]
path = arguments[0] if arguments else "../shared/datasets/adult/adult.data"
repetitions = int(arguments[1]) if len(arguments) > 1 else 11
names = ["age", "workclass", "fnlwgt", "education", "education-num", "marital-status", "occupation",
         "relationship", "race", "sex", "capital-gain", "capital-loss", "hours-per-week", "native-country", "income"]
numeric = ["age", "fnlwgt", "education-num", "capital-gain", "capital-loss", "hours-per-week"]
categorical = [n for n in names[:-1] if n not in numeric]


def median_time(body):
    times, result = [], None
    for _ in range(repetitions):
        start = time.perf_counter()
        result = body()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def load():
    frame = pd.read_csv(path, header=None, names=names, skipinitialspace=True, na_values="?", keep_default_na=False)
    frame["income"] = frame["income"].str.rstrip(".")
    prep = ColumnTransformer([("num", StandardScaler(), numeric),
                              ("cat", OneHotEncoder(handle_unknown="ignore"), categorical)])
    return frame, prep.fit_transform(frame)


def load_encode_fit():
    frame, x = load()
    return LogisticRegression(C=1.0, max_iter=1000).fit(x, frame["income"] == ">50K")


if one_fit:
    load_encode_fit()
    sys.exit(0)

seconds, (frame, _) = median_time(load)
print(f"scikit-learn {sklearn.__version__}, pandas {pd.__version__}")
print(f"load + encode (pandas + ColumnTransformer): {seconds * 1e3:.1f} ms")
seconds, _ = median_time(load_encode_fit)
print(f"load + encode + fit (lbfgs) on every row, in this process: {seconds * 1e3:.1f} ms")
process_times = []
for _ in range(max(3, repetitions // 2)):
    start = time.perf_counter()
    subprocess.run([sys.executable, __file__, "--one-fit", path], check=True)
    process_times.append(time.perf_counter() - start)
print(f"whole process (python3, imports, load, encode, fit): {statistics.median(process_times) * 1e3:.1f} ms")
test_mask = (np.arange(len(frame)) % 5) == 4
train, test = frame[~test_mask], frame[test_mask]
prep = ColumnTransformer([("num", StandardScaler(), numeric),
                          ("cat", OneHotEncoder(handle_unknown="ignore"), categorical)])
x_train, x_test = prep.fit_transform(train), prep.transform(test)
y_train, y_test = (train["income"] == ">50K").to_numpy(), (test["income"] == ">50K").to_numpy()
for solver in ("lbfgs", "liblinear", "newton-cholesky"):
    model = LogisticRegression(C=1.0, solver=solver, max_iter=1000)
    seconds, model = median_time(lambda: model.fit(x_train, y_train))
    p = model.predict_proba(x_test)[:, 1]
    print(f"logistic regression ({solver}) fit: {seconds * 1e3:.1f} ms, test accuracy "
          f"{accuracy_score(y_test, p > 0.5):.4f}, ROC AUC {roc_auc_score(y_test, p):.4f}")
hgb_train, hgb_test = train[names[:-1]].copy(), test[names[:-1]].copy()
for column in categorical:
    kind = pd.CategoricalDtype(sorted(frame[column].dropna().unique()))
    hgb_train[column], hgb_test[column] = hgb_train[column].astype(kind), hgb_test[column].astype(kind)
seconds, hgb = median_time(lambda: HistGradientBoostingClassifier(
    categorical_features="from_dtype", early_stopping=False, random_state=0).fit(hgb_train, y_train))
p = hgb.predict_proba(hgb_test)[:, 1]
print(f"HistGradientBoosting fit (100 trees, native categoricals): {seconds * 1e3:.1f} ms, test accuracy "
      f"{accuracy_score(y_test, p > 0.5):.4f}, ROC AUC {roc_auc_score(y_test, p):.4f}")
row = test.iloc[[0]]
seconds, _ = median_time(lambda: [model.predict_proba(prep.transform(row)) for _ in range(20)])
print(f"one record encoded and scored (ColumnTransformer + predict_proba): {seconds / 20 * 1e6:.1f} µs")
encoded = prep.transform(row)
seconds, _ = median_time(lambda: [model.predict_proba(encoded) for _ in range(200)])
print(f"one encoded record scored (predict_proba alone): {seconds / 200 * 1e6:.1f} µs")
