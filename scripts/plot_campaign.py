#!/usr/bin/python3
"""Plots a fault-injection campaign (`sttvp inject`) as the study's Figure 2.

    scripts/plot_campaign.py DIR [--net NET] [--target TARGET] [--out FILE]
    scripts/plot_campaign.py --semantics FIG2_SEMANTICS.CSV --out FILE

Reads DIR/campaign.csv (and DIR/campaign.json for the layers' types and sizes and the fault
semantics) and writes DIR/fig2_layer_tolerance.png: per mitigation, two heat maps over layer x
per-bit flip probability p, the share of seeds whose training diverged (weights NaN/Inf) and the
median test accuracy, with the cells where the workshop study's LeNet-5 did not learn (layers 0,
1, 2 and 10 at p = 1e-5) outlined, and the error-free baseline (p = 0) in the title.

With --semantics it reads the study's fig2_semantics.csv (`sttvp study`: one campaign per fault
semantics) and draws one heat map per semantics side by side, on the same layer x p axes: the mean
test accuracy (diverged runs count as 0 %), the cells that fail the failure test marked with *,
the diverged runs per cell, and the study's failing cells outlined.

Needs Debian's python3-matplotlib (hence /usr/bin/python3); it draws with the Agg backend, no
display needed.
"""
import argparse
import csv
import json
import math
import os
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import plot_style as style  # noqa: E402  (after the path)
from matplotlib.patches import Rectangle  # noqa: E402

# The workshop study's Figure 2: at p = 1e-5 LeNet-5 did not learn with faults in layers 0, 1, 2
# and 10 (shared/REFERENCE.md).
STUDY_FAILING = {(0, 1e-5), (1, 1e-5), (2, 1e-5), (10, 1e-5)}
# Layer types as the campaign names them, in words.
TYPE_WORDS = {"conv-table": "conv (LeNet connection table)", "fc": "fully connected",
              "avgpool": "average pool"}


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


def semantics(fault):
    """The fault semantics of campaign.json's "fault" object, in words."""
    words = []
    timing = fault.get("timing")
    if timing == "per_residency":
        words.append("one draw per stored value")
    elif timing == "per_read":
        words.append("one draw per read")
    elif timing:
        words.append(timing)
    persistence = fault.get("persistence")
    if persistence:
        words.append(f"{persistence} flips")
    bits = fault.get("bits")
    words.append(f"bits {bits}" if bits and bits != "all" else "any of the 32 bits")
    if fault.get("reads") == "forward":
        words.append("forward reads only")
    if fault.get("rate") == "per_value":
        words.append("p per value")
    return ", ".join(words)


def draw(rows, net, target, info, fault):
    """The figure: one row of two heat maps per mitigation."""
    faulty = [r for r in rows if r["net"] == net and r["layer"] != "none" and r["target"] == target]
    baseline = [r for r in rows if r["net"] == net and r["layer"] == "none"]
    mitigations = sorted({r["mitigation"] for r in faulty}, key=lambda m: (m != "none", m))
    layers = sorted({int(r["layer"]) for r in faulty})
    ps = sorted({r["p"] for r in faulty})
    fig, axes = style.figure(style.PAGE, max(2.4, 0.2 * len(layers) * len(mitigations) + 1.4),
                             len(mitigations), 2, sharey=True)
    for row, mitigation in zip(axes, mitigations):
        diverged = [[math.nan] * len(ps) for _ in layers]
        accuracy = [[math.nan] * len(ps) for _ in layers]
        for i, layer in enumerate(layers):
            for j, p in enumerate(ps):
                at = [r for r in faulty if int(r["layer"]) == layer and r["p"] == p
                      and r["mitigation"] == mitigation]
                if at:
                    diverged[i][j] = 100 * sum(r["diverged"] for r in at) / len(at)
                    accs = [0.0 if r["diverged"] or r["test_accuracy"] != r["test_accuracy"]
                            else r["test_accuracy"] for r in at]
                    accuracy[i][j] = statistics.median(accs)
        for ax, grid, title, fmt, cmap in [
                (row[0], diverged, "runs that diverged (%)", "{:.0f}", style.SEQUENTIAL + "_r"),
                (row[1], accuracy, "median test accuracy (%; diverged = 0)", "{:.0f}",
                 style.SEQUENTIAL)]:
            image = ax.imshow(grid, cmap=cmap, vmin=0, vmax=100, aspect="auto")
            for i, line in enumerate(grid):
                for j, v in enumerate(line):
                    if v == v:
                        dark = (v > 50) == (ax is row[0])
                        ax.text(j, i, fmt.format(v), ha="center", va="center", fontsize=5,
                                color="white" if dark else "black")
            outline_study_cells(ax, layers, ps)
            ax.set_xticks(range(len(ps)))
            ax.set_xticklabels([f"{p:.0e}" for p in ps])
            ax.set_xlabel(("per-value" if fault.get("rate") == "per_value" else "per-bit")
                          + " flip probability p (per value stored)")
            ax.set_yticks(range(len(layers)))
            ax.set_yticklabels([f"{l}: {TYPE_WORDS.get(info[l]['type'], info[l]['type'])}, "
                                f"{info[l]['inputs']} inputs" if l in info else f"layer {l}"
                                for l in layers])
            if ax is row[0]:
                ax.set_ylabel("layer hit (#: type, input values)")
            ax.grid(False)
            ax.set_title(title + (f"; mitigation {mitigation}" if len(mitigations) > 1 else ""))
            fig.colorbar(image, ax=ax, shrink=0.8)
    handles = [h for h in axes[0][0].patches[:1]]
    if handles:
        fig.legend(handles=handles, labels=[handles[0].get_label()], loc="lower center",
                   frameon=False)
    base = [0.0 if r["diverged"] else r["test_accuracy"] for r in baseline]
    base_text = (f"error-free baseline {min(base):.0f}-{max(base):.0f} % over {len(base)} "
                 f"run{'s' if len(base) > 1 else ''}" if base else "no error-free baseline")
    net_name = "LeNet-5" if net == "lenet" else net
    fig.suptitle(f"Figure 2: {net_name} trained with bit flips in the {target} of one layer\n"
                 f"({semantics(fault)}); {base_text}")
    fig.tight_layout(rect=(0, 0.04 if handles else 0, 1, 1))
    return fig


def outline_study_cells(ax, layers, ps):
    for i, layer in enumerate(layers):
        for j, p in enumerate(ps):
            if (layer, p) in STUDY_FAILING:
                ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, fill=False, edgecolor="red",
                                       linewidth=1.5, label="did not learn in the workshop study"))


def draw_semantics(path):
    """One heat map per fault semantics of a study's fig2_semantics.csv, side by side."""
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    if not rows:
        sys.exit(f"{path}: no cells to plot")
    semantics = list(dict.fromkeys(r["semantics"] for r in rows))
    layers = sorted({int(r["layer"]) for r in rows})
    ps = sorted({float(r["p"]) for r in rows})
    fig, axes = style.figure(style.PAGE, max(2.6, 0.22 * len(layers) + 1.4), 1, len(semantics),
                             sharey=True)
    for ax, name in zip(axes[0], semantics):
        cells = {(int(r["layer"]), float(r["p"])): r for r in rows if r["semantics"] == name}
        grid = [[math.nan] * len(ps) for _ in layers]
        for i, layer in enumerate(layers):
            for j, p in enumerate(ps):
                r = cells.get((layer, p))
                if r is None:
                    continue
                acc = float(r["mean_test_accuracy"])
                grid[i][j] = 100 * acc if acc == acc else 0.0
                mark = "*" if r["failed"] == "1" else ""
                ax.text(j, i, f"{grid[i][j]:.0f}{mark}\n{r['diverged']}/{r['runs']}",
                        ha="center", va="center", fontsize=4.5,
                        color="white" if grid[i][j] < 50 else "black")
        image = ax.imshow(grid, cmap=style.SEQUENTIAL, vmin=0, vmax=100, aspect="auto")
        outline_study_cells(ax, layers, ps)
        agree = sum((r["failed"] == "1") == (r["study_failed"] == "1") for r in cells.values())
        base = float(next(iter(cells.values()))["baseline_accuracy"]) * 100
        ax.set_title(f"{name}\nbaseline {base:.0f} %\n{agree}/{len(cells)} cells agree")
        ax.set_xticks(range(len(ps)))
        ax.set_xticklabels([f"{p:.0e}" for p in ps])
        ax.set_xlabel("p (per sampling)")  # explained in the title: longer labels overlap
        ax.set_yticks(range(len(layers)))
        ax.set_yticklabels([str(l) for l in layers])
        ax.grid(False)
    axes[0][0].set_ylabel("layer hit (index)")
    fig.colorbar(image, ax=list(axes[0]), shrink=0.8,
                 label="mean test accuracy (%; diverged = 0)")
    handles = axes[0][0].patches[:1]
    if handles:
        fig.legend(handles=handles, labels=[handles[0].get_label()], loc="lower center",
                   frameon=False)
    fig.suptitle("Figure 2: LeNet-5 with bit flips in the inputs of one layer, per fault semantics\n"
                 "(p: flip probability at each sampling, per bit or, for a per-value semantics, "
                 "per value;\n* fails: more than 5 points below the baseline; diverged/runs below)",
                 y=1.12)  # above the panels' three-line titles (saved with a tight bbox)
    return fig


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dir", nargs="?", help="campaign folder (holds campaign.csv)")
    ap.add_argument("--semantics", help="a study's fig2_semantics.csv: one panel per semantics")
    ap.add_argument("--net", help="network to plot (default: the first in the CSV)")
    ap.add_argument("--target", help="fault target to plot (default: the first in the CSV)")
    ap.add_argument("--out", help="output file (default DIR/fig2_layer_tolerance.png)")
    args = ap.parse_args()
    if args.semantics:
        if not args.out:
            sys.exit("--semantics needs --out")
        style.save(draw_semantics(args.semantics), args.out)
        print(args.out)
        return
    if not args.dir:
        ap.error("give a campaign folder or --semantics")

    rows = read_rows(os.path.join(args.dir, "campaign.csv"))
    if not rows:
        sys.exit(f"{args.dir}/campaign.csv: no finished runs to plot")
    net = args.net or rows[0]["net"]
    faulty = [r for r in rows if r["net"] == net and r["layer"] != "none"]
    if not faulty:
        sys.exit(f"{args.dir}/campaign.csv: no runs with faults for network {net}")
    target = args.target or faulty[0]["target"]
    info, fault = {}, {}
    try:
        with open(os.path.join(args.dir, "campaign.json")) as f:
            meta = json.load(f)
        info = {i: l for i, l in enumerate(meta.get("layers", {}).get(net, []))}
        fault = meta.get("fault", {})
    except (OSError, ValueError):
        pass
    fig = draw(rows, net, target, info, fault)
    out = args.out or os.path.join(args.dir, "fig2_layer_tolerance.png")
    style.save(fig, out)
    print(out)


if __name__ == "__main__":
    main()
