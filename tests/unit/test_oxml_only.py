"""python-pptx's private API is used in one module of the deck renderer, oxml.py, so that an
upgrade of python-pptx has one place to check."""

from __future__ import annotations

import pytest

from tests.project import REPO

PPTX = REPO / "cspreport" / "render" / "pptx"
PRIVATE = ("._element", "._rPr", "_sldIdLst", "drop_rel", "get_or_add_", "from lxml", "qn(",
           "._blob")


@pytest.mark.parametrize("path", sorted(p for p in PPTX.glob("*.py") if p.name != "oxml.py"),
                         ids=lambda p: p.name)
def test_no_private_api_outside_oxml(path):
    source = path.read_text(encoding="utf-8")
    found = [pattern for pattern in PRIVATE if pattern in source]
    assert not found, f"{path.name} uses python-pptx's private API ({', '.join(found)}): " \
                      "move it into oxml.py"


def test_the_scan_sees_oxml():
    """The patterns do find the private API where it is (else the test above proves nothing)."""
    source = (PPTX / "oxml.py").read_text(encoding="utf-8")
    assert all(pattern in source for pattern in PRIVATE)
    assert len(list(PPTX.glob("*.py"))) > 5
