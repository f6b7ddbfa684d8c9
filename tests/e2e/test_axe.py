"""The HTML reports pass axe-core's accessibility rules in headless Chromium: no violation
of impact "serious" or "critical" (WCAG 2 A/AA and best practices, axe's default rule set).

The checker is tests/accessibility/run_axe.js; its node packages are pinned in
tests/accessibility/package-lock.json and installed by `npm ci` there, which `make test` runs
when npm is there (and .ci/run installs Node first)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.project import REPO

pytestmark = pytest.mark.slow

TOOLING = REPO / "tests" / "accessibility"
RUN_AXE = TOOLING / "run_axe.js"
BLOCKING = {"serious", "critical"}
SHOWN_NODES = 3  # targets and HTML shown per violation


def _require_tooling() -> str:
    """The path of `node`; without node or the installed packages, a failure in CI (which
    installs them) and a skip elsewhere."""
    node = shutil.which("node")
    missing = []
    if not node:
        missing.append("Node.js (`node`) is not installed")
    if not (TOOLING / "node_modules" / "axe-core").is_dir() or not (
            TOOLING / "node_modules" / "playwright-core").is_dir():
        missing.append("the axe tooling is not installed: run `make test`, or `npm ci` in "
                       "tests/accessibility")
    if missing:
        reason = "; ".join(missing)
        if os.environ.get("CI"):
            pytest.fail(f"{reason} (CI must install it, see .ci/run)", pytrace=False)
        pytest.skip(reason)
    return node


def run_axe(*files: Path) -> dict[str, list[dict]]:
    """axe's violations per file, keyed by the path as given."""
    node = _require_tooling()
    try:
        done = subprocess.run([node, str(RUN_AXE), *map(str, files)], capture_output=True,
                              text=True, timeout=120, cwd=TOOLING)
    except subprocess.TimeoutExpired as err:
        pytest.fail(f"run_axe.js took longer than {err.timeout} s", pytrace=False)
    assert done.returncode == 0, f"run_axe.js could not run:\n{done.stderr}"
    results = json.loads(done.stdout)
    assert set(results) == {str(f) for f in files}, done.stdout[:2000]
    return results


def blocking(violations: list[dict]) -> list[dict]:
    return [v for v in violations if v.get("impact") in BLOCKING]


def describe(violations: list[dict]) -> str:
    """One paragraph per violation: rule, impact, help, and its first few elements."""
    lines = []
    for v in violations:
        nodes = v["nodes"]
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} ({len(nodes)} element(s))"
                     f"\n    {v['helpUrl']}")
        for node in nodes[:SHOWN_NODES]:
            html = " ".join(node["html"].split())
            if len(html) > 200:
                html = html[:200] + "…"
            lines.append(f"    - {' '.join(map(str, node['target']))}\n      {html}")
            summary = (node.get("failureSummary") or "").splitlines()
            if len(summary) > 1:  # the first check that failed, e.g. the contrast measured
                lines.append(f"      {summary[1].strip()}")
        if len(nodes) > SHOWN_NODES:
            lines.append(f"    … and {len(nodes) - SHOWN_NODES} more")
    return "\n".join(lines)


@pytest.fixture(scope="module")
def report_violations(request) -> dict[str, list[dict]]:
    """Both reports checked in one Chromium, by language."""
    _require_tooling()  # before the build: a skip need not wait for it
    build = request.getfixturevalue("build_2021")
    paths = {lang: build.output_dir / f"cspreport-2021-{lang}.html" for lang in ("lv", "en")}
    results = run_axe(*paths.values())
    return {lang: results[str(path)] for lang, path in paths.items()}


@pytest.mark.parametrize("lang", ["lv", "en"])
def test_report_has_no_serious_or_critical_accessibility_violation(report_violations, lang):
    found = blocking(report_violations[lang])
    assert not found, (f"axe-core: {len(found)} serious/critical violation(s) in "
                       f"cspreport-2021-{lang}.html:\n{describe(found)}")


KNOWN_PROBLEMS = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Known problems</title></head>
<body><main><h1>Known problems</h1>
<img src="data:image/gif;base64,R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw=="
     width="40" height="40">
<p style="color:#999999; background:#aaaaaa">Grey text on a grey background.</p>
</main></body></html>
"""


def test_the_checker_finds_known_problems(tmp_path):
    """A page with an image without alt text (image-alt, critical) and text of contrast
    1.2:1 (color-contrast, serious): a checker that silently finds nothing fails here."""
    page = tmp_path / "known-problems.html"
    page.write_text(KNOWN_PROBLEMS, encoding="utf-8")
    found = {v["id"]: v for v in blocking(run_axe(page)[str(page)])}
    assert found.keys() >= {"image-alt", "color-contrast"}, describe(list(found.values()))
    assert found["image-alt"]["impact"] == "critical"
    assert found["color-contrast"]["impact"] == "serious"
    assert "<img" in found["image-alt"]["nodes"][0]["html"]
    assert describe([found["image-alt"]]).startswith("[critical] image-alt: ")
