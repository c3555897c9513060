#!/usr/bin/env python3
"""Largest deviation of a lid-driven-cavity result from Ghia, Ghia & Shin (1982), Re = 100.

Usage: python3 ghia_check.py RESULT.nc

Reads x, y, prediction_u, prediction_v (and reference_u, reference_v) from a result file of
`pinn-solve run lid-driven-cavity --output RESULT.nc` through `ncdump` (netCDF-bin), and
interpolates them along the centrelines x = 0.5 (u) and y = 0.5 (v) to Ghia's points by a cubic
through the 4 nearest grid values. The tables are those of Sources/Spectral/GhiaCavity.swift.
"""
import subprocess
import sys

import numpy as np

U_VERTICAL = [(1.0000, 1.00000), (0.9766, 0.84123), (0.9688, 0.78871), (0.9609, 0.73722),
              (0.9531, 0.68717), (0.8516, 0.23151), (0.7344, 0.00332), (0.6172, -0.13641),
              (0.5000, -0.20581), (0.4531, -0.21090), (0.2813, -0.15662), (0.1719, -0.10150),
              (0.1016, -0.06434), (0.0703, -0.04775), (0.0625, -0.04192), (0.0547, -0.03717),
              (0.0000, 0.00000)]
V_HORIZONTAL = [(1.0000, 0.00000), (0.9688, -0.05906), (0.9609, -0.07391), (0.9531, -0.08864),
                (0.9453, -0.10313), (0.9063, -0.16914), (0.8594, -0.22445), (0.8047, -0.24533),
                (0.5000, 0.05454), (0.2344, 0.17527), (0.2266, 0.17507), (0.1563, 0.16077),
                (0.0938, 0.12317), (0.0781, 0.10890), (0.0703, 0.10091), (0.0625, 0.09233),
                (0.0000, 0.00000)]


def variable(path, name):
    text = subprocess.run(["ncdump", "-v", name, path], check=True, capture_output=True, text=True).stdout
    body = text.split("data:")[1].split(name + " =")[1].split(";")[0]
    return np.array([float(v) for v in body.replace("\n", " ").split(",")])


def cubic(axis, values, s):
    k = int(np.clip(np.searchsorted(axis, s) - 2, 0, len(axis) - 4))
    return np.polyval(np.polyfit(axis[k:k + 4], values[k:k + 4], 3), s)


def main(path):
    x, y = variable(path, "x"), variable(path, "y")
    i, j = int(np.argmin(abs(x - 0.5))), int(np.argmin(abs(y - 0.5)))
    assert abs(x[i] - 0.5) < 1e-12 and abs(y[j] - 0.5) < 1e-12, "the grid has no line x = 0.5 or y = 0.5"
    for kind in ("prediction", "reference"):
        u = variable(path, kind + "_u").reshape(len(x), len(y))
        v = variable(path, kind + "_v").reshape(len(x), len(y))
        du = [(abs(cubic(y, u[i, :], yy) - g), yy) for yy, g in U_VERTICAL]
        dv = [(abs(cubic(x, v[:, j], xx) - g), xx) for xx, g in V_HORIZONTAL]
        print(f"{kind}: max |u - u_Ghia| = {max(du)[0]:.2e} at y = {max(du)[1]}, "
              f"max |v - v_Ghia| = {max(dv)[0]:.2e} at x = {max(dv)[1]}")


if __name__ == "__main__":
    main(sys.argv[1])
