#!/usr/bin/python3
"""Results files open in the tools researchers use: h5py, xarray (h5netcdf) and ncdump show
the documented layout with named dimensions and CF attributes.

    interop_test.py SAHELSIM_BINARY WORK_DIR
"""
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "analysis"))
import sahelsim_results as sr  # noqa: E402
import xarray as xr  # noqa: E402

binary, work = sys.argv[1], sys.argv[2]
os.makedirs(work, exist_ok=True)
path = os.path.join(work, "interop.h5")
scenario = os.path.join(work, "interop.yaml")
with open(scenario, "w") as f:
    f.write("model: epstein\nname: interop\nseed: 3\nsteps: 20\ncalendar: {start: 2012-01-01, step: 7d}\n"
            "params: {width: 30, height: 20, agent_vision: 3, cop_vision: 3, activation: parallel}\n"
            "output: {maps_every: 5}\n")
subprocess.run([binary, "run", scenario, "-q", "-o", path], check=True)

failures = []


def check(condition, what):
    if not condition:
        failures.append(what)


run = sr.load(path)
check(run.attrs["complete"] == 1 and run.attrs["format_version"] == 1, "root attributes")
check(list(run.steps) == list(range(21)), "steps 0..20")
check(run.dates[0] == "2012-01-01" and run.dates[1] == "2012-01-08", "dates")
check(set(run.series) >= {"quiet", "active", "jailed", "cops", "arrests"}, "series names")

root = xr.open_dataset(path, engine="h5netcdf")
check(dict(root.dims) == {"time": 21, "y": 20, "x": 30, "map_time": 5}, f"root dims {dict(root.dims)}")
check(str(root.time.values[1]).startswith("2012-01-08"), f"CF time decoding {root.time.values[:2]}")
series = sr.series_dataset(path)
check(series.active.dims == ("time",), f"series dims {series.active.dims}")
check(series.active.attrs.get("units") == "agents", "series units")
check(series.active.attrs.get("long_name", "") != "", "series long_name")
maps = xr.open_dataset(path, engine="h5netcdf", group="maps")
check(maps.state.dims == ("map_time", "y", "x"), f"map dims {maps.state.dims}")
check(str(maps.state.dtype) == "uint8", "categorical map type")
check(list(maps.state.attrs.get("flag_values", [])) == [0, 1, 2, 3], "flag_values")

header = subprocess.run(["ncdump", "-h", path], capture_output=True, text=True, check=True).stdout
for needle in ("time = UNLIMITED", "y = 20", "x = 30", "double active(time)", "ubyte state(map_time, y, x)",
               ':format = "sahelsim"', 'units = "days since 2012-01-01"'):
    check(needle in header, f"ncdump -h shows {needle!r}")

if failures:
    print("FAILED:\n  " + "\n  ".join(failures))
    sys.exit(1)
print("interop: h5py, xarray and ncdump see the documented layout")
