#!/usr/bin/python3
"""Mean duration of the insurgency (steps until no insurgent is left; the run's length when
some remain) for each (accuracy, effectiveness) point of a Bennett sweep, as a Markdown table.

    /usr/bin/python3 analysis/bennett_durations.py results/sweeps/bennett-accuracy

Needs h5py and numpy (Debian: python3-h5py, python3-numpy).
"""
import sys

try:
    import h5py
    import numpy as np
    import sahelsim_results
except ImportError as error:  # pragma: no cover - depends on the machine
    sys.exit(f"bennett_durations.py: needs h5py and numpy ({error})")


def main(folder):
    index = sahelsim_results.sweep(folder)
    accuracy = index.parameters["params.accuracy"]
    effectiveness = index.parameters["params.effectiveness"]
    durations = {}
    for run in index.runs:
        with h5py.File(run.path, "r") as f:
            insurgents = f["series/insurgents"][()]
            steps = f["step"][()]
            zero = np.where(insurgents == 0)[0]
            durations.setdefault(run.point, []).append(steps[zero[0]] if len(zero) else steps[-1])
    accs, effs = np.unique(accuracy), np.unique(effectiveness)
    print("| accuracy \\ effectiveness | " + " | ".join(f"{e:g}" for e in effs) + " |")
    print("|---|" + "---|" * len(effs))
    for a in accs:
        cells = []
        for e in effs:
            p = int(np.where((accuracy == a) & (effectiveness == e))[0][0])
            d = np.array(durations[p], dtype=float)
            cells.append(f"{d.mean():.1f} ± {d.std():.1f}")
        print(f"| {a:g} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
