#!/usr/bin/python3
"""sahelsim results in the Python tools researchers use (xarray, pandas).

    import sahelsim
    ds = sahelsim.load("results/run2.h5")       # xarray.Dataset: series over time, maps, provenance
    df = sahelsim.summary("results/run2.h5")     # pandas.DataFrame: one row per series
    df = sahelsim.summary("results/sweeps/x/sweep.h5")   # sweeps: one row per point and series

Needs Debian's python3-h5py, python3-xarray (with pandas) and python3-h5netcdf; run with
/usr/bin/python3. As a command, `sahelsim.py FILE.h5` prints the summary table.
"""
import sys

import h5py
import numpy as np
import pandas as pd
import xarray as xr

import sahelsim_results as _results


def load(path):
    """A run file as one xarray.Dataset: every series on `time`, regional series as
    `regional_<name>` on (time, region) with the region names as a coordinate (a model's
    own places, e.g. Flee's locations: `location_<name>` on (time, location)), maps as
    `map_<name>` on (map_time, y, x), the file's attributes (provenance) as dataset
    attributes. Checks format and version."""
    run = _results.load(path)  # refuses other formats, newer versions, incomplete files
    root = xr.open_dataset(path, engine="h5netcdf")
    series = xr.open_dataset(path, engine="h5netcdf", group="series")
    ds = xr.Dataset(coords={"time": root["time"], "step": ("time", run.steps)})
    for name in series.data_vars:
        ds[name] = ("time", series[name].values, series[name].attrs)
    with h5py.File(path) as f:
        # Per-place series: /regions/series (time, region) as regional_<name>; a model's own
        # places, e.g. Flee's /locations/series (time, location), as location_<name>.
        for group, dim, prefix in (("regions", "region", "regional_"),
                                   ("locations", "location", "location_")):
            if group + "/series" not in f:
                continue
            per_place = xr.open_dataset(path, engine="h5netcdf", group=group + "/series")
            names = [x.decode() if isinstance(x, bytes) else str(x)
                     for x in f[group + "/" + dim][:]]
            ds = ds.assign_coords({dim: names})
            for name in per_place.data_vars:
                ds[prefix + name] = (("time", dim), per_place[name].values, per_place[name].attrs)
        if "maps" in f:
            maps = xr.open_dataset(path, engine="h5netcdf", group="maps")
            for name in maps.data_vars:
                ds["map_" + name] = maps[name]
    ds.attrs.update({k: (v.item() if hasattr(v, "item") else v) for k, v in run.attrs.items()})
    ds.attrs["scenario"] = run.scenario
    return ds


def summary(path):
    """A table of outcomes. A run file: one row per series (first, last, min, max, mean,
    units). A sweep index: one row per point and series (the median, 10 % and 90 % across
    replicates at the last record)."""
    with h5py.File(path) as f:
        content = f.attrs.get("content", b"")
        content = content.decode() if isinstance(content, bytes) else content
        if content == "sweep":
            rows = []
            scenario = [s.decode() if isinstance(s, bytes) else s for s in f["points/scenario"][:]]
            parameters = {k: f["points/parameters"][k][:] for k in f.get("points/parameters", {})}
            for name in f.get("summary", {}):
                point = int(name.split("-")[1])
                group = f["summary"][name]
                for series in group:
                    if series == "step":
                        continue
                    row = {"point": point, "scenario": scenario[point], "series": series,
                           "runs": int(group.attrs["runs"]),
                           "median": group[series]["median"][-1], "q10": group[series]["q10"][-1],
                           "q90": group[series]["q90"][-1], "mean": group[series]["mean"][-1]}
                    row.update({k.split(".")[-1]: v[point] for k, v in parameters.items()})
                    rows.append(row)
            return pd.DataFrame(rows)
    run = _results.load(path)
    rows = []
    for name, values in run.series.items():
        rows.append({"series": name, "units": run.units.get(name, ""), "kind": run.kinds.get(name, ""),
                     "first": values[0], "last": values[-1], "min": np.min(values),
                     "max": np.max(values), "mean": np.mean(values)})
    return pd.DataFrame(rows).set_index("series")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__)
        sys.exit(2)
    with pd.option_context("display.width", 160, "display.max_rows", 200):
        print(summary(sys.argv[1]))
