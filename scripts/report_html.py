#!/usr/bin/python3
"""Renders a study's report.md as one self-contained HTML page.

    scripts/report_html.py DIR

Reads DIR/report.md and writes DIR/report.html: the Markdown (tables included) as HTML with every
figure the report links embedded as a data: URI, so the page is a single file a browser opens
anywhere. A link to a file that is not a figure stays a relative link. Needs Debian's
python3-markdown. `sttvp study` writes this script into DIR and runs it.
"""
import base64
import html
import os
import re
import sys

import markdown

STYLE = """
body { font-family: sans-serif; max-width: 60em; margin: 2em auto; padding: 0 1em;
       line-height: 1.45; color: #111; }
table { border-collapse: collapse; margin: 1em 0; font-size: 0.9em; }
th, td { border: 1px solid #999; padding: 0.2em 0.5em; text-align: right; }
th { background: #eee; }
td:first-child, th:first-child { text-align: left; }
img { max-width: 100%; display: block; margin: 1em auto; }
code { background: #f4f4f4; padding: 0 0.2em; }
"""

IMAGE = re.compile(r'<img alt="([^"]*)" src="([^"]+)"')


def embed(page, folder):
    """Replaces every relative PNG source by a data: URI; fails on a missing figure."""
    def inline(match):
        alt, src = match.group(1), html.unescape(match.group(2))
        if not src.lower().endswith(".png") or "://" in src or src.startswith("data:"):
            return match.group(0)
        path = os.path.join(folder, src)
        try:
            with open(path, "rb") as f:
                data = base64.b64encode(f.read()).decode("ascii")
        except OSError as e:
            sys.exit(f"{path}: figure of report.md cannot be read: {e.strerror}")
        return f'<img alt="{alt}" src="data:image/png;base64,{data}"'
    return IMAGE.sub(inline, page)


def render(folder):
    source = os.path.join(folder, "report.md")
    try:
        with open(source, encoding="utf-8") as f:
            text = f.read()
    except OSError as e:
        sys.exit(f"{source}: {e.strerror}")
    body = markdown.markdown(text, extensions=["tables", "fenced_code"], output_format="html")
    title = next((line[2:].strip().replace("`", "") for line in text.splitlines()
                  if line.startswith("# ")), "sttvp study")
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>{html.escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
            + embed(body, folder) + "\n</body>\n</html>\n")


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: report_html.py DIR")
    folder = sys.argv[1]
    page = render(folder)
    out = os.path.join(folder, "report.html")
    tmp = out + ".partial"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(page)
    os.replace(tmp, out)


if __name__ == "__main__":
    main()
