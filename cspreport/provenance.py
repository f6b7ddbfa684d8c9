"""Provenance: which inputs, code and packages made an output, and proof that they still match.

``output/<edition>/manifest.json`` records, for each build in that folder (by its ``lang``:
``lv``, ``en`` or ``both``), the parameters, every input file (path relative to the data
folder, size, sha256), the versions of the packages that shape the output, the git commit (and
whether the work tree had uncommitted changes), and the sha256 of every file the build wrote.
``verify`` recomputes the hashes and lists every mismatch. The build also keys its cache on
this record: inputs, parameters and code unchanged → nothing to redo.

This module imports nothing heavy, so that an up-to-date rebuild costs little beyond start-up.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from cspreport.errors import BuildError

MANIFEST = "manifest.json"
PACKAGES = ("cspreport", "pandas", "papermill", "nbconvert", "nbclient", "python-pptx",
            "seaborn", "matplotlib", "openpyxl", "python-calamine", "pandera", "babel",
            "xlsxwriter")
_CODE_SUFFIXES = (".py", ".yaml", ".j2", ".css")


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def left_by_a_tool(name: str) -> str | None:
    """What the file called ``name`` is when a program, not a person, put it there (a lock
    file, a temporary or backup copy, a folder's thumbnail cache); None for any other file."""
    lower = name.lower()
    if name.startswith("~$"):
        return "the lock file Microsoft Office keeps while a file is open"
    if name.startswith(".~lock.") and name.endswith("#"):
        return "the lock file LibreOffice keeps while a file is open"
    if lower.endswith(".tmp"):
        return "a temporary file a program writes while it saves"
    if name.endswith("~") or (name.startswith("#") and name.endswith("#") and len(name) > 1):
        return "a backup copy an editor keeps"
    if lower in ("thumbs.db", "desktop.ini"):
        return "a file Windows keeps about the folder"
    return None


def real_name(name: str) -> str | None:
    """The file a lock file stands for (``~$edition.xlsx`` → ``edition.xlsx``)."""
    if name.startswith("~$"):
        return name[2:]
    if name.startswith(".~lock.") and name.endswith("#"):
        return name[len(".~lock."):-1]
    return None


def files_under(folder: Path) -> list[Path]:
    """The files a person keeps in ``folder``: not hidden ones, and not what a program keeps
    beside an open file (Excel's ``~$edition.xlsx``, LibreOffice's ``.~lock.…#``, temporary
    and backup copies), which come and go and are no input: ``verify`` must still pass once
    Excel is closed."""
    return sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith(".")
                  and not left_by_a_tool(p.name))


def describe_files(folder: Path) -> dict[str, dict]:
    """path relative to ``folder`` → size and sha256, for every file in it."""
    return {p.relative_to(folder).as_posix(): {"size": p.stat().st_size, "sha256": sha256(p)}
            for p in files_under(folder)}


def package_versions() -> dict[str, str]:
    import platform

    out = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def code_digest() -> str:
    """One hash over the package's own code, catalogues and templates (the notebooks are
    hashed one by one: see ``notebook_digests``)."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    files = [p for p in sorted(package.rglob("*")) if p.suffix in _CODE_SUFFIXES]
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def git_state(root: Path) -> dict[str, str | bool | None]:
    def git(*args: str) -> str | None:
        try:
            done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True,
                                  timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            return None
        return done.stdout.strip() if done.returncode == 0 else None

    commit = git("rev-parse", "HEAD")
    status = git("status", "--porcelain", "--untracked-files=no") if commit else None
    return {"commit": commit, "dirty": bool(status) if status is not None else None}


def notebook_digests(root: Path) -> dict[str, str]:
    """The notebooks of the presentation, in its order, each by the sha256 of its file: those
    the project's pyproject.toml declares (``[tool.cspreport] notebooks``), then any other
    notebooks/*.ipynb (an analyst's own) in name order; without that table every
    notebooks/*.ipynb in name order. A declared notebook that is missing, or a notebook that
    is not a notebook (not JSON, not nbformat's shape), is a BuildError naming it, raised
    before any kernel starts."""

    folder = root / "notebooks"
    declared = _declared_notebooks(root)
    for n, name in enumerate(declared, start=1):
        if not (folder / name).is_file():
            raise BuildError(
                f"notebooks/{name}: missing; it makes part {n} of the {len(declared)} of the "
                "presentation (listed in pyproject.toml [tool.cspreport] notebooks); restore "
                f"it with git checkout -- notebooks/{name}")
    found = sorted(p.name for p in folder.glob("*.ipynb")) if folder.is_dir() else []
    names = [*declared, *(name for name in found if name not in declared)]
    return {name: _notebook_sha256(folder / name) for name in names}


def _declared_notebooks(root: Path) -> list[str]:
    import tomllib


    path = root / "pyproject.toml"
    try:
        with path.open("rb") as fh:
            project = tomllib.load(fh)
    except FileNotFoundError:
        return []
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise BuildError(f"{path}: cannot read it ({exc})") from None
    declared = project.get("tool", {}).get("cspreport", {}).get("notebooks")
    if declared is None:
        return []
    if not (isinstance(declared, list) and all(isinstance(n, str) and n.endswith(".ipynb")
                                               and "/" not in n for n in declared)):
        raise BuildError(f"{path}: [tool.cspreport] notebooks: expected a list of notebook "
                         'file names in notebooks/, e.g. ["01_plan_and_goals.ipynb"]')
    return list(dict.fromkeys(declared))


def _notebook_sha256(path: Path) -> str:
    """The sha256 of a notebook file, once it is known to be a notebook."""
    shown = f"notebooks/{path.name}"
    fix = (f"restore it with git checkout -- {shown}, or open it in Jupyter and save it "
           "again")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise BuildError(f"{shown}: cannot read it ({exc.strerror or exc})") from None
    try:
        doc = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise BuildError(f"{shown}: not a notebook: byte {exc.start + 1} is not UTF-8 "
                         f"text; {fix}") from None
    except json.JSONDecodeError as exc:
        raise BuildError(f"{shown}: not a notebook: not valid JSON at line {exc.lineno}, "
                         f"column {exc.colno} ({exc.msg}); {fix}") from None
    if not (isinstance(doc, dict) and isinstance(doc.get("cells"), list)
            and isinstance(doc.get("nbformat"), int) and doc["nbformat"] >= 4):
        raise BuildError(f"{shown}: not a notebook: JSON, but without the cells and nbformat "
                         f"(4) a Jupyter notebook has; {fix}")
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class BuildRecord:
    """Everything an output depends on; its hash is the cache key."""
    params: dict
    inputs: dict[str, dict]
    code: str
    versions: dict[str, str]
    git: dict
    notebooks: dict[str, str] = field(default_factory=dict)  # name -> sha256 of the source

    @property
    def key(self) -> str:
        blob = json.dumps([self.params, self.inputs, self.code, self.versions, self.notebooks],
                          sort_keys=True).encode()
        return hashlib.sha256(blob).hexdigest()

    def notebook_key(self, name: str) -> str:
        """What one executed notebook depends on: its source, the parameters (the deck's
        template aside; the brand colour is the charts' it draws), the inputs, the package's
        code and the versions."""
        params = {k: v for k, v in self.params.items() if k not in ("template", "template_map")}
        blob = json.dumps([name, self.notebooks[name], params, self.inputs, self.code,
                           self.versions], sort_keys=True).encode()
        return hashlib.sha256(blob).hexdigest()

    @property
    def inputs_digest(self) -> str:
        blob = json.dumps(self.inputs, sort_keys=True).encode()
        return hashlib.sha256(blob).hexdigest()

    def summary(self) -> str:
        """One line for the deck's properties, the title slide's notes and the HTML footer."""
        commit = self.git.get("commit")
        where = f"commit {commit[:10]}" if commit else "no git commit"
        if self.git.get("dirty"):
            where += " (uncommitted changes)"
        return (f"cspreport {self.versions['cspreport']}; inputs sha256 "
                f"{self.inputs_digest[:16]}; {where}")


def record(params: dict, data_dir: Path, root: Path, extra: dict[str, Path] | None = None
           ) -> BuildRecord:
    """``extra``: files outside the data folder that shape the output (a template and its
    mapping), recorded under the name given."""
    inputs = describe_files(data_dir)
    for name, path in (extra or {}).items():
        if path.is_file():
            inputs[name] = {"size": path.stat().st_size, "sha256": sha256(path)}
    return BuildRecord(params=params, inputs=inputs, code=code_digest(),
                       versions=package_versions(), git=git_state(root),
                       notebooks=notebook_digests(root))


def manifest_entry(rec: BuildRecord) -> dict:
    """What the manifest records of one build, but the files it wrote (``outputs``, added
    when they are in place: see ``cspreport.outputs.commit``)."""
    return {
        "params": rec.params,
        "inputs": rec.inputs,
        "versions": rec.versions,
        "git": rec.git,
        "code_sha256": rec.code,
        "cache_key": rec.key,
        "notebooks": {name: {"source_sha256": digest, "cache_key": rec.notebook_key(name)}
                      for name, digest in rec.notebooks.items()},
    }


def read_manifest(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def builds_of(manifest: dict | None) -> dict[str, dict]:
    """The builds a manifest records, by language set (a manifest of an older cspreport, one
    build at its top level, reads as that one build)."""
    if not isinstance(manifest, dict):
        return {}
    if isinstance(manifest.get("builds"), dict):
        return manifest["builds"]
    if isinstance(manifest.get("params"), dict) and "outputs" in manifest:
        return {manifest["params"].get("lang", "lv"): manifest}
    return {}


def up_to_date(out: Path, rec: BuildRecord) -> bool:
    """The output folder holds the build of exactly this record, untouched since."""
    entry = builds_of(read_manifest(out / MANIFEST)).get(rec.params.get("lang"))
    if not entry or entry.get("cache_key") != rec.key or entry.get("pending") \
            or entry.get("replaced"):
        return False
    return not _output_mismatches(out, entry)


def _output_mismatches(out: Path, entry: dict) -> list[str]:
    problems = []
    for name, digest in sorted(entry.get("outputs", {}).items()):
        path = out / name
        if not path.is_file():
            problems.append(f"output {name}: missing")
        elif sha256(path) != digest:
            problems.append(f"output {name}: sha256 differs from the manifest")
    return problems


def verify(entry: dict, folder: Path, data_dir: Path, extra: dict[str, Path] | None = None
           ) -> list[str]:
    """Every input and output of the build ``entry`` (one build of the manifest in
    ``folder``) whose hash no longer matches it."""
    problems = []
    recorded = entry.get("inputs", {})
    current = describe_files(data_dir) if data_dir.is_dir() else {}
    for name, path in (extra or {}).items():
        if path.is_file():
            current[name] = {"size": path.stat().st_size, "sha256": sha256(path)}
    for name, want in sorted(recorded.items()):
        got = current.get(name)
        if got is None:
            problems.append(f"input {name}: missing from {data_dir}")
        elif got["sha256"] != want["sha256"]:
            problems.append(f"input {name}: sha256 {got['sha256'][:16]}… differs from the "
                            f"manifest's {want['sha256'][:16]}…")
    for name in sorted(set(current) - set(recorded)):
        problems.append(f"input {name}: not in the manifest (added after the build)")
    return problems + _output_mismatches(folder, entry)
