#!/usr/bin/python3
"""Draws the figures of an `sttvp study` from its tables.

    scripts/plot_study.py DIR

Reads the study's CSV files in DIR (each figure only if its table is there) and writes
  DIR/fig1_write_read_distance.png  Figure 1: per training phase (rows) and distance definition
                                    (columns: LLC write -> LLC read hit, L1D write -> read
                                    reaching the LLC, L1D write -> any read), the share of reads
                                    per write-to-read distance (log axis), one line per LLC, with the
                                    workshop study's 1-100 ns band, each design point's
                                    retention time and, under the `mean` definition, a line's
                                    mean time to its first flip (table1_retention.csv's
                                    line_mttf_s) marked;
  DIR/perf_energy.png               per workload, time and memory-hierarchy energy per minibatch
                                    in absolute units, one bar per design point, points that
                                    cannot train under their own faults (perf_energy.csv's
                                    closed_loop column), points not run closed-loop and policies
                                    that never acted marked;
  DIR/working_set.png               speed-up and total energy against the baseline as a function of
                                    the MLP's training working set, one line per design point, the
                                    LLC capacities marked (working_set.csv);
  DIR/closed_loop.png               closed-loop training as a grid of design point x mitigation:
                                    test accuracy, bits flipped, time and energy;
  DIR/interval_sweep.png            per point, time and energy, bits flipped and test accuracy
                                    against the expire/refresh interval, one line per policy
                                    (interval_sweep.csv).
`sttvp study` writes this script and plot_style.py into DIR and runs it. Needs Debian's
python3-matplotlib; draws with the Agg backend, no display needed.
"""
import csv
import math
import os
import statistics
import sys
from collections import OrderedDict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import plot_style as style  # noqa: E402  (after the path)

PHASES = ["forward", "backward", "update", "other"]
STUDY_BAND_NS = (1.0, 100.0)  # the workshop study's "most distances" (shared/REFERENCE.md)


def rows(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def num(s):
    try:
        return float(s)
    except (TypeError, ValueError):
        return math.nan


def duration(ns):
    """A time in ns as a short label: 1 ns, 10 us, 1 ms, 1 s."""
    return style.si(ns * 1e-9, "s").replace(".0 ", " ")


# --- Figure 1 ---------------------------------------------------------------------------------

def retention_marks(d):
    """Per STT-RAM point of the distance section: (names, retention in ns, line MTTF in ns under
    the `mean` definition or None when that definition was not run). The line MTTF is
    table1_retention.csv's line_mttf_s: a line's mean time to its first flip without variation."""
    path = os.path.join(d, "table1_retention.csv")
    if not os.path.exists(path):
        return []
    retention, mttf = OrderedDict(), {}
    for r in rows(path):
        s = num(r["retention_s"])
        if r["technology"] == "sram" or s != s:
            continue
        retention.setdefault(r["point"], s * 1e9)
        if r["definition"] == "mean":
            mttf[r["point"]] = num(r["line_mttf_s"]) * 1e9
    # Points with the same retention and line MTTF (such as a point and its sigma0 reference)
    # share their markers.
    groups = OrderedDict()
    for p, ns in retention.items():
        groups.setdefault((ns, mttf.get(p)), []).append(p)
    return [(", ".join(points), ns, m) for (ns, m), points in groups.items()]


# The distance definitions of fig1_write_read_distance.csv's `measure` column, as panel titles.
MEASURES = OrderedDict([
    ("llc_write_to_llc_read", "LLC write/fill -> LLC read hit"),
    ("hierarchy_write_to_llc_read", "L1D write -> read reaching the LLC"),
    ("hierarchy_write_to_any_read", "L1D write -> any read"),
])


def fig1(d):
    data = rows(os.path.join(d, "fig1_write_read_distance.csv"))
    # One line per point, under its first definition (the distances do not depend on it).
    first = OrderedDict()
    for r in data:
        first.setdefault(r["point"], r["definition"])
    definitions = sorted(set(first.values()) - {"-"}) or ["-"]
    measures = [m for m in MEASURES if any(r["measure"] == m for r in data)]
    phases = [p for p in PHASES if any(r["phase"] == p and num(r["count"]) > 0 for r in data)]
    # A row per phase, a column per distance definition, side by side.
    fig, axes = style.figure(style.PAGE, 2.4 * len(phases) + 0.8, len(phases), len(measures),
                             sharey=True)
    marks = retention_marks(d)
    longest = max([ns for _, ns, _ in marks] + [1e3])
    shortest = min([m for _, _, m in marks if m] + [1.0])
    for row, phase in zip(axes, phases):
        for ax, measure in zip(row, measures):
            below, band, reads = [], [], 0
            for (point, definition), (colour, line, marker) in zip(first.items(),
                                                                   style.series_styles()):
                sel = [r for r in data if r["point"] == point and r["definition"] == definition
                       and r["measure"] == measure and r["phase"] == phase]
                total = sum(num(r["count"]) for r in sel)
                if total == 0:
                    continue
                reads = max(reads, total)
                # The first bin, [0, 1 ns), also holds reads stamped before their line's write
                # under temporal decoupling (clamped to 0): a share in the title, not drawn.
                below.append(100 * sum(num(r["count"]) for r in sel
                                       if num(r["bin_lo_ns"]) == 0) / total)
                band.append(100 * sum(num(r["count"]) for r in sel
                                      if STUDY_BAND_NS[0] <= num(r["bin_lo_ns"]) < STUDY_BAND_NS[1])
                            / total)
                timed = [r for r in sel if num(r["bin_lo_ns"]) > 0]
                x = [math.sqrt(num(r["bin_lo_ns"])
                               * min(num(r["bin_hi_ns"]), 10 * num(r["bin_lo_ns"])))
                     for r in timed]
                y = [100 * num(r["count"]) / total for r in timed]
                for r, share in zip(timed, y):
                    if share > 0:
                        longest = max(longest, num(r["bin_lo_ns"]))
                ax.plot(x, y, color=colour, linestyle=line, marker=marker, markevery=2,
                        drawstyle="steps-mid", label=point)
            if reads == 0:  # e.g. the input copy: no line it reads was written in the region
                ax.set_visible(False)
                continue
            ax.axvspan(*STUDY_BAND_NS, color="0.85", zorder=0,
                       label="workshop study: most distances 1-100 ns")
            for (point, ns, mttf), ls in zip(marks, [":", "-."] * len(marks)):
                ax.axvline(ns, color="0.3", linestyle=ls, linewidth=0.8,
                           label=f"retention time of {point} ({duration(ns)})")
                if mttf:
                    ax.axvline(mttf, color="0.55", linestyle=ls, linewidth=0.8,
                               label=f"{point}, `mean` definition: a line's mean time to its "
                                     f"first flip ({duration(mttf)})")
            ax.set_xscale("log")

            def spread(v):
                return (f"{min(v):.0f} %" if round(min(v)) == round(max(v))
                        else f"{min(v):.0f}-{max(v):.0f} %") if v else "-"
            ax.set_title(f"{phase}, {MEASURES[measure]}\n{reads:,.0f} reads; "
                         f"1-100 ns: {spread(band)}; below 1 ns: {spread(below)}",
                         fontsize="small")
            ax.set_xlabel("write-to-read distance (ns)")
            ax.set_xlim(min(0.7, shortest / 2), longest * 20)
    for row in axes:
        row[0].set_ylabel("share of reads (%)")
    handles, labels = axes[0][0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=2, frameon=False,
               title=f"LLC (retention definition: {', '.join(definitions)})")
    fig.suptitle("Figure 1: write-to-read distance per training phase, per distance definition")
    fig.tight_layout(rect=(0, 0.06 + 0.02 * math.ceil(len(labels) / 2), 1, 1))
    return fig


# --- Performance and energy ---------------------------------------------------------------------

# perf_energy.csv's closed_loop column: whether the closed loop trained on the point's LLC.
OUTCOME_MARKS = {"cannot_train": " [cannot train]", "not_run": " [not run closed-loop]"}

ENERGY_PARTS = [("LLC dynamic", "llc_dynamic_nj_per_step"),
                ("LLC refresh", "llc_refresh_nj_per_step"),
                ("LLC leakage", "llc_leakage_nj_per_step"),
                ("DRAM", "dram_nj_per_step")]


def perf(d):
    data = rows(os.path.join(d, "perf_energy.csv"))
    workloads = list(OrderedDict.fromkeys(r["workload"] for r in data))
    height = max(len([r for r in data if r["workload"] == w]) for w in workloads)
    fig, axes = style.figure(style.PAGE, (0.16 * height + 0.6) * len(workloads) + 0.9,
                             len(workloads), 2, sharey="row")
    parts = [(label, key) for label, key in ENERGY_PARTS
             if any(num(r[key]) > 0 for r in data)]
    for row, w in zip(axes, workloads):
        sel = [r for r in data if r["workload"] == w]
        names = []
        for r in sel:
            name = r["point"]
            plain = [q for q in sel if q["policy"] in ("", "none") and q["technology"] ==
                     r["technology"] and q["retention_s"] == r["retention_s"]]
            if r["policy"] not in ("", "none") and plain and all(
                    num(r[k]) == num(plain[0][k]) for k in ("sim_ns_per_step", "total_nj_per_step")):
                name += " (policy never acted)"
            name += OUTCOME_MARKS.get(r["closed_loop"], "")
            names.append(name)
        y = list(range(len(sel)))[::-1]
        ms = [num(r["sim_ns_per_step"]) * 1e-6 for r in sel]
        row[0].barh(y, ms, color=style.BAR_FILLS[0])
        for yy, v in zip(y, ms):
            row[0].text(v, yy, f" {v:.3g}", va="center", fontsize=5)
        row[0].set_xlabel("simulated time per minibatch (ms)")
        row[0].set_title(f"{w}: time")
        left = [0.0] * len(sel)
        for (label, key), fill, hatch in zip(parts, style.BAR_FILLS, style.BAR_HATCHES):
            e = [num(r[key]) * 1e-6 for r in sel]
            row[1].barh(y, e, left=left, color=fill, hatch=hatch, edgecolor="black",
                        linewidth=0.3, label=label)
            left = [a + b for a, b in zip(left, e)]
        rest = [num(r["total_nj_per_step"]) * 1e-6 - s for r, s in zip(sel, left)]
        row[1].barh(y, rest, left=left, color="white", edgecolor="black", linewidth=0.3,
                    hatch="||", label="L1D + L2")
        for yy, r in zip(y, sel):
            v = num(r["total_nj_per_step"]) * 1e-6
            row[1].text(v, yy, f" {v:.3g}", va="center", fontsize=5)
        row[1].set_xlabel("energy per minibatch (mJ; caches + DRAM)")
        row[1].set_title(f"{w}: energy")
        row[0].set_yticks(y)
        row[0].set_yticklabels(names)
        row[0].set_ylabel("design point")
        for ax in row:
            ax.margins(x=0.12)
            ax.grid(True, axis="x")
            ax.grid(False, axis="y")
    handles, labels = axes[0][1].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=len(labels), frameon=False)
    fig.suptitle("Performance and energy per design point")
    fig.tight_layout(rect=(0, 0.06, 1, 1))
    return fig


def working_set(d):
    data = rows(os.path.join(d, "working_set.csv"))
    points = list(OrderedDict.fromkeys(r["point"] for r in data))
    fig, axes = style.figure(style.PAGE, 3.2, 1, 2)
    panels = [("speed-up (x baseline; above 1: faster)", "speedup_vs_baseline"),
              ("total energy (x baseline; below 1: less)", "total_energy_vs_baseline")]
    capacities = OrderedDict()
    for r in data:
        capacities.setdefault(num(r["llc_mib"]), []).append(r["point"])
    for ax, (title, key) in zip(axes[0], panels):
        for p, (colour, line, marker) in zip(points, style.series_styles()):
            sel = sorted((r for r in data if r["point"] == p), key=lambda r: num(r["working_set_mib"]))
            ax.plot([num(r["working_set_mib"]) for r in sel], [num(r[key]) for r in sel],
                    color=colour, linestyle=line, marker=marker, label=p)
        ax.axhline(1.0, color="0.5", linewidth=0.6)
        for (mib, names), ls in zip(capacities.items(), [":", "-.", "--"] * len(capacities)):
            ax.axvline(mib, color="0.4", linestyle=ls, linewidth=0.8,
                       label=f"LLC capacity {mib:g} MiB ({', '.join(OrderedDict.fromkeys(names))})")
        ax.set_xscale("log", base=2)
        ax.set_xlabel("training working set (MiB; weights, gradients per share, Adam state)")
        ax.set_title(title)
    handles, labels = axes[0][0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=2, frameon=False)
    fig.suptitle("Working-set sweep: the fully-connected network at several hidden widths")
    fig.tight_layout(rect=(0, 0.12 + 0.03 * math.ceil(len(labels) / 2), 1, 1))
    return fig


# --- Closed loop --------------------------------------------------------------------------------

def count_label(v):
    """A count short enough for a heat-map cell: 18, 4.9k, 226k, 1.9M, 66M."""
    for factor, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k"), (1, "")):
        if v >= factor:
            scaled = v / factor
            return (f"{scaled:.0f}" if scaled >= 10 else f"{scaled:.2g}") + suffix
    return f"{v:.2g}"


def closed_loop(d):
    data = rows(os.path.join(d, "closed_loop.csv"))
    points = list(OrderedDict.fromkeys(r["point"] for r in data))
    mitigations = list(OrderedDict.fromkeys(r["mitigation"] for r in data))
    clean = [100 * num(r["test_accuracy"]) for r in data
             if r["technology"] == "sram" and r["mitigation"] == "none"]
    panels = [("median test accuracy (%)", lambda s: statistics.median(
                  100 * num(r["test_accuracy"]) if r["diverged"] != "1" else 0.0 for r in s),
               "{:.0f}".format, False),
              ("bits flipped by the LLC (median over seeds)", lambda s: statistics.median(
                  num(r["flipped_bits"]) for r in s), count_label, True),
              ("time per minibatch (x fault-free)", lambda s: statistics.median(
                  num(r["time_vs_baseline"]) for r in s), "{:.2f}".format, False),
              ("energy per minibatch (x fault-free)", lambda s: statistics.median(
                  num(r["energy_vs_baseline"]) for r in s), "{:.2f}".format, False)]
    fig, axes = style.figure(style.PAGE, 0.3 * len(points) * 2 + 1.6, 2, 2)
    for ax, (title, reduce, fmt, log) in zip([a for row in axes for a in row], panels):
        grid = [[math.nan] * len(mitigations) for _ in points]
        for i, p in enumerate(points):
            for j, m in enumerate(mitigations):
                s = [r for r in data if r["point"] == p and r["mitigation"] == m]
                if s:
                    grid[i][j] = reduce(s)
        shown = [[math.log10(1 + v) if log and v == v else v for v in row] for row in grid]
        image = ax.imshow(shown, cmap=style.SEQUENTIAL, aspect="auto")
        finite = [v for row in shown for v in row if v == v]
        middle = (min(finite) + max(finite)) / 2 if finite else 0
        for i, row in enumerate(grid):
            for j, v in enumerate(row):
                if v == v:
                    ax.text(j, i, fmt(v), ha="center", va="center", fontsize=5,
                            color="black" if shown[i][j] > middle else "white")
        ax.set_xticks(range(len(mitigations)))
        ax.set_xticklabels(mitigations, rotation=30, ha="right")
        ax.set_yticks(range(len(points)))
        ax.set_yticklabels(points)
        ax.set_xlabel("mitigation")
        ax.set_ylabel("design point")
        ax.grid(False)
        ax.set_title(title + (" (colour: log10(1 + bits))" if log else ""))
        fig.colorbar(image, ax=ax, shrink=0.8)
    reference = f"fault-free accuracy {statistics.median(clean):.1f} %" if clean else ""
    fig.suptitle("Closed-loop training with the LLC's own faults (diverged runs count as 0 %)"
                 + (f"; {reference}" if reference else ""))
    fig.tight_layout()
    return fig


def interval_sweep(d):
    data = rows(os.path.join(d, "interval_sweep.csv"))
    points = list(OrderedDict.fromkeys(r["point"] for r in data))
    policies = list(OrderedDict.fromkeys(r["policy"] for r in data))
    fig, axes = style.figure(style.PAGE, 5.4, 3, len(points), sharex="col")
    # The fault-free accuracy (the closed loop's SRAM runs), if the study ran them.
    base = os.path.join(d, "closed_loop.csv")
    clean = [100 * num(r["test_accuracy"]) for r in (rows(base) if os.path.exists(base) else [])
             if r["technology"] == "sram" and r["mitigation"] == "none"]
    for col, p in enumerate(points):
        if clean:
            axes[2][col].axhline(statistics.median(clean), color="0.5", linewidth=0.8,
                                 linestyle="--", label="fault-free (median)")
        axes[2][col].set_ylim(-3, 103)
        for policy, (colour, line, marker) in zip(policies, style.series_styles()):
            by = OrderedDict()
            for r in sorted((r for r in data if r["point"] == p and r["policy"] == policy),
                            key=lambda r: num(r["interval_ns"])):
                by.setdefault(num(r["interval_ns"]), []).append(r)
            x = list(by)
            def median(key, zero_diverged=False):
                return [statistics.median(0.0 if zero_diverged and r["diverged"] == "1"
                                          else num(r[key]) for r in s) for s in by.values()]
            axes[0][col].plot(x, median("time_vs_baseline"), color=colour, linestyle=line,
                              marker=marker, label=f"{policy}: time")
            axes[0][col].plot(x, median("energy_vs_baseline"), color=colour, linestyle=":",
                              marker=marker, label=f"{policy}: energy")
            axes[1][col].plot(x, [1 + v for v in median("flipped_bits")], color=colour,
                              linestyle=line, marker=marker, label=policy)
            axes[2][col].plot(x, [100 * v for v in median("test_accuracy", True)], color=colour,
                              linestyle=line, marker=marker, label=policy)
        axes[0][col].set_title(f"{p}: cost")
        axes[1][col].set_title(f"{p}: flips left")
        axes[2][col].set_title(f"{p}: accuracy")
        axes[0][col].set_yscale("log")
        axes[1][col].set_yscale("log")
        axes[2][col].set_xlabel("policy interval (ns, log)")
        axes[0][col].set_ylabel("time, energy per minibatch\n(x fault-free, log)")
        axes[1][col].set_ylabel("1 + bits flipped (count, log)")
        axes[2][col].set_ylabel("test accuracy (%;\ndiverged runs 0 %)")
        for ax in (axes[0][col], axes[1][col], axes[2][col]):
            ax.set_xscale("log")
    handles, labels = axes[0][0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=4, frameon=False)
    fig.suptitle("Expire and refresh intervals: cost, flips left and accuracy (closed loop)")
    fig.tight_layout(rect=(0, 0.05, 1, 1))
    return fig


FIGURES = [("fig1_write_read_distance.csv", "fig1_write_read_distance.png", fig1),
           ("perf_energy.csv", "perf_energy.png", perf),
           ("working_set.csv", "working_set.png", working_set),
           ("closed_loop.csv", "closed_loop.png", closed_loop),
           ("interval_sweep.csv", "interval_sweep.png", interval_sweep)]


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: plot_study.py DIR")
    d = sys.argv[1]
    for table, image, draw in FIGURES:
        if os.path.exists(os.path.join(d, table)):
            style.save(draw(d), os.path.join(d, image))


if __name__ == "__main__":
    main()
