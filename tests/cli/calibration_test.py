#!/usr/bin/python3
"""The calibration of the Mali history on a tiny budget: a two-point Latin hypercube of the
history to February 2013 on a coarse grid, then analysis/calibrate_history.py scores it
against the 2012 record, writes the fitted scenario, and the fitted scenario validates.
Skips (exit 77) when Debian's h5py or numpy is missing.

    calibration_test.py SAHELSIM_BINARY SOURCE_DIR WORK_DIR
"""
import os
import shutil
import subprocess
import sys

binary, source, work = sys.argv[1:4]
try:
    import h5py  # noqa: F401
    import numpy  # noqa: F401
except ImportError as e:
    print(f"SKIPPED: {e} (install python3-h5py python3-numpy)")
    sys.exit(77)

shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)
sweep = os.path.join(work, "tiny.sweep.yaml")
with open(sweep, "w") as f:
    f.write(f"base: {source}/scenarios/mali/history.yaml\nseed: 1\nreplicates: 1\n"
            "set: {steps: 56, output.maps_every: 0, geography.cell_deg: 0.5, params.scale: 400}\n"
            "sample:\n  method: lhs\n  n: 2\n  seed: 3\n  ranges:\n"
            "    params.attitude.propaganda: [0.05, 0.4]\n"
            "    params.recruitment.threshold: [0.0, 0.2]\n"
            f"output: {{dir: {work}/out}}\n")
subprocess.run([binary, "sweep", sweep], check=True, stdout=subprocess.DEVNULL)
fitted = os.path.join(work, "fitted.yaml")
out = subprocess.run(["/usr/bin/python3", os.path.join(source, "analysis", "calibrate_history.py"),
                      f"{work}/out", "--until", "2012-12-31", "-o", fitted],
                     check=True, capture_output=True, text=True).stdout
failures = []
for needle in ("2 points, 2 runs", "| battle deaths | 2012 | 218 |", "| IDPs | 2012-03-02 | 81,000 |",
               "params.attitude.propaganda = "):
    if needle not in out:
        failures.append(f"missing in the report: {needle!r}")
text = open(fitted).read()
if "scenarios/mali/history.yaml" not in text or "propaganda:" not in text:
    failures.append("fitted scenario: " + text)
v = subprocess.run([binary, "validate", fitted], capture_output=True, text=True)
if v.returncode != 0:
    failures.append("fitted scenario does not validate: " + v.stderr)
if failures:
    print("\n".join(failures))
    print(out)
    sys.exit(1)
print("ok")
