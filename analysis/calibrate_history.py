#!/usr/bin/python3
"""Calibration of the Mali history on 2012-2016: scores every run of a calibration sweep
(scenarios/sweeps/mali-calibration.sweep.yaml) against the observed record, picks the point
with the best mean score over its replicates, prints the fit per target (observed, and the
median and 10-90 % band of the best point's replicates) and writes the fitted values as a
scenario that extends the history.

    /usr/bin/python3 analysis/calibrate_history.py results/sweeps/mali-calibration \
        [-o scenarios/mali/history-calibrated.yaml] [--until 2016-12-31]

Targets (data/mali/tables; nothing after --until is used):
  battle deaths  UCDP battle-related deaths per calendar year (conflict_annual.csv), against
                 the model's troops killed + fighters killed + civilians killed by state
                 forces in the year;
  IDPs           idps_mali (displacement_timeseries.csv), against the model's idps on the date;
  refugees       refugees_malian_abroad, against the model's refugees on the date;
  camps          the UNHCR camp series of Flee's Mali 2012 case (data/flee/mali2012, with
                 its registration corrections) summed by host country (Mauritania: Fassala-
                 Mbera; Burkina Faso: Mentao, Bobo-Dioulasso; Niger: Abala, Mangaize, Niamey,
                 Tabareybarey) on the first of each month from March 2012 to January 2013,
                 against the model's refugees_MRT, refugees_BFA and refugees_NER.
Objective: the mean over the four families of the mean squared log error
ln((model + 1) / (observed + 1))^2 over the family's observations; a run that ended early
scores infinity.

Needs h5py and numpy (Debian: python3-h5py, python3-numpy).
"""
import argparse
import csv
import datetime as dt
import math
import os
import sys

try:
    import h5py
    import numpy as np
    import sahelsim_results
except ImportError as error:  # pragma: no cover - depends on the machine
    sys.exit(f"calibrate_history.py: needs h5py and numpy ({error})")

HERE = os.path.dirname(os.path.abspath(__file__))
TABLES = os.path.join(HERE, "..", "data", "mali", "tables")
BATTLE = ("forces_killed", "fighters_killed", "civilians_killed_by_state")
FLEE = os.path.join(HERE, "..", "data", "flee", "mali2012")
HOST_CAMPS = {"MRT": ("Fassala-Mbera",), "BFA": ("Mentao", "Bobo-Dioulasso"),
              "NER": ("Abala", "Mangaize", "Niamey", "Tabareybarey")}


def camp_series():
    """Flee's Mali camp series by camp: sorted (date, count), registration-corrected as Flee
    does (values before the first level-2 registration scaled by v_k / v_k-1)."""
    layout = {}
    with open(os.path.join(FLEE, "validation", "data_layout.csv"), newline="") as f:
        for row in list(csv.reader(f))[1:]:
            if row:
                layout[row[0]] = row[1]
    series = {}
    for camp, name in layout.items():
        points = []
        with open(os.path.join(FLEE, "validation", name), newline="") as f:
            for row in csv.reader(f):
                try:
                    points.append((dt.date.fromisoformat(row[0].strip()), float(row[1])))
                except (ValueError, IndexError):
                    continue  # the header
        series[camp] = sorted(points)
    with open(os.path.join(FLEE, "input_csv", "registration_corrections.csv"), newline="") as f:
        for row in csv.reader(f):
            camp, day = row[0], dt.date.fromisoformat(row[1])
            points = series[camp]
            k = next(i for i, (d, _) in enumerate(points) if d == day)
            if k > 0 and points[k - 1][1] > 0:
                factor = points[k][1] / points[k - 1][1]
                series[camp] = [(d, v * factor) if i < k else (d, v)
                                for i, (d, v) in enumerate(points)]
    return series


def interpolate(points, day):
    if day <= points[0][0]:
        return points[0][1]
    for (d0, v0), (d1, v1) in zip(points, points[1:]):
        if day < d1:
            return v0 + (v1 - v0) * (day - d0).days / (d1 - d0).days
    return points[-1][1]


def targets(until):
    """[(family, label, date or year, observed)] up to `until` (a date)."""
    out = []
    with open(os.path.join(TABLES, "conflict_annual.csv"), newline="") as f:
        for row in csv.DictReader(f):
            year = int(row["year"])
            if row["ucdp_battle_related_deaths"] and dt.date(year, 12, 31) <= until:
                out.append(("battle deaths", f"{year}", year,
                            float(row["ucdp_battle_related_deaths"])))
    with open(os.path.join(TABLES, "displacement_timeseries.csv"), newline="") as f:
        for row in csv.DictReader(f):
            day = dt.date.fromisoformat(row["date"])
            if day > until:
                continue
            if row["metric"] == "idps_mali":
                out.append(("IDPs", row["date"], day, float(row["value"])))
            elif row["metric"] == "refugees_malian_abroad":
                out.append(("refugees", row["date"], day, float(row["value"])))
    camps = camp_series()
    for month in range(3, 14):
        day = dt.date(2012 + (month - 1) // 12, (month - 1) % 12 + 1, 1)
        if day > until:
            continue
        for host, names in HOST_CAMPS.items():
            total = sum(interpolate(camps[c], day) for c in names)
            out.append(("camps", f"{host} {day.isoformat()}", (host, day), total))
    return out


def model_values(path, wanted):
    """The model's value for each target, or None when the run does not cover it."""
    with h5py.File(path, "r") as f:
        dates = [dt.date.fromisoformat(x.decode() if isinstance(x, bytes) else str(x))
                 for x in f["date"][()]]
        series = {name: f["series/" + name][()]
                  for name in ("idps", "refugees", "refugees_MRT", "refugees_BFA",
                               "refugees_NER") + BATTLE}
    values = []
    for family, _, when, _ in wanted:
        if family == "battle deaths":
            # Flows are recorded per step; record k covers the week ending at dates[k].
            rows = [k for k in range(1, len(dates)) if dates[k - 1].year == when]
            if not rows or dates[-1] < dt.date(when, 12, 24):
                values.append(None)
                continue
            values.append(float(sum(series[s][rows].sum() for s in BATTLE)))
        else:
            if family == "camps":
                name, when = "refugees_" + when[0], when[1]
            else:
                name = "idps" if family == "IDPs" else "refugees"
            k = next((k for k in range(len(dates)) if dates[k] >= when), None)
            values.append(None if k is None else float(series[name][k]))
    return values


def score(model, wanted):
    families = {}
    for (family, _, _, observed), m in zip(wanted, model):
        if m is None:
            return math.inf
        families.setdefault(family, []).append(math.log((m + 1) / (observed + 1)) ** 2)
    return float(np.mean([np.mean(v) for v in families.values()]))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", help="the calibration sweep's output folder")
    parser.add_argument("-o", "--output", help="write the fitted scenario here")
    parser.add_argument("--until", default="2016-12-31", help="last date of the targets")
    args = parser.parse_args()
    wanted = targets(dt.date.fromisoformat(args.until))
    index = sahelsim_results.sweep(args.folder)
    runs = {}
    for run in index.runs:
        if run.status != "ok":
            continue
        values = model_values(run.path, wanted)
        runs.setdefault(run.point, []).append((score(values, wanted), values))
    if not runs:
        sys.exit("calibrate_history.py: no finished run in " + args.folder)
    means = {p: float(np.mean([s for s, _ in r])) for p, r in runs.items()}
    best = min(means, key=means.get)
    names = sorted(index.parameters)
    print(f"{len(runs)} points, {sum(len(r) for r in runs.values())} runs; objective (mean "
          f"squared log error over battle deaths, IDPs, refugees, camps by host country): best {means[best]:.3f}, "
          f"median {np.median(list(means.values())):.3f}, worst {max(means.values()):.3f}\n")
    print("Fitted values (point %d):\n" % best)
    for name in names:
        print(f"- {name} = {index.parameters[name][best]:.6g}")
    print("\n| target | date | observed | model median | model 10-90 % |")
    print("|---|---|---|---|---|")
    for k, (family, label, _, observed) in enumerate(wanted):
        values = np.array([v[k] for _, v in runs[best]], dtype=float)
        print(f"| {family} | {label} | {observed:,.0f} | {np.median(values):,.0f} | "
              f"{np.percentile(values, 10):,.0f}-{np.percentile(values, 90):,.0f} |")
    if args.output:
        lines = [
            "# Mali history with the behavioural parameters fitted on 2012-2016 by",
            "# analysis/calibrate_history.py (" + os.path.basename(args.folder.rstrip("/")) +
            f", point {best}, objective {means[best]:.3f}).",
            "# Generated: change the sweep or the script and run them again, not this file.",
            "extends: " + os.path.relpath(
                os.path.join(HERE, "..", "scenarios", "mali", "history.yaml"),
                os.path.dirname(os.path.abspath(args.output))),
            "name: Mali 2012-2024 - history, calibrated on 2012-2016",
        ]
        tree = {}
        for name in names:
            node = tree
            *path, leaf = name.split(".")
            for part in path:
                node = node.setdefault(part, {})
            node[leaf] = float(index.parameters[name][best])

        def emit(node, indent):
            for key, value in node.items():
                if isinstance(value, dict):
                    lines.append(" " * indent + key + ":")
                    emit(value, indent + 2)
                else:
                    lines.append(" " * indent + f"{key}: {value:.6g}")
        emit(tree, 0)
        with open(args.output, "w") as f:
            f.write("\n".join(lines) + "\n")
        print(f"\nwrote {args.output}")


if __name__ == "__main__":
    main()
