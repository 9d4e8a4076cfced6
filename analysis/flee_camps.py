#!/usr/bin/python3
"""Flee runs against UNHCR: simulated refugees per validated camp (median and 10-90 % band
over replicates) beside the observed series, the averaged relative difference over time,
and a Markdown table of the time-mean error (Flee's figure) per point of a sweep.

    /usr/bin/python3 analysis/flee_camps.py results/sweeps/flee-mali2012 [-o FIGURE.png]
        [--flee-out OUT.csv ...]

--flee-out adds the same figures computed from output files of Flee itself (out.csv, with
"<camp> sim" and "<camp> data" columns per camp), e.g. the simulation output committed
with flee-release 1.0 (../shared/data/flee_mali2012/djgroen_flee-release/source_data/
mali2012/out/out.csv).

Needs h5py, numpy and matplotlib (Debian: python3-h5py, python3-numpy, python3-matplotlib).
"""
import argparse
import csv
import sys

try:
    import h5py
    import numpy as np
    import sahelsim_results
except ImportError as error:  # pragma: no cover - depends on the machine
    sys.exit(f"flee_camps.py: needs h5py and numpy ({error})")


def _text(x):
    return x.decode() if isinstance(x, bytes) else str(x)


def read_run(path):
    """Per validated location: simulated and observed counts by record; the error series."""
    with h5py.File(path, "r") as f:
        names = [_text(x) for x in f["locations/location"][()]]
        sim = f["locations/series/refugees"][()]
        obs = f["locations/series/observed"][()]
        keep = [i for i in range(len(names)) if not np.isnan(obs[:, i]).all()]
        return {
            "names": [names[i] for i in keep],
            "sim": sim[:, keep],
            "obs": obs[:, keep],
            "error": f["series/error"][()],
            "error_rescaled": f["series/error_rescaled"][()],
        }


def errors(sim, obs):
    """Flee's averaged relative difference per day (plot_flee_output.py), plain and with
    the simulated counts rescaled to the observed total."""
    total_obs = np.trunc(obs.sum(axis=1))
    total_sim = sim.sum(axis=1)
    scale = np.where(total_sim > 0, total_obs / np.where(total_sim > 0, total_sim, 1), 0.0)
    plain = np.abs(sim - obs).sum(axis=1) / np.maximum(total_obs, 1)
    rescaled = np.abs(sim * scale[:, None] - obs).sum(axis=1) / np.maximum(total_obs, 1)
    return plain, rescaled


def read_flee_out(path):
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    camps = [c[:-4] for c in rows[0] if c.endswith(" sim")]
    sim = np.array([[float(r[c + " sim"]) for c in camps] for r in rows])
    obs = np.array([[float(r[c + " data"]) for c in camps] for r in rows])
    return camps, sim, obs


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder")
    parser.add_argument("-o", "--figure")
    parser.add_argument("--flee-out", nargs="*", default=[])
    args = parser.parse_args()
    index = sahelsim_results.sweep(args.folder)
    points = {}
    for run in index.runs:
        if run.status == "ok":
            points.setdefault(run.point, []).append(read_run(run.path))

    print("| rule set | runs | time-mean error | rescaled | error on the last day |")
    print("|---|---|---|---|---|")
    for p, runs in sorted(points.items()):
        # Flee's figure: the mean over its daily rows, records 1..N here.
        m = np.array([r["error"][1:].mean() for r in runs])
        mr = np.array([r["error_rescaled"][1:].mean() for r in runs])
        last = np.array([r["error"][-1] for r in runs])
        print(f"| {index.labels[p]} | {len(runs)} | {m.mean():.3f} ± {m.std():.3f} | "
              f"{mr.mean():.3f} ± {mr.std():.3f} | {last.mean():.3f} ± {last.std():.3f} |")
    for path in args.flee_out:
        camps, sim, obs = read_flee_out(path)
        plain, rescaled = errors(sim, obs)
        print(f"| Flee's own output ({path.split('/')[-1]}, {len(camps)} camps) | 1 | "
              f"{plain.mean():.3f} | {rescaled.mean():.3f} | {plain[-1]:.3f} |")

    first = next(iter(sorted(points.items())))[1][0]
    print("\nLast day, median over replicates:\n")
    print("| camp | UNHCR | " + " | ".join(index.labels[p] for p in sorted(points)) + " |")
    print("|---|---|" + "---|" * len(points))
    for c, name in enumerate(first["names"]):
        cells = [f"{np.median([r['sim'][-1, c] for r in runs]):.0f}"
                 for _, runs in sorted(points.items())]
        print(f"| {name} | {first['obs'][-1, c]:.0f} | " + " | ".join(cells) + " |")

    if args.figure:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        names = first["names"]
        cols = 4
        rows = (len(names) + 1 + cols - 1) // cols
        fig, axes = plt.subplots(rows, cols, figsize=(4 * cols, 2.8 * rows), squeeze=False)
        colours = ["tab:blue", "tab:orange", "tab:green", "tab:red"]
        days = np.arange(first["sim"].shape[0]) - 1  # record t: end of day t-1
        for c, name in enumerate(names):
            ax = axes[c // cols][c % cols]
            for k, (p, runs) in enumerate(sorted(points.items())):
                stack = np.array([r["sim"][:, c] for r in runs])
                ax.fill_between(days, np.percentile(stack, 10, axis=0),
                                np.percentile(stack, 90, axis=0), color=colours[k], alpha=0.25)
                ax.plot(days, np.median(stack, axis=0), color=colours[k], label=index.labels[p])
            ax.plot(days, first["obs"][:, c], "k--", label="UNHCR")
            ax.set_title(name)
            ax.set_xlabel("day")
        ax = axes[len(names) // cols][len(names) % cols]
        for k, (p, runs) in enumerate(sorted(points.items())):
            stack = np.array([r["error"] for r in runs])
            ax.plot(days[1:], np.median(stack, axis=0)[1:], color=colours[k],
                    label=index.labels[p])
        for path in args.flee_out:
            _, sim, obs = read_flee_out(path)
            plain, _ = errors(sim, obs)
            ax.plot(np.arange(len(plain)), plain, color="grey", label="Flee 1.0 release output")
        ax.set_title("averaged relative difference")
        ax.set_xlabel("day")
        ax.legend(fontsize=7)
        axes[0][0].legend(fontsize=7)
        for k in range(len(names) + 1, rows * cols):
            axes[k // cols][k % cols].axis("off")
        fig.tight_layout()
        fig.savefig(args.figure, dpi=90)


if __name__ == "__main__":
    main()
