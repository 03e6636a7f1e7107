"""report.html: the study's report as one self-contained page, opened in a real browser (Debian's
chromium, headless) to check that it shows every figure.

Run by CTest as `python3 -m unittest` with scripts/ on the path (tests/plots/CMakeLists.txt).
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

import plot_style
import report_html

SCRIPTS = os.path.dirname(os.path.abspath(report_html.__file__))
CHROMIUM = "/usr/bin/chromium"
REPORT = """# Study `fixture` (quick)

Energy per minibatch:

| point | energy (mJ) |
|---|---|
| sram | 1.2 |
| stt-1s | 0.9 |

![Figure 1](fig1.png)

Per-run tables: [perf_energy.csv](perf_energy.csv).

![Closed loop](closed_loop.png)
"""


def write_figure(path):
    fig, axes = plot_style.figure(plot_style.COLUMN, 2)
    axes[0][0].plot([1, 2, 3], [3, 1, 2])
    plot_style.save(fig, path)


class ReportHtml(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.d = self.tmp.name
        with open(os.path.join(self.d, "report.md"), "w") as f:
            f.write(REPORT)
        for name in ("fig1.png", "closed_loop.png"):
            write_figure(os.path.join(self.d, name))

    def tearDown(self):
        self.tmp.cleanup()

    def render(self):
        subprocess.run([sys.executable, os.path.join(SCRIPTS, "report_html.py"), self.d],
                       check=True)
        with open(os.path.join(self.d, "report.html"), encoding="utf-8") as f:
            return f.read()

    def test_figures_are_embedded_and_other_links_stay(self):
        page = self.render()
        sources = re.findall(r'<img alt="[^"]*" src="([^"]*)"', page)
        self.assertEqual(len(sources), 2)
        for src in sources:
            self.assertTrue(src.startswith("data:image/png;base64,"), src[:40])
        self.assertIn('<a href="perf_energy.csv">', page)
        self.assertIn("<table>", page)
        self.assertIn("<th>energy (mJ)</th>", page)
        self.assertIn("<title>Study fixture (quick)</title>", page)
        self.assertFalse(os.path.exists(os.path.join(self.d, "report.html.partial")))

    def test_a_missing_figure_is_an_error_naming_it_and_writes_nothing(self):
        os.remove(os.path.join(self.d, "fig1.png"))
        out = subprocess.run([sys.executable, os.path.join(SCRIPTS, "report_html.py"), self.d],
                             capture_output=True, text=True)
        self.assertNotEqual(out.returncode, 0)
        self.assertIn("fig1.png", out.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.d, "report.html")))

    def test_a_browser_shows_every_figure(self):
        self.assertTrue(os.access(CHROMIUM, os.X_OK),
                        "Debian's chromium is needed (scripts/setup.sh installs it)")
        page = self.render()
        # The page as shipped, plus a probe that writes into the title how many images the
        # browser decoded.
        probe = ("<script>window.addEventListener('load', () => { const i = [...document.images];"
                 " document.title = 'images ' + i.length + ' decoded ' + i.filter(x => x.complete"
                 " && x.naturalWidth > 0).length; });</script>")
        checked = os.path.join(self.d, "checked.html")
        with open(checked, "w", encoding="utf-8") as f:
            f.write(page.replace("</body>", probe + "</body>"))
        profile = tempfile.mkdtemp(dir=self.d)
        out = subprocess.run(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
             "--no-first-run", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", f"--user-data-dir={profile}", "--virtual-time-budget=5000",
             "--dump-dom", "file://" + checked],
            capture_output=True, text=True, timeout=120)
        shutil.rmtree(profile, ignore_errors=True)
        self.assertEqual(out.returncode, 0, out.stderr[-2000:])
        self.assertIn("<title>images 2 decoded 2</title>", out.stdout)


if __name__ == "__main__":
    unittest.main()
