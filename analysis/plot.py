#!/usr/bin/python3
"""A figure of one indicator for papers: single runs as lines, sweeps as medians with their
10-90 % bands, several files overlaid.

    /usr/bin/python3 analysis/plot.py FILE.h5 [FILE.h5 ...] --indicator active -o fig.png|fig.svg

Needs Debian's python3-h5py and python3-matplotlib.
"""
import argparse
import os

import h5py
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from sweep_bands import bands  # noqa: E402


def _text(v):
    return v.decode() if isinstance(v, bytes) else v


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+")
    parser.add_argument("--indicator", required=True)
    parser.add_argument("-o", "--output", required=True)
    args = parser.parse_args()
    fig, ax = plt.subplots(figsize=(7, 4))
    units = ""
    for path in args.files:
        with h5py.File(path) as f:
            if _text(f.attrs.get("content", b"")) == "sweep":
                for label, (steps, median, q10, q90) in bands(path, args.indicator).items():
                    name = f"{_text(f.attrs['sweep_name'])}: {label}"
                    line, = ax.plot(steps, median, label=name)
                    ax.fill_between(steps, q10, q90, color=line.get_color(), alpha=0.25)
                continue
            if f"series/{args.indicator}" not in f:
                raise SystemExit(f"{path}: no series '{args.indicator}' (has: {', '.join(f['series'])})")
            data = f[f"series/{args.indicator}"]
            units = _text(data.attrs.get("units", b""))
            label = _text(f.attrs.get("scenario_name", os.path.basename(path).encode()))
            ax.plot(f["step"][:], data[:], label=label)
    ax.set_xlabel("step")
    ax.set_ylabel(f"{args.indicator} [{units}]" if units else args.indicator)
    ax.legend(fontsize="small")
    fig.tight_layout()
    fig.savefig(args.output)
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
