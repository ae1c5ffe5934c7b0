#!/usr/bin/env python3
"""scikit-learn's KMeans (algorithm="lloyd", one run) on the C++ tests' points.

  kmeans_reference.py POINTS.npy K MAX_ITER TOL SEED OUT.json [INIT.npy]

With INIT.npy the run starts from those centres; without, from
scikit-learn's own k-means++ (random_state=SEED). OUT.json: labels, inertia,
iterations.
"""
import json
import sys

import numpy as np
from sklearn.cluster import KMeans


def main():
    points = np.load(sys.argv[1]).astype(np.float32)
    k, max_iter, tol, seed = int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
    init = np.load(sys.argv[7]).astype(np.float32) if len(sys.argv) > 7 else "k-means++"
    km = KMeans(n_clusters=k, init=init, n_init=1, algorithm="lloyd", max_iter=max_iter, tol=tol,
                random_state=seed).fit(points)
    json.dump({"labels": km.labels_.tolist(), "inertia": float(km.inertia_), "iterations": int(km.n_iter_)},
              open(sys.argv[6], "w"))


if __name__ == "__main__":
    main()
