#!/usr/bin/python3
"""The grid written by `sahelsim geo -o` opens in xarray (h5netcdf) with named dimensions,
and its region totals match the census.

    geo_interop_test.py SAHELSIM_BINARY WORK_DIR
"""
import os
import subprocess
import sys

import h5py
import numpy as np
import xarray as xr

binary, work = sys.argv[1], sys.argv[2]
os.makedirs(work, exist_ok=True)
root = os.path.join(os.path.dirname(__file__), "..", "..")
path = os.path.join(work, "grid.h5")
subprocess.run([binary, "geo", os.path.join(root, "scenarios/mali/geography.yaml"), "-o", path,
                "--set", "geography.cell_deg=0.25", "--set", "calendar.start=2009-04-01"],
               check=True, stdout=subprocess.DEVNULL)

failures = []


def check(condition, what):
    if not condition:
        failures.append(what)


grid = xr.open_dataset(path, engine="h5netcdf", group="grid")
check(grid.population.dims == ("y", "x"), f"population dims {grid.population.dims}")
check(grid.region.dims == ("y", "x") and str(grid.region.dtype) == "uint8", "region layer")
check(grid.border_km.attrs.get("units") == "km", "units of border_km")
check(int(grid.population.sum()) == 14528662, f"population {int(grid.population.sum())}")
check(abs(float(grid.area_km2.where(grid.mali == 1).sum()) / 1240192 - 1) < 0.03, "Mali area")
regions = xr.open_dataset(path, engine="h5netcdf", group="regions")
names = [n.decode() if isinstance(n, bytes) else str(n) for n in regions.names.values]
check(names[:3] == ["Kayes", "Koulikoro", "Sikasso"] and "Bamako" in names, f"names {names}")
check(list(regions.region.values) == list(regions.names.values), "region scale = names")
check(regions.population.dims == ("region",), f"region dims {regions.population.dims}")
check(bool((regions.population == regions.census).all()), "region totals equal the census in 2009")
with h5py.File(path) as f:
    lat = f["y"][:]
    check(np.all(np.diff(lat) > 0) and abs(lat[0] - 10.125) < 1e-9, "y: cell-centre latitudes")
    check(f.attrs["complete"] == 1, "complete")

if failures:
    print("FAILED:\n  " + "\n  ".join(failures))
    sys.exit(1)
print("geo interop: xarray sees /grid (y, x) and /regions (region) with census totals")
