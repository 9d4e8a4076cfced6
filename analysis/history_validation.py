#!/usr/bin/python3
"""The Mali history against the record: yearly indicators of a sweep of history runs
(median and 10-90 % band over replicates) with the observed 2012-2016 figures beside them,
a figure of the trajectories by date, and, for a sweep with counterfactual scenarios, the
paired differences from the history (common random numbers: replicate r of every scenario
shares its seed).

    /usr/bin/python3 analysis/history_validation.py results/sweeps/mali-history \
        [-o docs/images/mali-history.png] [--counterfactuals results/sweeps/mali-counterfactuals]

Needs h5py, numpy and matplotlib (Debian: python3-h5py, python3-numpy, python3-matplotlib).
"""
import argparse
import datetime as dt
import os
import sys

try:
    import h5py
    import numpy as np
    import sahelsim_results
    from calibrate_history import targets
except ImportError as error:  # pragma: no cover - depends on the machine
    sys.exit(f"history_validation.py: needs h5py and numpy ({error})")

BATTLE = ("forces_killed", "fighters_killed", "civilians_killed_by_state")
HOSTS = ("refugees_MRT", "refugees_BFA", "refugees_NER", "refugees_DZA", "refugees_other")


def read(path):
    with h5py.File(path, "r") as f:
        dates = [dt.date.fromisoformat(x.decode() if isinstance(x, bytes) else str(x))
                 for x in f["date"][()]]
        series = {k: f["series/" + k][()] for k in f["series"]}
    return dates, series


def yearly(dates, series):
    """Per calendar year: flows summed over the weeks in the year, stocks at its last record."""
    years = sorted({d.year for d in dates[1:]})
    out = {}
    for y in years:
        rows = [k for k in range(1, len(dates)) if dates[k - 1].year == y]
        last = max(k for k in range(len(dates)) if dates[k].year == y)
        v = {
            "battle deaths": sum(series[s][rows].sum() for s in BATTLE),
            "civilians killed by groups": series["civilians_killed_by_groups"][rows].sum(),
            "civilians killed by the state": series["civilians_killed_by_state"][rows].sum(),
            "IDPs (end of year)": series["idps"][last],
            "refugees abroad (end of year)": series["refugees"][last],
            "fighters (end of year)": series["fighters"][last],
            "share of people under armed-group control (%)": 100 * series["control_population"][last],
        }
        for h in HOSTS:
            if h in series:
                v["refugees in " + h.split("_")[1].upper()] = series[h][last]
        out[y] = v
    return out


def band(values):
    a = np.array(values, dtype=float)
    return np.median(a), np.percentile(a, 10), np.percentile(a, 90)


def runs_by_point(folder):
    index = sahelsim_results.sweep(folder)
    points = {}
    for run in index.runs:
        if run.status == "ok":
            points.setdefault(run.point, {})[run.replicate] = run.path
    return index, points


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", help="a sweep of history runs (one point, replicates)")
    parser.add_argument("-o", "--figure")
    parser.add_argument("--counterfactuals", help="a sweep of the history and counterfactuals")
    args = parser.parse_args()
    index, points = runs_by_point(args.folder)
    runs = [read(p) for p in points[min(points)].values()]
    per_run = [yearly(d, s) for d, s in runs]
    years = sorted(per_run[0])
    names = list(per_run[0][years[0]])
    observed = {}
    for family, label, when, value in targets(dt.date(2024, 12, 31)):
        if family == "battle deaths":
            observed[("battle deaths", when)] = value
    print(f"{len(runs)} replicates of {index.labels[min(points)]}; median [10-90 %] per year "
          "(2012-2016: calibration period; UCDP battle deaths in parentheses)\n")
    print("| indicator | " + " | ".join(str(y) for y in years) + " |")
    print("|---|" + "---|" * len(years))
    for name in names:
        cells = []
        for y in years:
            m, lo, hi = band([r[y][name] for r in per_run])
            cell = f"{m:,.0f} [{lo:,.0f}-{hi:,.0f}]"
            if (name, y) in observed:
                cell += f" ({observed[(name, y)]:,.0f})"
            cells.append(cell)
        print(f"| {name} | " + " | ".join(cells) + " |")

    if args.counterfactuals:
        cindex, cpoints = runs_by_point(args.counterfactuals)
        base = next(p for p in cpoints if cindex.labels[p] == "history")
        print("\nCounterfactuals minus the history, 2015-2024 totals (flows) or end-2024 values "
              "(stocks), paired by replicate: median [10-90 %]\n")
        print("| scenario | battle deaths | civilians killed by groups | by the state | "
              "IDPs end 2024 | refugees end 2024 | fighters end 2024 |")
        print("|---|---|---|---|---|---|---|")
        base_runs = {r: yearly(*read(p)) for r, p in cpoints[base].items()}
        keys = ("battle deaths", "civilians killed by groups", "civilians killed by the state",
                "IDPs (end of year)", "refugees abroad (end of year)", "fighters (end of year)")
        for p in sorted(cpoints):
            if p == base:
                continue
            diffs = {k: [] for k in keys}
            for r, path in cpoints[p].items():
                if r not in base_runs:
                    continue
                a, b = yearly(*read(path)), base_runs[r]
                last = max(a)
                for k in keys:
                    if "end of year" in k:
                        diffs[k].append(a[last][k] - b[last][k])
                    else:
                        diffs[k].append(sum(a[y][k] - b[y][k] for y in a if y >= 2015))
            cells = []
            for k in keys:
                m, lo, hi = band(diffs[k])
                cells.append(f"{m:+,.0f} [{lo:+,.0f} to {hi:+,.0f}]")
            print(f"| {cindex.labels[p]} | " + " | ".join(cells) + " |")

    if args.figure:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        dates = runs[0][0]
        fig, axes = plt.subplots(2, 3, figsize=(15, 7.5))
        obs = targets(dt.date(2024, 12, 31))

        def draw(ax, key, title, family=None):
            stack = np.array([s[key] for _, s in runs])
            ax.fill_between(dates, np.percentile(stack, 10, axis=0),
                            np.percentile(stack, 90, axis=0), alpha=0.3)
            ax.plot(dates, np.median(stack, axis=0), label="model (median, 10-90 %)")
            if family:
                pts = [(w, v) for f, _, w, v in obs if f == family]
                ax.plot([w for w, _ in pts], [v for _, v in pts], "ko", ms=4, label="observed")
            ax.axvline(dt.date(2017, 1, 1), color="grey", ls=":")
            ax.set_title(title)

        draw(axes[0][0], "idps", "IDPs", "IDPs")
        draw(axes[0][1], "refugees", "refugees abroad", "refugees")
        draw(axes[0][2], "fighters", "fighters")
        ax = axes[1][0]
        for label, key in (("battle deaths", None), ("civilians killed by groups",
                           "civilians killed by groups"), ("by the state",
                           "civilians killed by the state")):
            k = key or "battle deaths"
            med = [np.median([r[y][k] for r in per_run]) for y in years]
            ax.plot(years, med, marker="o", label=label)
        ax.plot([y for (f, y) in observed], list(observed.values()), "ks", ms=5,
                label="UCDP battle deaths")
        ax.axvline(2016.5, color="grey", ls=":")
        ax.set_title("deaths per year (median)")
        ax.legend(fontsize=7)
        ax = axes[1][1]
        for h in HOSTS:
            if h in runs[0][1]:
                stack = np.array([s[h] for _, s in runs])
                ax.plot(dates, np.median(stack, axis=0), label=h.split("_")[1].upper())
        ax.axvline(dt.date(2017, 1, 1), color="grey", ls=":")
        ax.set_title("refugees by host country (median)")
        ax.legend(fontsize=7)
        draw(axes[1][2], "control_population", "share of people under armed-group control")
        axes[0][0].legend(fontsize=7)
        fig.tight_layout()
        os.makedirs(os.path.dirname(os.path.abspath(args.figure)), exist_ok=True)
        fig.savefig(args.figure, dpi=80)
        print(f"\nwrote {args.figure}")


if __name__ == "__main__":
    main()
