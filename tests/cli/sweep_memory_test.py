#!/usr/bin/python3
"""Memory of a sweep stays flat as the number of runs grows: results stream to disk.

    sweep_memory_test.py SAHELSIM_BINARY SOURCE_DIR WORK_DIR
"""
import os
import resource
import subprocess
import sys

binary, source, work = sys.argv[1:4]
os.makedirs(work, exist_ok=True)


def peak_kib(replicates):
    path = os.path.join(work, f"tiny-{replicates}.yaml")
    with open(path, "w") as f:
        f.write(f"base: {source}/scenarios/teaching/rebellion.yaml\nseed: 1\nreplicates: {replicates}\n"
                "set: {steps: 400, params: {width: 20, height: 20}, output: {maps_every: 0}}\n")
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    subprocess.run([binary, "sweep", path, "-q", "--overwrite", "-o", os.path.join(work, f"out-{replicates}")],
                   check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(before, after)  # ru_maxrss of children is the largest child so far


small = peak_kib(40)
large = peak_kib(400)
print(f"peak RSS: 40 runs {small} KiB, 400 runs {large} KiB")
if large > small * 1.25 + 4096:
    print("FAILED: memory grows with the number of runs")
    sys.exit(1)
