"""Reads the tensors that bench/support/python.ts writeTensors stores."""
import json
import os

import numpy as np


def read_tensors(manifest_path):
    """Return a dict of name -> numpy array from a manifest.json and its .bin files."""
    folder = os.path.dirname(manifest_path)
    with open(manifest_path) as handle:
        manifest = json.load(handle)
    tensors = {}
    for entry in manifest:
        values = np.fromfile(os.path.join(folder, entry["file"]), dtype=np.dtype(entry["dtype"]).newbyteorder("<"))
        tensors[entry["name"]] = values.reshape(entry["shape"])
    return tensors
