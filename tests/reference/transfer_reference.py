#!/usr/bin/env python3
"""SentEval's logistic-regression protocols with scikit-learn, on given features and folds.

  transfer_reference.py SPEC.json OUTPUT.json [--sklearn-defaults]

SPEC: {"tasks": [{"name", "protocol": "cv"|"kfold"|"split", "classes",
                  "train_x", "train_y", "dev_x", "dev_y", "test_x", "test_y" (.npy paths),
                  "plan": .npy [k, n] for cv (-1 = outer test row, else inner fold),
                  "folds": .npy [n] for kfold, "grid": [C...], "f1": bool}], "tol", "max_iter"}
Same protocol as senteval/tools/validation.py with usepytorch=False (mean
accuracy x 100 rounded to 2 decimals, first best C), but with the folds
given by the C++ side and LogisticRegression solved to the same tolerance
(SentEval leaves max_iter at 100; --sklearn-defaults does that too).
"""
import json
import os
import sys
import time
import warnings

# Single-threaded BLAS: these fits are small, and threads oversubscribe a
# busy machine (10x slower measured on 2 shared cores).
for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")

import numpy as np  # noqa: E402
from sklearn.exceptions import ConvergenceWarning  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.metrics import f1_score  # noqa: E402

warnings.filterwarnings("ignore", category=ConvergenceWarning)


def main():
    spec = json.load(open(sys.argv[1]))
    defaults = "--sklearn-defaults" in sys.argv
    kw = {} if defaults else {"max_iter": spec.get("max_iter", 1000), "tol": spec.get("tol", 1e-6)}

    def clf(C):
        return LogisticRegression(C=C, random_state=1111, **kw)

    def grid_scores(X, y, folds, k, grid):
        scores = []
        for C in grid:
            accs = []
            for f in range(k):
                tr, te = folds != f, folds == f
                accs.append(clf(C).fit(X[tr], y[tr]).score(X[te], y[te]))
            scores.append(round(100 * np.mean(accs), 2))
        return scores

    load = lambda p: np.load(p).astype(np.float64)
    out = {}
    for t in spec["tasks"]:
        start = time.time()
        grid = t["grid"]
        X, y = load(t["train_x"]), np.load(t["train_y"]).astype(int).ravel()
        res = {}
        if t["protocol"] == "cv":
            plan = np.load(t["plan"]).astype(int)
            k = plan.shape[0]
            tests, devs, cs = [], [], []
            for o in range(k):
                tr, te = plan[o] >= 0, plan[o] < 0
                scores = grid_scores(X[tr], y[tr], plan[o][tr], k, grid)
                best = int(np.argmax(scores))
                m = clf(grid[best]).fit(X[tr], y[tr])
                tests.append(100 * m.score(X[te], y[te]))
                devs.append(scores[best])
                cs.append(grid[best])
            res = {"acc": float(np.mean(tests)), "devacc": float(np.mean(devs)), "C": cs}
        elif t["protocol"] == "kfold":
            folds = np.load(t["folds"]).astype(int).ravel()
            k = int(folds.max()) + 1
            scores = grid_scores(X, y, folds, k, grid)
            best = int(np.argmax(scores))
            m = clf(grid[best]).fit(X, y)
            Xt, yt = load(t["test_x"]), np.load(t["test_y"]).astype(int).ravel()
            pred = m.predict(Xt)
            res = {"acc": 100 * float(np.mean(pred == yt)), "devacc": scores[best], "C": [grid[best]]}
            if t.get("f1"):
                res["f1"] = 100 * float(f1_score(yt, pred))
        else:
            Xd, yd = load(t["dev_x"]), np.load(t["dev_y"]).astype(int).ravel()
            Xt, yt = load(t["test_x"]), np.load(t["test_y"]).astype(int).ravel()
            models, scores = [], []
            for C in grid:
                m = clf(C).fit(X, y)
                models.append(m)
                scores.append(round(100 * m.score(Xd, yd), 2))
            best = int(np.argmax(scores))
            res = {"acc": 100 * models[best].score(Xt, yt), "devacc": scores[best], "C": [grid[best]]}
        res["seconds"] = time.time() - start
        out[t["name"]] = res
        print("reference %s: acc %.2f (C %s) in %.1f s" % (t["name"], res["acc"], res["C"], res["seconds"]), flush=True)
    json.dump(out, open(sys.argv[2], "w"), indent=1)


if __name__ == "__main__":
    main()
