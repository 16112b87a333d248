"""Reference for the pruning benchmark: torch.nn.utils.prune.global_unstructured.

For each network, loads the kernels of the prunable layers into nn.Linear
modules and prunes them together to the sparsity with L1Unstructured. Then
prune.remove makes the masks permanent, and both steps are timed. Writes the
keep-mask of the last repeat in the benchmark's layout (each kernel
[inputs × units] row-major, kernels concatenated) to its MASK_OUT file.
Usage: torch_prune.py SPARSITY REPEATS MANIFEST MASK_OUT [MANIFEST MASK_OUT ...].
Prints one JSON line with one entry per network, so PyTorch is imported once.
"""
import json
import sys
import time

import numpy as np
import torch
from torch import nn
from torch.nn.utils import prune

from tensors import read_tensors


def linear_layers(kernels):
    """Return nn.Linear modules whose weights [units × inputs] are the transposed kernels."""
    layers = []
    for kernel in kernels:
        layer = nn.Linear(kernel.shape[0], kernel.shape[1])
        with torch.no_grad():
            layer.weight.copy_(torch.from_numpy(np.ascontiguousarray(kernel.T)))
        layers.append(layer)
    return layers


def prune_network(manifest, sparsity, repeats, mask_out):
    """Time global L1 pruning of one network's kernels and write the final keep-mask."""
    tensors = read_tensors(manifest)
    names = sorted((name for name in tensors if name.startswith("kernel")), key=lambda name: int(name[len("kernel"):]))
    kernels = [tensors[name] for name in names]

    seconds = []
    layers = []
    for _ in range(repeats):
        layers = linear_layers(kernels)
        started = time.perf_counter()
        prune.global_unstructured([(layer, "weight") for layer in layers], pruning_method=prune.L1Unstructured, amount=sparsity)
        for layer in layers:
            prune.remove(layer, "weight")
        seconds.append(time.perf_counter() - started)

    masks = [(layer.weight.detach().numpy().T != 0).astype(np.uint8).ravel() for layer in layers]
    np.concatenate(masks).tofile(mask_out)
    return {"seconds": seconds, "pruned": int(sum(mask.size - int(mask.sum()) for mask in masks))}


def main():
    sparsity, repeats = float(sys.argv[1]), int(sys.argv[2])
    pairs = sys.argv[3:]
    if len(pairs) == 0 or len(pairs) % 2 != 0:
        sys.exit("usage: torch_prune.py SPARSITY REPEATS MANIFEST MASK_OUT [MANIFEST MASK_OUT ...]")
    networks = [prune_network(pairs[i], sparsity, repeats, pairs[i + 1]) for i in range(0, len(pairs), 2)]
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "networks": networks}))


if __name__ == "__main__":
    main()
