#!/usr/bin/python3
"""The (U, p_e) map of Deffuant et al. (2002), Fig. 9: the mean (and standard deviation) of y
at the end of the runs of a sweep over params.uncertainty x params.extremists.

    /usr/bin/python3 analysis/deffuant_map.py results/sweeps/deffuant-map -o deffuant-map.png

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
    sys.exit(f"deffuant_map.py: needs h5py, numpy and matplotlib ({error})")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", help="the sweep's output folder (with sweep.h5)")
    parser.add_argument("-o", "--output", default="deffuant-map.png")
    args = parser.parse_args()
    index = sahelsim_results.sweep(args.folder)
    u = index.parameters["params.uncertainty"]
    pe = index.parameters["params.extremists"]
    finals = {}
    for run in index.runs:
        with h5py.File(run.path, "r") as f:
            finals.setdefault(run.point, []).append(float(f["series/y"][-1]))
    us, pes = np.unique(u), np.unique(pe)
    mean = np.full((len(pes), len(us)), np.nan)
    sd = np.full_like(mean, np.nan)
    for p, values in finals.items():
        i, j = np.searchsorted(pes, pe[p]), np.searchsorted(us, u[p])
        mean[i, j], sd[i, j] = np.mean(values), np.std(values)
    fig, axes = plt.subplots(1, 2, figsize=(10, 4), constrained_layout=True)
    for ax, data, title in ((axes[0], mean, "mean of y"), (axes[1], sd, "s.d. of y")):
        image = ax.imshow(data, origin="lower", aspect="auto", cmap="viridis", vmin=0,
                          vmax=1 if title == "mean of y" else 0.5,
                          extent=(us[0] - 0.05, us[-1] + 0.05, pes[0] - 0.00625, pes[-1] + 0.00625))
        ax.set_xlabel("U (initial uncertainty of moderates)")
        ax.set_ylabel("p_e (share of extremists)")
        ax.set_title(f"{title}, {len(next(iter(finals.values())))} runs per point")
        fig.colorbar(image, ax=ax)
    fig.savefig(args.output, dpi=110)
    print(f"wrote {args.output}")
    # A text summary of the three zones, for the reproduction report.
    for label, uu, pp in (("low U (0.2-0.4)", us <= 0.4, pes >= 0),
                          ("U 0.8-1.2, p_e >= 0.1", (us >= 0.8) & (us <= 1.2), pes >= 0.1),
                          ("U >= 1.4, p_e <= 0.05", us >= 1.4, pes <= 0.05)):
        block = mean[np.ix_(pp, uu)]
        print(f"{label}: mean y {np.nanmean(block):.2f} (min {np.nanmin(block):.2f}, "
              f"max {np.nanmax(block):.2f})")


if __name__ == "__main__":
    main()
