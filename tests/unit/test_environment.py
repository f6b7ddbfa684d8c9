"""pyproject.toml and environment.yml must list the same packages."""

import re
import tomllib

import yaml

from tests.project import REPO


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~ \[;]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_environment_yml_lists_the_pyproject_dependencies():
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    wanted = {_name(r) for r in project["dependencies"]}
    wanted |= {_name(r) for r in project["optional-dependencies"]["test"]}
    env = yaml.safe_load((REPO / "environment.yml").read_text())
    conda = {_name(d) for d in env["dependencies"] if isinstance(d, str)} - {"python", "pip"}
    assert conda == wanted, (f"only in pyproject: {sorted(wanted - conda)}; "
                             f"only in environment.yml: {sorted(conda - wanted)}")


def test_version_floors_agree():
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    reqs = project["dependencies"] + project["optional-dependencies"]["test"]
    env = yaml.safe_load((REPO / "environment.yml").read_text())
    floors = {_name(d): d.split(">=")[1] for d in env["dependencies"]
              if isinstance(d, str) and ">=" in d}
    for r in reqs:
        assert floors[_name(r)] == r.split(">=")[1], r
