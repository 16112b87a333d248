"""Reference for the importance benchmark: scikit-learn's permutation_importance.

Builds an MLPRegressor of the benchmark network's shape, copies the network's
weights into it (with the input standardization folded into the first layer,
so both models predict the same values) and times permutation_importance with
the R² score. Usage: sklearn_permutation.py MANIFEST REPEATS SEED. Prints one
JSON line.
"""
import json
import sys
import time
import warnings

import numpy as np
import sklearn
from sklearn.exceptions import ConvergenceWarning
from sklearn.inspection import permutation_importance
from sklearn.neural_network import MLPRegressor

from tensors import read_tensors


def build_model(tensors, x, y):
    """Return an MLPRegressor whose weights are the benchmark network's."""
    layer_count = sum(1 for name in tensors if name.startswith("kernel"))
    hidden = tuple(int(tensors[f"kernel{i}"].shape[1]) for i in range(layer_count - 1))
    model = MLPRegressor(hidden_layer_sizes=hidden, activation="relu", max_iter=1, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(x[:64], y[:64])

    mean = tensors["input_mean"].astype(np.float64)
    scale = tensors["input_scale"].astype(np.float64)
    kernels = [tensors[f"kernel{i}"].astype(np.float64) for i in range(layer_count)]
    biases = [tensors[f"bias{i}"].astype(np.float64) for i in range(layer_count)]
    # (x − mean) / scale · W + b = x · (W / scale) + (b − (mean / scale) · W)
    biases[0] = biases[0] - (mean / scale) @ kernels[0]
    kernels[0] = kernels[0] / scale[:, None]
    model.coefs_ = kernels
    model.intercepts_ = biases
    return model


def main():
    manifest, repeats, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    tensors = read_tensors(manifest)
    x = tensors["x"].astype(np.float64)
    y = tensors["y"].astype(np.float64)
    model = build_model(tensors, x, y)
    prediction_gap = float(np.max(np.abs(model.predict(x) - tensors["predictions"].astype(np.float64))))

    started = time.perf_counter()
    result = permutation_importance(model, x, y, n_repeats=repeats, random_state=seed)
    seconds = time.perf_counter() - started

    print(json.dumps({
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
        "seconds": seconds,
        "importancesMean": result.importances_mean.tolist(),
        "importancesStd": result.importances_std.tolist(),
        "maxPredictionGap": prediction_gap,
    }))


if __name__ == "__main__":
    main()
