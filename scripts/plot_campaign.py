#!/usr/bin/python3
"""Plots a fault-injection campaign (`sttvp inject`) as the study's Figure 2.

    scripts/plot_campaign.py DIR [--net NET] [--target TARGET] [--out FILE]

Reads DIR/campaign.csv (and DIR/campaign.json for the layers' types and sizes) and writes
DIR/fig2_layer_tolerance.png: one panel per layer, test accuracy against the per-bit flip
probability p (log axis) for each mitigation, every seed as a dot, their mean as a line, runs
that diverged (NaN/Inf weights) as crosses, and the error-free baseline (p = 0) as a dashed line
with its range over the seeds shaded.

Needs Debian's python3-matplotlib (hence /usr/bin/python3); it draws with the Agg backend, no
display needed.
"""
import argparse
import csv
import json
import math
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (after choosing the backend)


def read_rows(path):
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    expected = ["net", "layer", "target", "p", "seed", "mitigation", "test_accuracy", "diverged",
                "first_nonfinite_step", "flips"]
    if not rows and open(path).readline().strip().split(",") != expected:
        sys.exit(f"{path}: not a campaign.csv (expected the header {','.join(expected)})")
    for r in rows:
        r["p"] = float(r["p"])
        acc = r["test_accuracy"]
        r["test_accuracy"] = float(acc) * 100 if acc not in ("", "nan") else math.nan
        r["diverged"] = r["diverged"] == "1"
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dir", help="campaign folder (holds campaign.csv)")
    ap.add_argument("--net", help="network to plot (default: the first in the CSV)")
    ap.add_argument("--target", help="fault target to plot (default: the first in the CSV)")
    ap.add_argument("--out", help="output file (default DIR/fig2_layer_tolerance.png)")
    args = ap.parse_args()

    rows = read_rows(os.path.join(args.dir, "campaign.csv"))
    if not rows:
        sys.exit(f"{args.dir}/campaign.csv: no finished runs to plot")
    net = args.net or rows[0]["net"]
    faulty = [r for r in rows if r["net"] == net and r["layer"] != "none"]
    if not faulty:
        sys.exit(f"{args.dir}/campaign.csv: no runs with faults for network {net}")
    target = args.target or faulty[0]["target"]
    faulty = [r for r in faulty if r["target"] == target]
    baseline = [r for r in rows if r["net"] == net and r["layer"] == "none"]
    mitigations = sorted({r["mitigation"] for r in faulty}, key=lambda m: (m != "none", m))
    layers = sorted({int(r["layer"]) for r in faulty})

    info, fault, name = {}, {}, os.path.basename(os.path.normpath(args.dir))
    try:
        with open(os.path.join(args.dir, "campaign.json")) as f:
            meta = json.load(f)
        info = {i: l for i, l in enumerate(meta.get("layers", {}).get(net, []))}
        fault = meta.get("fault", {})
        name = meta.get("name", name)
    except (OSError, ValueError):
        pass

    ncols = min(4, len(layers))
    nrows = math.ceil(len(layers) / ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(3.4 * ncols, 2.8 * nrows + 0.9),
                             sharex=True, sharey=True, squeeze=False)
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    ps = sorted({r["p"] for r in faulty})
    for k, layer in enumerate(layers):
        ax = axes[k // ncols][k % ncols]
        for m_index, mitigation in enumerate(mitigations):
            colour = colours[m_index % len(colours)]
            base = [r["test_accuracy"] for r in baseline if r["mitigation"] == mitigation]
            if base:
                mean = sum(base) / len(base)
                ax.axhline(mean, color=colour, linestyle="--", linewidth=1)
                if m_index == 0:
                    ax.axhspan(min(base), max(base), color=colour, alpha=0.12, linewidth=0)
            # Several mitigations: each a little apart on the p axis, so their points stay visible.
            shift = 10 ** (0.05 * (m_index - (len(mitigations) - 1) / 2))
            mine = [r for r in faulty if int(r["layer"]) == layer and r["mitigation"] == mitigation]
            xs, means = [], []
            for p in ps:
                at = [r for r in mine if r["p"] == p]
                if not at:
                    continue
                accs = [r["test_accuracy"] for r in at]
                x = p * shift
                xs.append(x)
                means.append(sum(accs) / len(accs))
                ok = [r for r in at if not r["diverged"]]
                bad = [r for r in at if r["diverged"]]
                ax.scatter([x] * len(ok), [r["test_accuracy"] for r in ok], s=12, color=colour,
                           alpha=0.6, zorder=3)
                ax.scatter([x] * len(bad), [r["test_accuracy"] for r in bad], s=30, marker="x",
                           color="crimson", zorder=4)
            ax.plot(xs, means, marker="o", color=colour, linewidth=1.5, zorder=2)
        ax.set_xscale("log")
        ax.set_ylim(-3, 103)
        ax.grid(True, which="major", alpha=0.3)
        title = f"layer {layer}"
        if layer in info:
            title += f": {info[layer]['type']}, {info[layer]['inputs']} inputs"
        ax.set_title(title, fontsize=9)
        if k // ncols == nrows - 1:
            ax.set_xlabel("per-bit flip probability p")
        if k % ncols == 0:
            ax.set_ylabel("test accuracy (%)")
    for k in range(len(layers), nrows * ncols):
        axes[k // ncols][k % ncols].set_visible(False)

    # One legend for the figure.
    handles = []
    for m_index, mitigation in enumerate(mitigations):
        colour = colours[m_index % len(colours)]
        label = "mean over seeds" if len(mitigations) == 1 else f"mitigation {mitigation}"
        handles.append(plt.Line2D([], [], color=colour, marker="o", label=label))
    handles.append(plt.Line2D([], [], color="grey", linestyle="--",
                              label="error-free baseline, p = 0 (shaded: seed range)"))
    handles.append(plt.Line2D([], [], color=colours[0], marker="o", linestyle="", alpha=0.6,
                              markersize=4, label="one seed"))
    handles.append(plt.Line2D([], [], color="crimson", marker="x", linestyle="",
                              label="diverged (weights NaN/Inf)"))
    legend_rows = math.ceil(len(handles) / 4)
    fig.legend(handles=handles, loc="lower center", ncol=min(4, len(handles)), fontsize=8,
               frameon=False)
    semantics = ", ".join(f"{v}" for v in (fault.get("timing"), fault.get("persistence")) if v)
    if fault.get("reads") == "forward":
        semantics += ", forward reads only"
    bits = f", bits {fault['bits']}" if fault.get("bits") else ""
    fig.suptitle(f"{name}: {net}, bit flips in the {target} of one layer"
                 f"{' (' + semantics + bits + ')' if semantics else ''}", fontsize=11)
    fig.tight_layout(rect=(0, (0.035 + 0.03 * legend_rows) * (3 / max(nrows, 1)) ** 0.5, 1, 0.96))
    out = args.out or os.path.join(args.dir, "fig2_layer_tolerance.png")
    fig.savefig(out, dpi=130)
    print(out)


if __name__ == "__main__":
    main()
