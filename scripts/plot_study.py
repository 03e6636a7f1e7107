#!/usr/bin/python3
"""Draws the figures of an `sttvp study` from its tables.

    scripts/plot_study.py DIR

Reads DIR/fig1_write_read_distance.csv, DIR/perf_energy.csv and DIR/closed_loop.csv (each only
if present) and writes
  DIR/fig1_write_read_distance.png  the study's Figure 1: per training phase, the share of LLC
                                    read hits per write-to-read distance bin (log axis), one line
                                    per LLC;
  DIR/perf_energy.png               per workload, time per minibatch and energy per minibatch
                                    (LLC dynamic, refresh, leakage; DRAM; the rest) normalised to
                                    the baseline, one bar per design point;
  DIR/closed_loop.png               test accuracy after closed-loop training per point and
                                    mitigation (every seed a dot), with the energy per simulated
                                    minibatch against the fault-free reference.
`sttvp study` writes this script into DIR and runs it. Needs Debian's python3-matplotlib; draws
with the Agg backend, no display needed.
"""
import csv
import math
import os
import sys
from collections import OrderedDict

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (after choosing the backend)


def rows(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def num(s):
    try:
        return float(s)
    except ValueError:
        return math.nan


def save(fig, d, name, title):
    fig.suptitle(title)
    fig.tight_layout()
    fig.savefig(os.path.join(d, name), dpi=120)
    plt.close(fig)


def fig1(d):
    data = rows(os.path.join(d, "fig1_write_read_distance.csv"))
    # One line per point: its first definition (distances barely depend on it).
    first = OrderedDict()
    for r in data:
        first.setdefault(r["point"], r["definition"])
    phases = [p for p in ["forward", "backward", "update", "other"]
              if any(r["phase"] == p and num(r["count"]) > 0 for r in data)]
    cols = 2 if len(phases) > 1 else 1
    nrows = (len(phases) + cols - 1) // cols
    fig, axes = plt.subplots(nrows, cols, figsize=(6 * cols, 3.6 * nrows), sharey=True,
                             squeeze=False)
    flat = [ax for row in axes for ax in row]
    for ax in flat[len(phases):]:
        ax.set_visible(False)
    for ax, phase in zip(flat, phases):
        for point, definition in first.items():
            sel = [r for r in data if r["point"] == point and r["definition"] == definition
                   and r["phase"] == phase]
            total = sum(num(r["count"]) for r in sel)
            if total == 0:
                continue
            # Bin centres on a log axis; the first bin [0, 1 ns) is drawn at 0.5 ns.
            x = [math.sqrt(num(r["bin_lo_ns"]) * num(r["bin_hi_ns"])) if num(r["bin_lo_ns"]) > 0
                 else 0.5 for r in sel]
            y = [100 * num(r["count"]) / total for r in sel]
            ax.step(x, y, where="mid", label=point)
        ax.set_xscale("log")
        ax.set_title(phase)
        ax.set_xlabel("write-to-read distance (ns)")
        ax.grid(True, which="major", alpha=0.3)
    for row in axes:
        row[0].set_ylabel("share of LLC read hits (%)")
    flat[0].legend(fontsize=8)
    save(fig, d, "fig1_write_read_distance.png",
         "Write-to-read distance in the LLC per training phase (Figure 1)")


def perf(d):
    data = rows(os.path.join(d, "perf_energy.csv"))
    workloads = list(OrderedDict.fromkeys(r["workload"] for r in data))
    fig, axes = plt.subplots(len(workloads), 2, figsize=(12, 3.6 * len(workloads)),
                             squeeze=False)
    for row, w in zip(axes, workloads):
        sel = [r for r in data if r["workload"] == w]
        names = [r["point"] for r in sel]
        x = range(len(sel))
        row[0].bar(x, [1 / num(r["speedup_vs_baseline"]) for r in sel], color="tab:blue")
        row[0].axhline(1, color="black", lw=0.8, ls="--")
        row[0].set_ylabel("time per minibatch\n(relative to baseline)")
        row[0].set_title(f"{w}: simulated time")
        base_total = [num(r["total_nj_per_step"]) / num(r["total_energy_vs_baseline"]) for r in sel]
        parts = [("LLC dynamic", "llc_dynamic_nj_per_step", "tab:orange"),
                 ("LLC refresh", "llc_refresh_nj_per_step", "tab:red"),
                 ("LLC leakage", "llc_leakage_nj_per_step", "tab:purple"),
                 ("DRAM", "dram_nj_per_step", "tab:gray")]
        bottom = [0.0] * len(sel)
        for label, key, color in parts:
            h = [num(r[key]) / b for r, b in zip(sel, base_total)]
            row[1].bar(x, h, bottom=bottom, label=label, color=color)
            bottom = [a + b for a, b in zip(bottom, h)]
        rest = [num(r["total_nj_per_step"]) / b - s for r, b, s in zip(sel, base_total, bottom)]
        row[1].bar(x, rest, bottom=bottom, label="L1D + L2", color="tab:green")
        row[1].axhline(1, color="black", lw=0.8, ls="--")
        row[1].set_ylabel("energy per minibatch\n(relative to baseline total)")
        row[1].set_title(f"{w}: energy")
        row[1].legend(fontsize=7, ncol=2)
        for ax in row:
            ax.set_xticks(list(x))
            ax.set_xticklabels(names, rotation=40, ha="right", fontsize=8)
            ax.grid(True, axis="y", alpha=0.3)
    save(fig, d, "perf_energy.png",
         "Performance and energy per design point (baseline: dashed line)")


def closed_loop(d):
    data = rows(os.path.join(d, "closed_loop.csv"))
    groups = list(OrderedDict.fromkeys((r["point"], r["mitigation"]) for r in data))
    fig, (a1, a2) = plt.subplots(2, 1, figsize=(max(8, 0.45 * len(groups) + 2), 8), sharex=True)
    for i, (p, m) in enumerate(groups):
        sel = [r for r in data if r["point"] == p and r["mitigation"] == m]
        acc = [100 * num(r["test_accuracy"]) for r in sel]
        mean = sum(acc) / len(acc)
        a1.bar(i, mean, color="tab:blue", alpha=0.5)
        a1.scatter([i] * len(acc), acc, color="black", s=12, zorder=3)
        for r, a in zip(sel, acc):
            if r["diverged"] == "1":
                a1.scatter([i], [a], marker="x", color="red", s=40, zorder=4)
        a2.bar(i, sum(num(r["energy_vs_baseline"]) for r in sel) / len(sel), color="tab:orange")
    labels = [f"{p} / {m}" for p, m in groups]
    for ax in (a1, a2):
        ax.grid(True, axis="y", alpha=0.3)
    a2.set_xticks(range(len(groups)))
    a2.set_xticklabels(labels, rotation=60, ha="right", fontsize=8)
    a1.set_ylabel("test accuracy (%)")
    a1.set_ylim(0, 100)
    a1.set_title("accuracy after training (dots: seeds, x: diverged)")
    a2.axhline(1, color="black", lw=0.8, ls="--")
    a2.set_ylabel("energy per simulated minibatch\n(relative to the fault-free reference)")
    a2.set_title("cost")
    save(fig, d, "closed_loop.png", "Closed-loop training with the LLC's retention faults")


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: plot_study.py DIR")
    d = sys.argv[1]
    for name, draw in [("fig1_write_read_distance.csv", fig1), ("perf_energy.csv", perf),
                       ("closed_loop.csv", closed_loop)]:
        if os.path.exists(os.path.join(d, name)):
            draw(d)


if __name__ == "__main__":
    main()
