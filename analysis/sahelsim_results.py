#!/usr/bin/python3
"""Reading sahelsim results files from Python (h5py; xarray optional).

    import sahelsim_results as sr
    run = sr.load("results/run2.h5")        # checks format, version and completeness
    run.series["active"], run.steps, run.attrs["seed"]
    ds = sr.series_dataset("results/run2.h5")   # xarray.Dataset with a time coordinate

As a command: /usr/bin/python3 analysis/sahelsim_results.py FILE.h5  (prints a summary).
See docs/output-format.md for the layout.
"""
import sys
from dataclasses import dataclass, field

import h5py
import numpy as np

FORMAT_VERSION = 1


class ResultsError(Exception):
    """The file is not a complete sahelsim results file this reader understands."""


@dataclass
class Results:
    path: str
    attrs: dict
    steps: np.ndarray
    dates: list
    series: dict = field(default_factory=dict)
    units: dict = field(default_factory=dict)
    kinds: dict = field(default_factory=dict)
    scenario: str = ""


def _text(value):
    return value.decode("utf-8") if isinstance(value, bytes) else value


def load(path, allow_incomplete=False):
    """Reads attributes, the time axis and every series (maps and events stay on disk)."""
    try:
        f = h5py.File(path, "r")
    except OSError as e:
        raise ResultsError(f"{path}: not an HDF5 file ({e})") from e
    with f:
        attrs = {k: _text(v.item() if hasattr(v, "item") else v) for k, v in f.attrs.items()}
        if attrs.get("format") != "sahelsim":
            raise ResultsError(f"{path}: not a sahelsim results file")
        if attrs.get("format_version", 0) > FORMAT_VERSION:
            raise ResultsError(f"{path}: format version {attrs['format_version']} is newer than this reader")
        if attrs.get("complete") != 1 and not allow_incomplete:
            raise ResultsError(f"{path}: incomplete (the run stopped after {attrs.get('steps_done')} steps)")
        run = Results(path=path, attrs=attrs, steps=f["step"][:],
                      dates=[_text(d) for d in f["date"][:]] if "date" in f else [],
                      scenario=_text(f["scenario/resolved"][()]))
        for name, dataset in f["series"].items():
            run.series[name] = dataset[:]
            run.units[name] = _text(dataset.attrs["units"])
            run.kinds[name] = _text(dataset.attrs["kind"])
        return run


@dataclass
class SweepRun:
    point: int
    replicate: int
    path: str     # the run file
    status: str   # ok | failed | missing


@dataclass
class Sweep:
    labels: list        # per point: its scenario, else the settings that set it apart
    parameters: dict    # per varied parameter: its value at each point (numpy array)
    runs: list          # SweepRun, in run order


def sweep(folder):
    """The index of a sweep folder (sahelsim sweep -o FOLDER): point labels, the varied
    parameters by point, and every run with its file and status."""
    with h5py.File(f"{folder}/sweep.h5", "r") as f:
        scenarios = [_text(x) for x in f["points/scenario"][()]]
        sets = [_text(x) for x in f["points/sets"][()]]
        parameters = {k: f["points/parameters"][k][()] for k in f.get("points/parameters", {})}
        runs = f["runs"]
        meanings = _text(runs["status"].attrs["flag_meanings"]).split()
        listed = [SweepRun(int(p), int(r), f"{folder}/{_text(name)}", meanings[int(code)])
                  for p, r, name, code in zip(runs["point"][()], runs["replicate"][()],
                                              runs["file"][()], runs["status"][()])]
    # Settings every point shares (such as the sweep's `set:`) say nothing about a point.
    common = set.intersection(*(set(x.split()) for x in sets)) if sets else set()
    labels = [a or " ".join(w for w in b.split() if w not in common) or f"point {i}"
              for i, (a, b) in enumerate(zip(scenarios, sets))]
    return Sweep(labels, parameters, listed)


def series_dataset(path):
    """The /series group as an xarray.Dataset, with the root's time coordinate attached."""
    import xarray as xr
    root = xr.open_dataset(path, engine="h5netcdf")
    return xr.open_dataset(path, engine="h5netcdf", group="series").assign_coords(time=root.time, step=root.step)


def main(argv):
    if len(argv) != 2:
        print(__doc__)
        return 2
    try:
        run = load(argv[1], allow_incomplete=True)
    except ResultsError as e:
        print(e, file=sys.stderr)
        return 2
    a = run.attrs
    print(f"{run.path}: model {a['model']}, scenario {a['scenario_name']!r}, seed {a['seed']}, "
          f"{a['steps_done']}/{a['steps']} steps, {'complete' if a['complete'] == 1 else 'INCOMPLETE'}")
    for name, values in run.series.items():
        print(f"  {name:<14} {run.kinds[name]:<5} last {values[-1]:>10.4g}  min {values.min():>10.4g}  "
              f"max {values.max():>10.4g}  [{run.units[name]}]")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
