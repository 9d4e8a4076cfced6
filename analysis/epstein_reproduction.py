#!/usr/bin/python3
"""Figures of docs/reproductions/epstein.md: runs the Epstein (2002) Model I scenarios over
seeds and arrest-ratio rules and prints Markdown tables beside the paper's numbers.

    /usr/bin/python3 analysis/epstein_reproduction.py [--sahelsim build/sahelsim] [--seeds 10]

Needs h5py (Debian: python3-h5py). Results go to a temporary folder and are deleted.
"""
import argparse
import concurrent.futures
import os
import statistics
import subprocess
import tempfile

import h5py
import numpy as np

RUNS = "scenarios/reproductions/epstein"


def run(sahelsim, scenario, out, seed, sets):
    command = [sahelsim, "run", scenario, "-q", "-o", out, "--seed", str(seed), "--threads", "1",
               "--set", "output.maps_every=0", "--set", "output.events=false"]
    for s in sets:
        command += ["--set", s]
    subprocess.run(command, check=True)
    with h5py.File(out, "r") as f:
        series = {name: f["series"][name][:] for name in f["series"]}
    os.remove(out)
    return series


def outbursts(active, threshold=50.0):
    """(start, end) index pairs of maximal runs with active > threshold."""
    above = active > threshold
    runs, start = [], None
    for i, a in enumerate(above):
        if a and start is None:
            start = i
        if not a and start is not None:
            runs.append((start, i))
            start = None
    if start is not None:
        runs.append((start, len(active)))
    return runs


def run2_stats(active):
    bursts = outbursts(active)
    waits = [bursts[i + 1][0] - bursts[i][1] for i in range(len(bursts) - 1)]
    intervals = [bursts[i + 1][0] - bursts[i][0] for i in range(len(bursts) - 1)]
    totals = [active[s:e].sum() for s, e in bursts]
    return {
        "n": len(bursts),
        "wait": np.mean(waits) if waits else float("nan"),
        "wait_sd": np.std(waits, ddof=1) if len(waits) > 1 else float("nan"),
        "interval": np.mean(intervals) if intervals else float("nan"),
        "total": np.mean(totals) if totals else float("nan"),
        "total_sd": np.std(totals, ddof=1) if len(totals) > 1 else float("nan"),
        "max": active.max(),
    }


def fmt(values, digits=0):
    values = [v for v in values if not np.isnan(v)]
    if not values:
        return "-"
    return f"{statistics.median(values):.{digits}f} [{min(values):.{digits}f}-{max(values):.{digits}f}]"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sahelsim", default="build/sahelsim")
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--jobs", type=int, default=os.cpu_count())
    args = parser.parse_args()
    seeds = range(1, args.seeds + 1)
    tmp = tempfile.mkdtemp(prefix="epstein-repro-")
    pool = concurrent.futures.ThreadPoolExecutor(args.jobs)
    counter = iter(range(10**9))

    def many(scenario, sets):
        jobs = [pool.submit(run, args.sahelsim, f"{RUNS}/{scenario}", f"{tmp}/{next(counter)}.h5", s, sets)
                for s in seeds]
        return [j.result() for j in jobs]

    print(f"Seeds 1-{args.seeds}; median [min-max] over seeds.\n")
    print("### Run 2 (punctuated equilibrium), 3000 steps\n")
    print("| rule | protocol | outbursts (> 50 actives) | mean wait between outbursts | mean total activation | largest number of actives |")
    print("|---|---|---|---|---|---|")
    print("| paper | random asynchronous | punctuated equilibrium | 60 (s.d. 55) | 708 (s.d. 230) | - |")
    for rule in ("floor", "exact", "round"):
        for protocol in ("sequential", "parallel"):
            results = [run2_stats(r["active"][1:]) for r in many("run2.yaml", [f"params.arrest_ratio={rule}", f"params.activation={protocol}"])]
            print(f"| {rule} | {protocol} | {fmt([r['n'] for r in results])} | {fmt([r['wait'] for r in results], 1)} "
                  f"(s.d. {fmt([r['wait_sd'] for r in results], 1)}) | {fmt([r['total'] for r in results])} "
                  f"(s.d. {fmt([r['total_sd'] for r in results])}) | {fmt([r['max'] for r in results])} |")

    print("\n### Run 1 (no agent movement, vision 1.7), 500 steps\n")
    r1 = many("run1.yaml", [])
    print("| | mean actives | largest number of actives | steps with any active |")
    print("|---|---|---|---|")
    print(f"| ours | {fmt([r['active'].mean() for r in r1], 1)} | {fmt([r['active'].max() for r in r1])} | "
          f"{fmt([float((r['active'] > 0).mean()) * 100 for r in r1])} % |")

    print("\n### Runs 3 and 4 (legitimacy 0.9 to 0.2 by 0.01 per step, or 0.9 to 0.7 at t = 77), 300 steps\n")
    print("| protocol | rule | run | largest number of actives | seeds with an outburst (> 50) | jailed at the end |")
    print("|---|---|---|---|---|---|")
    for protocol in ("sequential", "parallel"):
        for rule in ("floor", "exact"):
            sets = [f"params.activation={protocol}", f"params.arrest_ratio={rule}"]
            r3, r4 = many("run3.yaml", sets), many("run4.yaml", sets)
            for name, rs in (("3 gradual", r3), ("4 jump", r4)):
                peaks = [r["active"].max() for r in rs]
                print(f"| {protocol} | {rule} | {name} | {fmt(peaks)} | {sum(p > 50 for p in peaks)}/{len(peaks)} | "
                      f"{fmt([r['jailed'][-1] for r in rs])} |")
            jump_higher = sum(b["active"].max() > a["active"].max() for a, b in zip(r3, r4))
            jail_larger = sum(b["jailed"][-1] > a["jailed"][-1] for a, b in zip(r3, r4))
            print(f"| {protocol} | {rule} | 4 vs 3, same seed | jump's peak higher in {jump_higher}/{len(r3)} | | "
                  f"jump's jail larger in {jail_larger}/{len(r3)} |")

    print("\n### Run 5 (cop density 0.074 lowered linearly to 0.02 over steps 50-350), 500 steps\n")
    print("| protocol | largest actives before step 50 | largest actives after | seeds that tip (> 50) | cops when actives first pass 50 | control without withdrawal: largest actives |")
    print("|---|---|---|---|---|---|")
    for protocol in ("sequential", "parallel"):
        cut = many("run5.yaml", [f"params.activation={protocol}"])
        calm = many("run5.yaml", [f"params.activation={protocol}", "timeline=[]"])
        before = [r["active"][:51].max() for r in cut]
        after = [r["active"][51:].max() for r in cut]
        tip_cops = [r["cops"][int(np.argmax(r["active"] > 50))] for r in cut if (r["active"] > 50).any()]
        print(f"| {protocol} | {fmt(before)} | {fmt(after)} | {sum(a > 50 for a in after)}/{len(after)} | "
              f"{fmt(tip_cops)} of 118 | {fmt([r['active'].max() for r in calm])} |")
    os.rmdir(tmp)


if __name__ == "__main__":
    main()
