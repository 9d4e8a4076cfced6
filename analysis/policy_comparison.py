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
    index = os.path.join(folder, "sweep.h5")
    def text(values):
        return [x.decode() if isinstance(x, bytes) else str(x) for x in values]

    with h5py.File(index, "r") as f:
        scenarios = text(f["points/scenario"][()])
        sets = text(f["points/sets"][()])
        # A point is named by its scenario, else by its own settings (those every point
        # shares, such as the sweep's `set:`, say nothing about the difference).
        common = set.intersection(*(set(x.split()) for x in sets)) if sets else set()
        labels = [a or " ".join(w for w in b.split() if w not in common) or f"point {i}"
                  for i, (a, b) in enumerate(zip(scenarios, sets))]
        runs = f["runs"]
        points = runs["point"][()]
        files = text(runs["file"][()])
        meanings = runs["status"].attrs["flag_meanings"]
        meanings = (meanings.decode() if isinstance(meanings, bytes) else str(meanings)).split()
        status = [meanings[int(code)] for code in runs["status"][()]]
    values = {}  # (point, outcome index) -> list
    for point, name, state in zip(points, files, status):
        path = os.path.join(folder, name) if not os.path.isabs(name) else name
        if state != "ok" or not os.path.exists(path):
            continue
        with h5py.File(path, "r") as run:
            for k, (_, series, how, scale, _) in enumerate(OUTCOMES):
                values.setdefault((int(point), k), []).append(
                    outcome(run["series"][series][()], how) * scale)
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
