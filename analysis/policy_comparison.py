#!/usr/bin/python3
"""Ten-year outcomes of the policy presets, as medians with 10-90 % ranges across replicates.

Reads a sweep folder written by `sahelsim sweep` (its index sweep.h5 and run files) and
prints a Markdown table: one row per scenario of the sweep, one column per outcome.
Stocks are taken at the end of the run; flows (killings, cost) are summed over the run.

    /usr/bin/python3 analysis/policy_comparison.py results/sweeps/sahel-policies

Needs h5py and numpy (Debian: python3-h5py, python3-numpy).
"""
import os
import sys

try:
    import h5py
    import numpy as np
    import sahelsim_results
except ImportError as error:  # pragma: no cover - depends on the machine
    sys.exit(f"policy_comparison.py: needs h5py and numpy ({error}); "
             "apt-get install python3-h5py python3-numpy")

# (column title, series, how: "end" value or "total" over the run, scale, format)
OUTCOMES = [
    ("sympathizers (share)", "sympathizers", "end", 1.0, "{:.3f}"),
    ("fighters", "fighters", "end", 1.0, "{:,.0f}"),
    ("fighters, mean over the run", "fighters", "mean", 1.0, "{:,.0f}"),
    ("civilians killed by groups", "civilians_killed_by_groups", "total", 1.0, "{:,.0f}"),
    ("civilians killed by state forces", "civilians_killed_by_state", "total", 1.0, "{:,.0f}"),
    ("troops killed", "forces_killed", "total", 1.0, "{:,.0f}"),
    ("peak IDPs", "idps", "max", 1.0, "{:,.0f}"),
    ("IDPs", "idps", "end", 1.0, "{:,.0f}"),
    ("refugees", "refugees", "end", 1.0, "{:,.0f}"),
    ("stability", "stability", "end", 1.0, "{:.3f}"),
    ("mean stability", "stability", "mean", 1.0, "{:.3f}"),
    ("cost (bn USD)", "cost_total", "total", 1e-3, "{:.1f}"),
]


def outcome(series, how):
    if how == "end":
        return float(series[-1])
    if how == "total":
        return float(np.sum(series))
    if how == "max":
        return float(np.max(series))
    return float(np.mean(series))


def main(folder):
    index = sahelsim_results.sweep(folder)
    labels = index.labels
    values = {}  # (point, outcome index) -> list
    for run in index.runs:
        if run.status != "ok" or not os.path.exists(run.path):
            continue
        with h5py.File(run.path, "r") as f:
            for k, (_, series, how, scale, _) in enumerate(OUTCOMES):
                values.setdefault((run.point, k), []).append(
                    outcome(f["series"][series][()], how) * scale)
    header = "| scenario | runs | " + " | ".join(o[0] for o in OUTCOMES) + " |"
    print(header)
    print("|" + "---|" * (len(OUTCOMES) + 2))
    for p, label in enumerate(labels):
        cells = []
        n = len(values.get((p, 0), []))
        for k, (_, _, _, _, fmt) in enumerate(OUTCOMES):
            v = np.array(values.get((p, k), []))
            if v.size == 0:
                cells.append("-")
                continue
            q10, q50, q90 = np.percentile(v, [10, 50, 90])
            cells.append(f"{fmt.format(q50)} ({fmt.format(q10)}–{fmt.format(q90)})")
        print(f"| {label} | {n} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
