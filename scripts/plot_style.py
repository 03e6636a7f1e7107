"""One style for every figure of sttvp (scripts/plot_study.py, scripts/plot_campaign.py).

Figures are sized for a paper: COLUMN (one column, 3.5 in) or PAGE (two columns, 7.2 in) wide,
with fonts that stay legible at that size. Series differ in line style and marker as well as in
colour, and colour maps run from dark to light, so every figure reads in greyscale.
"""
import itertools

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (after choosing the backend)

COLUMN = 3.5  # inches
PAGE = 7.2

# Colour-blind-safe (Okabe-Ito), each with a line style and marker of its own.
COLOURS = ["#000000", "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9",
           "#F0E442"]
LINES = ["-", "--", "-.", ":", (0, (5, 1, 1, 1)), (0, (1, 1)), (0, (3, 1, 1, 1, 1, 1)),
         (0, (8, 2))]
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]
# Bars: grey levels and hatches, so stacked parts stay apart without colour.
BAR_FILLS = ["#404040", "#8c8c8c", "#d0d0d0", "#ffffff", "#606060", "#b0b0b0"]
BAR_HATCHES = ["", "//", "..", "xx", "\\\\", "oo"]
# Sequential map, dark to light, monotone in lightness (readable in greyscale).
SEQUENTIAL = "cividis"

plt.rcParams.update({
    "font.size": 7,
    "axes.titlesize": 7,
    "axes.labelsize": 7,
    "xtick.labelsize": 6,
    "ytick.labelsize": 6,
    "legend.fontsize": 6,
    "figure.titlesize": 8,
    "lines.linewidth": 1.0,
    "lines.markersize": 3,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "grid.linewidth": 0.5,
    "savefig.dpi": 200,
    "savefig.bbox": "tight",
})


def series_styles():
    """Endless (colour, line style, marker) triples, one per series."""
    return itertools.cycle(zip(COLOURS, LINES, MARKERS))


def figure(width, height, nrows=1, ncols=1, **kw):
    """A figure of `width` x `height` inches with a grid of axes (always a 2-D array)."""
    fig, axes = plt.subplots(nrows, ncols, figsize=(width, height), squeeze=False, **kw)
    return fig, axes


def save(fig, path):
    fig.savefig(path)
    plt.close(fig)


def si(value, unit):
    """A value with an SI prefix chosen for readability: si(2.3e-3, "J") -> "2.3 mJ"."""
    if value == 0 or value != value:
        return f"{value:g} {unit}"
    for factor, prefix in [(1e9, "G"), (1e6, "M"), (1e3, "k"), (1, ""), (1e-3, "m"),
                           (1e-6, "µ"), (1e-9, "n"), (1e-12, "p")]:
        if abs(value) >= factor:
            return f"{value / factor:.3g} {prefix}{unit}"
    return f"{value:.3g} {unit}"
