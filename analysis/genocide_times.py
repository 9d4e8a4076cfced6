#!/usr/bin/python3
"""Time to genocide (the first step at which one group of Epstein's Model II is extinct)
against the initial peacekeeper density, from a sweep over params.cop_density: the mean and
standard deviation per density (Epstein 2002, Figs. 15-17), as a figure and a table. Runs
without genocide count at their length and are reported as censored.

    /usr/bin/python3 analysis/genocide_times.py results/sweeps/epstein-peacekeepers -o fig.png

Needs h5py, numpy and matplotlib (Debian: python3-h5py, python3-numpy, python3-matplotlib).
"""
import argparse
import sys

try:
    import h5py
    import numpy as np
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import sahelsim_results
except ImportError as error:  # pragma: no cover - depends on the machine
    sys.exit(f"genocide_times.py: needs h5py, numpy and matplotlib ({error})")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder")
    parser.add_argument("-o", "--output", default="genocide-times.png")
    args = parser.parse_args()
    index = sahelsim_results.sweep(args.folder)
    density = index.parameters["params.cop_density"]
    times, censored = {}, {}
    for run in index.runs:
        with h5py.File(run.path, "r") as f:
            g = f["series/genocide"][()]
            steps = f["step"][()]
            hit = np.where(g > 0)[0]
            times.setdefault(run.point, []).append(steps[hit[0]] if len(hit) else steps[-1])
            censored[run.point] = censored.get(run.point, 0) + (0 if len(hit) else 1)
    order = np.argsort(density)
    d = density[order]
    mean = np.array([np.mean(times[int(p)]) for p in order])
    sd = np.array([np.std(times[int(p)]) for p in order])
    cens = np.array([censored[int(p)] for p in order])
    fig, axes = plt.subplots(1, 2, figsize=(10, 3.6), constrained_layout=True)
    axes[0].plot(d, mean, "o-", ms=3)
    axes[0].set_ylabel("mean steps to genocide")
    axes[1].plot(d, sd, "o-", ms=3, color="#d62728")
    axes[1].set_ylabel("s.d. of steps to genocide")
    for ax in axes:
        ax.set_xlabel("initial peacekeeper density")
        ax.grid(alpha=0.3)
    runs = len(next(iter(times.values())))
    fig.suptitle(f"Epstein Model II, Run 7 with peacekeepers: {runs} runs per density")
    fig.savefig(args.output, dpi=110)
    print(f"wrote {args.output}")
    print("| density | mean | s.d. | runs without genocide |")
    print("|---|---|---|---|")
    for x, m, s, c in zip(d, mean, sd, cens):
        if round(x * 1000) % 10 == 0:
            print(f"| {x:g} | {m:.0f} | {s:.0f} | {c} |")


if __name__ == "__main__":
    main()
