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


def screenshot(html: Path, png: Path, width: int = 1280, height: int = 6000) -> Path:
    chromium = tool("chromium", "chromium-browser", "google-chrome")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
                        f"--window-size={width},{height}", f"--screenshot={png}",
                        html.resolve().as_uri()], capture_output=True, timeout=300,
                       check=False)
    if not png.is_file():
        raise PreviewError(f"Chromium could not render {html}")
    return png


def preview(output_dir: Path, dpi: int = 60) -> list[Path]:
    """PNG previews of every deck and HTML report in ``output_dir``; returns them."""
    target = output_dir / "preview"
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    made = []
    for deck in sorted(output_dir.glob("*.pptx")):
        pdf = deck_to_pdf(deck, target)
        prefix = target / deck.stem
        subprocess.run([tool("pdftoppm"), "-png", "-r", str(dpi), str(pdf), str(prefix)],
                       check=True)
        made += sorted(target.glob(f"{deck.stem}-*.png"))
    for html in sorted(output_dir.glob("*.html")):
        made.append(screenshot(html, target / f"{html.stem}.png"))
    return made
