#!/usr/bin/python3
"""analysis/sahelsim.py (load -> xarray.Dataset, summary -> pandas.DataFrame) and
analysis/plot.py on a run file and a sweep index. Skips (exit 77) with a message when
Debian's Python packages are missing.

    python_interop_test.py SAHELSIM_BINARY SOURCE_DIR WORK_DIR
"""
import os
import subprocess
import sys

binary, source, work = sys.argv[1:4]
try:
    import matplotlib  # noqa: F401
    import pandas  # noqa: F401
    import xarray  # noqa: F401
except ImportError as e:
    print(f"SKIPPED: {e} (install python3-xarray python3-pandas python3-matplotlib python3-h5netcdf)")
    sys.exit(77)
sys.path.insert(0, os.path.join(source, "analysis"))
import sahelsim  # noqa: E402

os.makedirs(work, exist_ok=True)
run = os.path.join(work, "run.h5")
subprocess.run([binary, "run", os.path.join(source, "scenarios/teaching/rebellion.yaml"), "-q", "-o", run,
                "--steps", "50"], check=True)
sweep = os.path.join(work, "sweep.yaml")
with open(sweep, "w") as f:
    f.write(f"base: {source}/scenarios/teaching/rebellion.yaml\nreplicates: 3\nset: {{steps: 30}}\n"
            "grid: {params.legitimacy: [0.75, 0.85]}\n")
subprocess.run([binary, "sweep", sweep, "-q", "--overwrite", "-o", os.path.join(work, "sweep")], check=True)

failures = []
ds = sahelsim.load(run)
if ds.sizes.get("time") != 51 or "active" not in ds or ds.attrs.get("seed") != 7:
    failures.append(f"load: {dict(ds.sizes)} {list(ds.data_vars)[:3]} seed {ds.attrs.get('seed')}")
if "map_state" not in ds or ds["map_state"].dims != ("map_time", "y", "x"):
    failures.append("load: map_state (map_time, y, x)")
sahel = os.path.join(work, "sahel.h5")
subprocess.run([binary, "run", os.path.join(source, "scenarios/teaching/sahel-policy.yaml"), "-q", "-o",
                sahel, "--steps", "20"], check=True)
ds_sahel = sahelsim.load(sahel)
if (ds_sahel["regional_population"].dims != ("time", "region")
        or list(ds_sahel.region.values) != ["South", "Centre", "North"]
        or abs(float(ds_sahel["regional_population"].isel(time=0).sum()) - 1e6) > 1e3):
    failures.append("load: regional_population (time, region) over South, Centre, North")
table = sahelsim.summary(run)
if list(table.index[:2]) != ["quiet", "active"] or table.loc["cops", "units"] != "cops":
    failures.append(f"summary of a run:\n{table}")
sweep_table = sahelsim.summary(os.path.join(work, "sweep", "sweep.h5"))
if len(sweep_table) != 16 or set(sweep_table["runs"]) != {3} or "legitimacy" not in sweep_table:
    failures.append(f"summary of a sweep:\n{sweep_table}")
figure = os.path.join(work, "fig.svg")
subprocess.run(["/usr/bin/python3", os.path.join(source, "analysis", "plot.py"), run,
                os.path.join(work, "sweep", "sweep.h5"), "--indicator", "jailed", "-o", figure],
               check=True, stdout=subprocess.DEVNULL)
if os.path.getsize(figure) < 10000:
    failures.append("plot.py wrote an (almost) empty figure")
if failures:
    print("FAILED:\n  " + "\n  ".join(failures))
    sys.exit(1)
print("python interop: sahelsim.load, sahelsim.summary and plot.py work on runs and sweeps")
