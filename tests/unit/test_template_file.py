"""The built-in template: the committed file is what scripts/make_template.py makes, one
layout per slide role on one grid, bullets with a hanging indent in the master's styles."""

from __future__ import annotations

import importlib.util
from importlib import resources
from pathlib import Path

from pptx import Presentation
from pptx.util import Emu

from cspreport.render.pptx.template import ROLES, load_template
from tests.project import REPO


def committed() -> bytes:
    return resources.files("cspreport.render.pptx").joinpath("cspreport.pptx").read_bytes()


def test_the_committed_template_is_what_the_script_makes():
    spec = importlib.util.spec_from_file_location("make_template",
                                                  REPO / "scripts" / "make_template.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.make() == committed(), "run python scripts/make_template.py and commit it"


def test_one_layout_per_role_on_one_grid():
    tpl = load_template()
    assert set(tpl.roles) == set(ROLES)
    layouts = {role: tpl.roles[role].layout.name for role in ROLES}
    content = [r for r in ROLES if r not in ("title", "closing")]
    assert len({layouts[r] for r in content}) == len(content), layouts  # distinct layouts
    edges = set()
    for role in content:
        phs = {ph.placeholder_format.idx: ph for ph in tpl.roles[role].layout.placeholders}
        title, body = phs[tpl.roles[role].title], phs[tpl.roles[role].body]
        # titles and content share the left edge and the width; content starts under the title
        assert (title.left, title.width) == (body.left, body.width), role
        assert body.top > title.top + title.height, role
        edges.add((title.left, title.width, title.top, body.top, body.top + body.height))
    assert len(edges) == 1, edges
    left, width = Emu(next(iter(edges))[0]).inches, Emu(next(iter(edges))[1]).inches
    assert (round(left, 2), round(left + width, 2)) == (0.6, 12.73)  # 0.6 in margins


def test_bullets_and_hanging_indent_come_from_the_master():
    prs = Presentation(str(Path(resources.files("cspreport.render.pptx")) / "cspreport.pptx"))
    ns = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main",
          "p": "http://schemas.openxmlformats.org/presentationml/2006/main"}
    level1 = prs.slide_master.element.find("p:txStyles/p:bodyStyle/a:lvl1pPr", ns)
    assert level1.find("a:buChar", ns).get("char") == "•"
    assert int(level1.get("indent")) == -int(level1.get("marL")) < 0
