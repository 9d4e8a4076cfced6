#!/usr/bin/python3
"""Median and 10-90 % bands of a series across replicates, one line per point of a sweep.

    /usr/bin/python3 analysis/sweep_bands.py results/sweeps/NAME/sweep.h5 SERIES [-o bands.png]

Reads /summary of the sweep index (written by `sahelsim sweep`); needs python3-matplotlib
for the plot, and prints the bands at a few records without it.
"""
import argparse

import h5py
import numpy as np


def bands(index, series):
    """{label: (steps, median, q10, q90)} for every point of the sweep."""
    out = {}
    with h5py.File(index) as f:
        scenario = [s.decode() if isinstance(s, bytes) else s for s in f["points/scenario"][:]]
        parameters = {k: f["points/parameters"][k][:] for k in f.get("points/parameters", {})}
        for p, name in enumerate(sorted(f["summary"])):
            group = f["summary"][name]
            if series not in group:
                continue
            label = scenario[p] or ""
            for key, values in parameters.items():
                label += f" {key.split('.')[-1]}={values[p]:.3g}"
            s = group[series]
            out[label.strip() or name] = (group["step"][:], s["median"][:], s["q10"][:], s["q90"][:])
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("index")
    parser.add_argument("series")
    parser.add_argument("-o", "--output")
    args = parser.parse_args()
    data = bands(args.index, args.series)
    for label, (steps, median, q10, q90) in data.items():
        picks = np.linspace(0, len(steps) - 1, 5).astype(int)
        text = ", ".join(f"step {steps[i]}: {median[i]:.4g} [{q10[i]:.4g}, {q90[i]:.4g}]" for i in picks)
        print(f"{label}: {text}")
    if args.output:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        fig, ax = plt.subplots(figsize=(8, 4.5))
        for label, (steps, median, q10, q90) in data.items():
            line, = ax.plot(steps, median, label=label)
            ax.fill_between(steps, q10, q90, color=line.get_color(), alpha=0.25)
        ax.set_xlabel("step")
        ax.set_ylabel(args.series)
        ax.set_title(f"{args.series}: median and 10-90 % band across replicates")
        ax.legend()
        fig.tight_layout()
        fig.savefig(args.output, dpi=100)
        print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
