"""`make bench`'s width figures: `tusk train` on 300 rows of WIDTH numeric columns, its time and
its model's size against the width, beside scikit-learn's LogisticRegression on the same file.

The data is generated here, deterministically (a seeded generator, no numpy): every column is a
standard normal, and the label follows the first two columns plus noise. `tusk train logistic`
is timed as a whole process (reading the CSV, encoding, the fit, the outlier detector, writing
the model); `tusk train boosted` too, up to BOOSTED_MAX columns (its histograms cost width × 256
bins per node: see the README). scikit-learn reads the same CSV with pandas and fits
StandardScaler + LogisticRegression (C=1, lbfgs), and HistGradientBoostingClassifier (100
iterations, 31 leaves, min_samples_leaf 20, no early stopping: tusk's boosted settings), each
timed inside its process (imports excluded, one thread); they are skipped, saying why, when the
Python running this lacks scikit-learn or pandas (`make bench-width SKLEARN_PYTHON=venv/bin/python3`).

    python3 bench/width.py .build/release/tusk 100 1000 10000
"""
import os
import random
import subprocess
import sys
import tempfile
import time

ROWS = 300
BOOSTED_MAX = int(os.environ.get("BOOSTED_MAX", "10000"))
MISSING = None


def generate(path, width):
    generator = random.Random(7)
    with open(path, "w") as out:
        out.write(",".join(f"x{j}" for j in range(width)) + ",label\n")
        for _ in range(ROWS):
            xs = [generator.gauss(0, 1) for _ in range(width)]
            label = "yes" if xs[0] + 0.5 * xs[1] + generator.gauss(0, 1) > 0 else "no"
            out.write(",".join(f"{v:.4f}" for v in xs) + "," + label + "\n")


def tusk(binary, kind, data, model):
    start = time.perf_counter()
    subprocess.run(
        [binary, "train", kind, "on", data, "--target", "label", "-o", model],
        check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start, os.path.getsize(model)


def sklearn_fit(data):
    """(logistic seconds, boosted seconds), or None when scikit-learn or pandas is missing."""
    global MISSING
    for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(variable, "1")
    try:
        import pandas as pd
        from sklearn.ensemble import HistGradientBoostingClassifier
        from sklearn.linear_model import LogisticRegression
        from sklearn.preprocessing import StandardScaler
    except ImportError as error:
        MISSING = str(error)
        return None
    start = time.perf_counter()
    frame = pd.read_csv(data)
    x = StandardScaler().fit_transform(frame.drop(columns=["label"]).to_numpy())
    LogisticRegression(C=1.0, max_iter=1000).fit(x, frame["label"].to_numpy())
    logistic = time.perf_counter() - start
    start = time.perf_counter()
    frame = pd.read_csv(data)
    HistGradientBoostingClassifier(
        max_iter=100, learning_rate=0.1, max_leaf_nodes=31, min_samples_leaf=20, early_stopping=False
    ).fit(frame.drop(columns=["label"]).to_numpy(), frame["label"].to_numpy())
    return logistic, time.perf_counter() - start


def main():
    binary = sys.argv[1]
    widths = [int(w) for w in sys.argv[2:]] or [100, 1000, 10000]
    print(f"width: {ROWS} rows x WIDTH numeric columns; time of a whole `tusk train` process, model size")
    print(f"{'width':>7} {'logistic':>10} {'model':>10} {'boosted':>10} {'model':>10} {'sklearn LR':>11} {'sklearn HGB':>12}")
    with tempfile.TemporaryDirectory() as directory:
        for width in widths:
            data = os.path.join(directory, f"w{width}.csv")
            generate(data, width)
            logistic, logistic_size = tusk(binary, "logistic", data, os.path.join(directory, "l.json"))
            boosted = boosted_size = None
            if width <= BOOSTED_MAX:
                boosted, boosted_size = tusk(binary, "boosted", data, os.path.join(directory, "b.json"))
            reference = sklearn_fit(data)
            print(
                f"{width:>7} {logistic:>9.2f}s {logistic_size / 1e6:>8.2f}MB "
                + (f"{boosted:>9.2f}s {boosted_size / 1e6:>8.2f}MB " if boosted is not None else f"{'-':>10} {'-':>10} ")
                + (f"{reference[0]:>10.2f}s {reference[1]:>11.2f}s" if reference is not None
                   else f"{'skipped':>11} {'skipped':>12}"))
    if MISSING is not None:
        print(f"scikit-learn reference skipped: {sys.executable} has no {MISSING.split()[-1]} ({MISSING}); "
              "pip install scikit-learn pandas, or make bench-width SKLEARN_PYTHON=...")


if __name__ == "__main__":
    main()
