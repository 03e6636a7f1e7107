"""The study's figures, drawn from small synthetic tables: every series a legend names is drawn,
every axis states its unit (or names categories), and the scripts write PNG files.

Run by CTest as `python3 -m unittest` with scripts/ on the path (tests/plots/CMakeLists.txt).
"""
import csv
import json
import os
import subprocess
import sys
import tempfile
import unittest

import plot_campaign
import plot_study
import plot_style

SCRIPTS = os.path.dirname(os.path.abspath(plot_study.__file__))
# Axis labels that name categories, not quantities: no unit applies.
CATEGORIES = ("design point", "mitigation", "layer hit (#: type, input values)")
PNG = b"\x89PNG\r\n\x1a\n"


def write_csv(path, header, rows):
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)


def study_fixture(d):
    """Tables of a study with two points, two phases, two workloads and a closed loop."""
    bins = [(0, 1)] + [(10 ** (k / 4), 10 ** ((k + 1) / 4)) for k in range(40)] + [(1e10, "inf")]
    fig1 = []
    # The LLC's distances peak at bin 8 (56.2-100 ns, forward) and 20; the hierarchy's any-level
    # ones at bin 4 (5.6-10 ns) in forward.
    for measure, shift in (("llc_write_to_llc_read", 0), ("hierarchy_write_to_any_read", -4)):
        for point in ("sram", "stt-1s"):
            for phase, peak in (("forward", 8 + shift), ("backward", 20)):
                for b, (lo, hi) in enumerate(bins):
                    count = 50 if b == 0 else (1000 if b == peak else (100 if b == peak + 3 else 0))
                    fig1.append([point, "mean", measure, phase, lo, hi, count])
    write_csv(os.path.join(d, "fig1_write_read_distance.csv"),
              ["point", "definition", "measure", "phase", "bin_lo_ns", "bin_hi_ns", "count"], fig1)
    # stt-1s under `block` then `mean` (line MTTF 1 s / 512), stt-10ms under `block` only.
    write_csv(os.path.join(d, "table1_retention.csv"),
              ["point", "definition", "technology", "retention_s", "delta", "line_mttf_s", "phase",
               "reads", "p_error", "expected_failures", "sampled_failures", "expired_reads"],
              [["sram", "-", "sram", "", "", "", "forward", 1100, 0, 0, 0, 0],
               ["stt-1s", "block", "sttram", 1, 27, 1, "forward", 1100, 1e-7, 1e-4, 0, 0],
               ["stt-1s", "mean", "sttram", 1, 20.72, 0.00195313, "forward", 1100, 1e-5, 0.011,
                0, 0],
               ["stt-10ms", "block", "sttram", 0.01, 22.4, 0.01, "forward", 1100, 1e-5, 0.011,
                0, 0],
               ["stt-1s-sigma0", "mean", "sttram", 1, 20.72, 0.00195313, "forward", 1100, 1e-6,
                0.001, 0, 0]])
    perf = []
    for w in ("lenet", "mlp"):
        for point, tech, ret, policy, ns, refresh, outcome in (
                ("sram", "sram", "", "", 2e6, 0, "no_faults"),
                ("stt-10ms", "sttram", 0.01, "none", 1.5e6, 0, "cannot_train"),
                ("stt-10ms-refresh", "sttram", 0.01, "refresh", 1.5e6, 0, "not_run")):
            perf.append([w, point, tech, ret, policy, 4, ns, 2e6 / ns, 0.9, 3e5, refresh, 2e5,
                         5e5, 4e5, 1.2e6, 1.0, 1.0, 1e-4, 10, outcome])
    write_csv(os.path.join(d, "perf_energy.csv"),
              ["workload", "point", "technology", "retention_s", "policy", "steps",
               "sim_ns_per_step", "speedup_vs_baseline", "llc_hit_rate", "llc_dynamic_nj_per_step",
               "llc_refresh_nj_per_step", "llc_leakage_nj_per_step", "llc_nj_per_step",
               "dram_nj_per_step", "total_nj_per_step", "llc_energy_vs_baseline",
               "total_energy_vs_baseline", "p_error", "flipped_bits", "closed_loop"], perf)
    loop = []
    for point, tech in (("sram", "sram"), ("stt-10ms", "sttram")):
        for mitigation in ("none", "ecc"):
            for seed in (1, 2):
                bad = tech == "sttram" and mitigation == "none"
                loop.append([point, mitigation, seed, tech, 0.1 if bad else 0.95, 1.0,
                             1 if bad else 0, 300 if tech == "sttram" else 0, 2e6, 5e5, 1.2e6,
                             1.1 if tech == "sttram" else 1, 0.9 if tech == "sttram" else 1])
    write_csv(os.path.join(d, "closed_loop.csv"),
              ["point", "mitigation", "seed", "technology", "test_accuracy", "final_loss",
               "diverged", "flipped_bits", "sim_ns_per_step", "llc_nj_per_step",
               "total_nj_per_step", "time_vs_baseline", "energy_vs_baseline"], loop)

    ws = []
    for workload, mib in (("mlp-w256", 7.2), ("mlp-w512", 17.9), ("mlp-w1024", 49.8)):
        for point, tech, llc, speedup, energy in (("sram", "sram", 8, 1, 1),
                                                  ("stt-1s", "sttram", 20, 2.2 if mib < 20 else 1.05,
                                                   0.3),
                                                  ("hybrid-1s", "hybrid", 14, 0.5, 2.7)):
            ws.append([workload, mib, point, tech, llc, 4, 1e6 / speedup, speedup, 0.9, 1e5,
                       1e6 * energy, 0.5, energy])
    write_csv(os.path.join(d, "working_set.csv"),
              ["workload", "working_set_mib", "point", "technology", "llc_mib", "steps",
               "sim_ns_per_step", "speedup_vs_baseline", "llc_hit_rate", "llc_nj_per_step",
               "total_nj_per_step", "llc_energy_vs_baseline", "total_energy_vs_baseline"], ws)
    sweep = []
    for point, scale in (("stt-1s", 1), ("stt-10ms", 0.01)):
        for policy in ("expire", "refresh"):
            for q, ns in ((1e-3, 228), (0.5, 158128)):
                for seed in (1, 2):
                    sweep.append([point, policy, q, ns * scale, 1e5 / ns, 0.9, seed,
                                  0.92 if q == 1e-3 else 0.0, 0.05, 0 if q == 1e-3 else 1,
                                  10 if q == 1e-3 else 1e6, 3e5, 2e6, 2.0, 4.0])
    write_csv(os.path.join(d, "interval_sweep.csv"),
              ["point", "policy", "interval_failure", "interval_ns", "refresh_bank_share",
               "refresh_floor_failure", "seed", "test_accuracy", "final_loss", "diverged",
               "flipped_bits", "sim_ns_per_step", "total_nj_per_step", "time_vs_baseline",
               "energy_vs_baseline"], sweep)


def campaign_fixture(d):
    rows = []
    for seed in (1, 2, 3):
        rows.append(["lenet", "none", "inputs", 0, seed, "none", 0.95, 0, "", 0])
        for layer in (0, 1, 10):
            for p in (1e-7, 1e-6, 1e-5):
                bad = p == 1e-5 and layer != 1
                rows.append(["lenet", layer, "inputs", p, seed, "none", 0.098 if bad else 0.94,
                             1 if bad else 0, 12 if bad else "", 40])
    write_csv(os.path.join(d, "campaign.csv"),
              ["net", "layer", "target", "p", "seed", "mitigation", "test_accuracy", "diverged",
               "first_nonfinite_step", "flips"], rows)
    layers = [{"type": "conv-table" if i == 4 else ("fc" if i == 10 else "conv"), "inputs": 100}
              for i in range(12)]
    with open(os.path.join(d, "campaign.json"), "w") as f:
        json.dump({"name": "fig2-test", "layers": {"lenet": layers},
                   "fault": {"timing": "per_residency", "persistence": "persistent",
                             "bits": "all"}}, f)


def drawn_labels(fig):
    """Labels of the artists that draw data (lines with points, bars, images' panels)."""
    labels = set()
    for ax in fig.axes:
        for line in ax.get_lines():
            if len(line.get_xdata()) > 0:
                labels.add(line.get_label())
        for container in ax.containers:
            if any(p.get_width() > 0 or p.get_height() > 0 for p in container.patches):
                labels.add(container.get_label())
        for patch in ax.patches:
            labels.add(patch.get_label())
    return labels


class FigureChecks:
    def check(self, fig):
        legends = [a.get_legend() for a in fig.axes if a.get_legend()] + fig.legends
        drawn = drawn_labels(fig)
        for legend in legends:
            for text in legend.get_texts():
                self.assertIn(text.get_text(), drawn, "a legend entry with nothing drawn")
        data_axes = [a for a in fig.axes if a.get_visible() and a.get_label() != "<colorbar>"]
        self.assertTrue(data_axes)
        for ax in data_axes:
            for label in (ax.get_xlabel(), ax.get_ylabel()):
                if label:
                    self.assertTrue("(" in label and ")" in label or label in CATEGORIES,
                                    f"axis label without a unit: {label!r}")
            self.assertTrue(ax.get_xlabel() or ax.get_ylabel(), "an axis without a label")
            self.assertTrue(ax.get_title(), "a panel without a title")
        self.assertTrue(fig._suptitle is not None and fig._suptitle.get_text())


class StudyFigures(FigureChecks, unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.d = self.tmp.name
        study_fixture(self.d)

    def tearDown(self):
        self.tmp.cleanup()

    def test_figure1_marks_the_study_band_and_the_retention_times(self):
        fig = plot_study.fig1(self.d)
        self.check(fig)
        labels = {l.get_label() for ax in fig.axes for l in ax.get_lines()}
        self.assertIn("retention time of stt-1s, stt-1s-sigma0 (1 s)", labels)  # one marker
        self.assertIn("retention time of stt-10ms (10 ms)", labels)
        # The line MTTF marker comes from table1's line_mttf_s, and only for `mean`.
        mttf = [l for ax in fig.axes[:1] for l in ax.get_lines() if "first flip" in l.get_label()]
        self.assertEqual(len(mttf), 1)
        self.assertIn("stt-1s, stt-1s-sigma0, `mean` definition", mttf[0].get_label())
        self.assertIn("(1.95 ms)", mttf[0].get_label())
        self.assertAlmostEqual(mttf[0].get_xdata()[0], 1.953125e6, delta=10)
        titles = " ".join(ax.get_title() for ax in fig.axes)
        self.assertIn("1,150 reads", titles)  # 50 + 1000 + 100 per point and phase
        self.assertIn("below 1 ns: 4 %", titles)

    def test_figure1_shows_the_distance_definitions_side_by_side(self):
        fig = plot_study.fig1(self.d)
        self.check(fig)
        # Two phases x the two definitions the table holds.
        titles = [ax.get_title() for ax in fig.axes]
        self.assertEqual(len(titles), 4)
        self.assertTrue(titles[0].startswith("forward, LLC write/fill -> LLC read hit"))
        self.assertTrue(titles[1].startswith("forward, L1D write -> any read"))
        # Forward: the LLC's peak (56.2-100 ns) and not its tail (316 ns) give 1000 of 1150 in
        # 1-100 ns; the hierarchy's peak (5.6-10 ns) and tail (31.6 ns) give 1100.
        self.assertIn("1-100 ns: 87 %", titles[0])
        self.assertIn("1-100 ns: 96 %", titles[1])

    def test_figure1_lines_differ_in_style(self):
        fig = plot_study.fig1(self.d)
        lines = [l for l in fig.axes[0].get_lines() if l.get_label() in ("sram", "stt-1s")]
        self.assertEqual(len(lines), 2)
        self.assertNotEqual(lines[0].get_linestyle(), lines[1].get_linestyle())
        self.assertNotEqual(lines[0].get_marker(), lines[1].get_marker())

    def test_performance_marks_idle_policies_and_leaves_unused_parts_out_of_the_legend(self):
        fig = plot_study.perf(self.d)
        self.check(fig)
        legend = [t.get_text() for t in fig.legends[0].get_texts()]
        self.assertNotIn("LLC refresh", legend)  # no refresh energy anywhere in the fixture
        ticks = [t.get_text() for t in fig.axes[0].get_yticklabels()]
        self.assertIn("stt-10ms [cannot train]", ticks)  # perf_energy.csv's closed_loop column
        self.assertIn("stt-10ms-refresh (policy never acted) [not run closed-loop]", ticks)
        self.assertIn("sram", ticks)  # no retention faults: unmarked

    def test_closed_loop_is_a_grid_of_points_and_mitigations(self):
        fig = plot_study.closed_loop(self.d)
        self.check(fig)
        self.assertIn("fault-free accuracy 95.0 %", fig._suptitle.get_text())
        accuracy = fig.axes[0].images[0].get_array()
        self.assertEqual(accuracy.shape, (2, 2))
        self.assertEqual(accuracy[1][0], 0.0)  # every stt-10ms run diverged: 0 %

    def test_working_set_sweep_is_a_curve_per_point_with_the_llc_capacities(self):
        fig = plot_study.working_set(self.d)
        self.check(fig)
        lines = {l.get_label(): l for l in fig.axes[0].get_lines()}
        self.assertEqual(list(lines["stt-1s"].get_xdata()), [7.2, 17.9, 49.8])
        self.assertEqual(list(lines["stt-1s"].get_ydata()), [2.2, 2.2, 1.05])
        self.assertIn("LLC capacity 8 MiB (sram)", lines)
        self.assertIn("LLC capacity 20 MiB (stt-1s)", lines)
        self.assertIn("LLC capacity 14 MiB (hybrid-1s)", lines)

    def test_interval_sweep_shows_cost_flips_and_accuracy_per_point(self):
        fig = plot_study.interval_sweep(self.d)
        self.check(fig)
        self.assertEqual(len(fig.axes), 6)  # 3 rows x 2 points
        accuracy = [l for l in fig.axes[4].get_lines() if l.get_label() == "refresh"][0]
        self.assertEqual(list(accuracy.get_xdata()), [228, 158128])
        self.assertEqual(list(accuracy.get_ydata()), [92.0, 0.0])  # diverged runs count as 0 %
        fault_free = [l for l in fig.axes[4].get_lines() if "fault-free" in l.get_label()]
        self.assertEqual(fault_free[0].get_ydata()[0], 95.0)

    def test_script_writes_every_figure(self):
        subprocess.run([sys.executable, os.path.join(SCRIPTS, "plot_study.py"), self.d],
                       check=True)
        for name in ("fig1_write_read_distance.png", "perf_energy.png", "closed_loop.png",
                     "working_set.png", "interval_sweep.png"):
            with open(os.path.join(self.d, name), "rb") as f:
                self.assertEqual(f.read(8), PNG, name)


class CampaignFigure(FigureChecks, unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.d = self.tmp.name
        campaign_fixture(self.d)

    def tearDown(self):
        self.tmp.cleanup()

    def test_heat_maps_outline_the_study_cells_and_name_the_semantics(self):
        rows = plot_campaign.read_rows(os.path.join(self.d, "campaign.csv"))
        with open(os.path.join(self.d, "campaign.json")) as f:
            meta = json.load(f)
        info = dict(enumerate(meta["layers"]["lenet"]))
        fig = plot_campaign.draw(rows, "lenet", "inputs", info, meta["fault"])
        self.check(fig)
        diverged = fig.axes[0].images[0].get_array()
        self.assertEqual(diverged.shape, (3, 3))  # layers 0, 1, 10 x three p
        self.assertEqual(diverged[2][2], 100.0)   # layer 10 at 1e-5: every seed diverged
        self.assertEqual(diverged[1][2], 0.0)
        # Layers 0, 1 and 10 at 1e-5 are the study's failing cells present here.
        self.assertEqual(len(fig.axes[0].patches), 3)
        title = fig._suptitle.get_text()
        self.assertIn("one draw per stored value", title)
        self.assertIn("error-free baseline 95-95 %", title)
        self.assertNotIn("fig2-test", title)

    def test_script_writes_the_figure(self):
        subprocess.run([sys.executable, os.path.join(SCRIPTS, "plot_campaign.py"), self.d],
                       check=True, stdout=subprocess.DEVNULL)
        with open(os.path.join(self.d, "fig2_layer_tolerance.png"), "rb") as f:
            self.assertEqual(f.read(8), PNG)


class SemanticsFigure(FigureChecks, unittest.TestCase):
    """The study's Figure 2: one panel per fault semantics from fig2_semantics.csv."""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.csv = os.path.join(self.tmp.name, "fig2_semantics.csv")
        rows = []
        for semantics, failing in (("persistent", {(0, 1e-5), (1, 1e-5), (5, 1e-6)}),
                                   ("per-value", set())):
            for layer in (0, 1, 5):
                for p in (1e-6, 1e-5):
                    failed = (layer, p) in failing
                    rows.append([semantics, layer, f"{p:g}", 2, 2 if failed else 0,
                                 0.1 if failed else 0.9, 0.91, int(failed),
                                 int(p == 1e-5 and layer in (0, 1))])
        write_csv(self.csv, ["semantics", "layer", "p", "runs", "diverged", "mean_test_accuracy",
                             "baseline_accuracy", "failed", "study_failed"], rows)

    def tearDown(self):
        self.tmp.cleanup()

    def test_one_panel_per_semantics_on_the_same_axes(self):
        fig = plot_campaign.draw_semantics(self.csv)
        self.check(fig)
        panels = [a for a in fig.axes if a.images]
        self.assertEqual(len(panels), 2)
        for ax in panels:
            self.assertEqual(ax.images[0].get_array().shape, (3, 2))  # layers 0, 1, 5 x two p
            self.assertEqual(len(ax.patches), 2)  # layers 0 and 1 at 1e-5 outlined
        self.assertIn("persistent", panels[0].get_title())
        self.assertIn("5/6 cells agree", panels[0].get_title())  # layer 5 at 1e-6 does not
        self.assertIn("4/6 cells agree", panels[1].get_title())  # the study's two pass here
        starred = [t.get_text() for t in panels[0].texts if "*" in t.get_text()]
        self.assertEqual(len(starred), 3)
        self.assertEqual(panels[0].images[0].get_array()[2][0], 10.0)  # layer 5 at 1e-6, in %

    def test_script_writes_the_figure(self):
        out = os.path.join(self.tmp.name, "fig2.png")
        subprocess.run([sys.executable, os.path.join(SCRIPTS, "plot_campaign.py"), "--semantics",
                        self.csv, "--out", out], check=True, stdout=subprocess.DEVNULL)
        with open(out, "rb") as f:
            self.assertEqual(f.read(8), PNG)


class CountLabel(unittest.TestCase):
    def test_counts_fit_a_heat_map_cell(self):
        self.assertEqual([plot_study.count_label(v) for v in
                          (0, 18, 1432.5, 4940, 225570, 1.85e6, 6.65e7)],
                         ["0", "18", "1.4k", "4.9k", "226k", "1.9M", "66M"])


class Style(unittest.TestCase):
    def test_si_prefixes(self):
        self.assertEqual(plot_style.si(1e-9, "s"), "1 ns")
        self.assertEqual(plot_style.si(0.01, "s"), "10 ms")
        self.assertEqual(plot_style.si(2.5e6, "J"), "2.5 MJ")


if __name__ == "__main__":
    unittest.main()
