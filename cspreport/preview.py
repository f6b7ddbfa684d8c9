"""Look at what was built, in real renderers: every deck through LibreOffice (PDF, then one PNG
per slide with pdftoppm) and every HTML report through headless Chromium, into
``output/<edition>/preview/``.

The tools come from Debian's packages (libreoffice-impress, poppler-utils, chromium); .ci/run
installs them.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from cspreport.errors import CspreportError

CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run")


class PreviewError(CspreportError):
    """A renderer is missing or failed."""


_DEBIAN = {"soffice": "libreoffice-impress", "pdftoppm": "poppler-utils",
           "pdfinfo": "poppler-utils", "chromium": "chromium"}


def tool(*names: str) -> str:
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    raise PreviewError(f"{names[0]} not found: install it (Debian: apt-get install "
                       f"{_DEBIAN.get(names[0], names[0])})")


def deck_to_pdf(deck: Path, folder: Path) -> Path:
    """Convert ``deck`` to PDF in ``folder`` with LibreOffice (its own throwaway profile, so
    that several conversions can run at once)."""
    soffice = tool("soffice", "libreoffice")
    with tempfile.TemporaryDirectory() as profile:
        done = subprocess.run([soffice, f"-env:UserInstallation=file://{profile}",
                               "--headless", "--convert-to", "pdf", "--outdir", str(folder),
                               str(deck)], capture_output=True, text=True, timeout=600)
    pdf = folder / (deck.stem + ".pdf")
    if done.returncode != 0 or not pdf.is_file():
        raise PreviewError(f"LibreOffice could not convert {deck}: {done.stderr.strip()}")
    return pdf


def pdf_pages(pdf: Path) -> int:
    done = subprocess.run([tool("pdfinfo"), str(pdf)], capture_output=True, text=True,
                          check=True)
    return int(next(line.split()[-1] for line in done.stdout.splitlines()
                    if line.startswith("Pages:")))


def screenshot(html: Path, png: Path, width: int = 1280, height: int | None = None) -> Path:
    """A screenshot of ``html`` in headless Chromium, ``width`` px wide. Without ``height``,
    the whole page: the window is made taller than any report (24 000 px) and the picture is
    cut below the last content (the contents column, as tall as the window, is not content)."""
    chromium = tool("chromium", "chromium-browser", "google-chrome")
    window = height or 24000
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
                        f"--window-size={width},{window}", f"--screenshot={png}",
                        html.resolve().as_uri()], capture_output=True, timeout=300,
                       check=False)
    if not png.is_file():
        raise PreviewError(f"Chromium could not render {html}")
    if height is None:
        _cut_below_content(png, skip_left=300 if width > 800 else 0)
    return png


def _cut_below_content(png: Path, skip_left: int) -> None:
    from PIL import Image, ImageChops

    with Image.open(png) as image:
        picture = image.convert("RGB")
    right = picture.crop((skip_left, 0, picture.width, picture.height))
    box = ImageChops.difference(right, Image.new("RGB", right.size, "white")).getbbox()
    if box is not None and box[3] + 40 < picture.height:
        picture.crop((0, 0, picture.width, box[3] + 40)).save(png)


def decks_to_pdf(output_dir: Path) -> list[Path]:
    """A PDF beside each deck in ``output_dir`` (for management to print), one page a slide."""
    return [deck_to_pdf(deck, output_dir) for deck in sorted(output_dir.glob("*.pptx"))]


def preview(output_dir: Path, dpi: int = 60) -> list[Path]:
    """PNG previews of every deck and HTML report in ``output_dir`` (the decks' PDFs too, and
    the HTML at a phone's width, 390 px); returns them."""
    target = output_dir / "preview"
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    made = []
    for deck in sorted(output_dir.glob("*.pptx")):
        pdf = deck_to_pdf(deck, target)
        made.append(pdf)
        prefix = target / deck.stem
        subprocess.run([tool("pdftoppm"), "-png", "-r", str(dpi), str(pdf), str(prefix)],
                       check=True)
        made += sorted(target.glob(f"{deck.stem}-*.png"))
    for html in sorted(output_dir.glob("*.html")):
        made.append(screenshot(html, target / f"{html.stem}.png"))
        made.append(screenshot(html, target / f"{html.stem}-phone.png", width=390))
    return made
