"""The output folder of a build: where it may lie, what in it a build owns, how a finished build
is put in place.

An edition's output folder (``<output_dir>/<edition>/``) may hold the builds of several
parameter sets of one period side by side — the Latvian deck, the English one, or both
languages at once — and files of the user's own (notes for the board, a hand-edited copy of
the deck). Its ``manifest.json`` records, for each build (by its ``lang``), the parameters,
inputs and every file that build wrote. The rules:

- A build never writes into, around or above its inputs: an output folder that is, contains or
  lies inside the edition's data folder, the project's ``notebooks/`` or ``params/``, the
  package, a template, or that is (or contains) the user's home folder is refused before
  anything is written, naming both paths.
- A build removes or overwrites only files that the manifest says it wrote itself, and only
  while they are as it wrote them: a file of ours changed since (a deck edited in place) is
  kept under a new name (``….changed-1.pptx``) and said; any other file is never touched.
- A folder that is not empty and holds no manifest of ours is not built into.
- Builds of another period do not replace each other silently: the folder holds one period,
  and a build of another is refused, naming the period the folder holds.
- One build at a time writes into a folder (a lock; a second build waits for the first).
- The finished files are moved in from the staging folder at the end, after the manifest has
  said which files are about to arrive (so a build killed in that instant is cleaned up by the
  next one); until then the previous output stays exactly as it was.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from cspreport import provenance
from cspreport.errors import BuildError

MANIFEST = provenance.MANIFEST
FAILED_DIR = "failed"  # failed executed notebooks, kept for the user to open (ours too)
# A kernel pool's connection files go into a folder of this name + pid + "-…" in the temporary
# folder: one build's own, removed with it (and by the next build, if it was killed).
KERNEL_FILES_PREFIX = "cspreport-kernels-"


# ----------------------------------------------------------------------------- placement
def protected(data_dir: Path, root: Path, extra: dict[str, Path] | None = None
              ) -> list[tuple[str, Path]]:
    """What an output folder must keep clear of, each with the words a message uses."""
    places = [("the edition's data folder (data_dir)", data_dir),
              ("the project's notebooks folder", root / "notebooks"),
              ("the project's params folder", root / "params"),
              ("the cspreport package", Path(__file__).resolve().parent)]
    places += [(f"the {what}", path) for what, path in (extra or {}).items()]
    return [(what, _real(path)) for what, path in places]


def check_placement(out: Path, output_dir: str, data_dir: Path, root: Path,
                    extra: dict[str, Path] | None = None) -> None:
    """Refuse, before anything is written, an output folder ``out`` that overlaps an input."""
    target = _real(out)
    where = f"output_dir {output_dir}: the output folder {out}"
    for what, path in protected(data_dir, root, extra):
        if target == path:
            raise BuildError(f"{where} is {what} ({path}); a build would replace it. Choose "
                             "another output_dir (e.g. output)")
        if _inside(target, path):
            raise BuildError(f"{where} lies inside {what} ({path}); cspreport never writes "
                             "among its inputs. Choose another output_dir (e.g. output)")
        if _inside(path, target):
            raise BuildError(f"{where} contains {what} ({path}); cspreport never writes "
                             "around its inputs. Choose another output_dir (e.g. output)")
    home = _real(Path.home())
    if target == home or _inside(home, target):
        raise BuildError(f"{where} is or contains your home folder ({home}). Choose "
                         "another output_dir (e.g. output)")


def _real(path: Path) -> Path:
    """``path`` with ``~`` expanded and symbolic links resolved (as far as it exists)."""
    return Path(os.path.realpath(Path(path).expanduser()))


def _inside(path: Path, folder: Path) -> bool:
    return path != folder and path.is_relative_to(folder)


# ----------------------------------------------------------------------------- the manifest
def read_builds(out: Path) -> dict[str, dict] | None:
    """The builds recorded in ``out``'s manifest, by language set; None when the folder has
    no manifest of ours."""
    manifest = provenance.read_manifest(out / MANIFEST)
    builds = provenance.builds_of(manifest)
    if builds or (isinstance(manifest, dict) and "cspreport_output" in manifest):
        return dict(builds)
    return None


def write_builds(out: Path, builds: dict[str, dict]) -> None:
    """The manifest of ``out``, written whole or not at all."""
    body = {"cspreport_output": 2, "builds": builds}
    tmp = out / f".{MANIFEST}.{os.getpid()}.tmp"
    tmp.write_text(json.dumps(body, indent=2, sort_keys=True, ensure_ascii=False) + "\n",
                   encoding="utf-8")
    os.replace(tmp, out / MANIFEST)


def owned(builds: dict[str, dict]) -> dict[str, str]:
    """Every file the builds of a folder wrote (relative path → the build's language set),
    the manifest itself aside; files a build was moving in when it stopped count too."""
    files: dict[str, str] = {}
    for variant, entry in builds.items():
        for name in (*entry.get("outputs", {}), *entry.get("pending", ())):
            files.setdefault(name, variant)
    return files


# ----------------------------------------------------------------------------- checks
def check_folder(out: Path, builds: dict[str, dict] | None, period: tuple[str, str]) -> None:
    """The folder can take this build: empty, absent, or ours and of the same period."""
    if not out.exists():
        return
    if builds is None:
        found = sorted(p.name for p in out.iterdir() if p.name != FAILED_DIR
                       and not (p.name.startswith(".") and p.name.endswith(".tmp")))
        if found:
            shown = ", ".join(found[:5]) + (f" and {len(found) - 5} more" if len(found) > 5
                                            else "")
            raise BuildError(f"{out}: the folder already holds files that no cspreport build "
                             f"wrote ({shown}); cspreport never builds into such a folder. "
                             "Choose another output_dir, or empty or remove the folder")
        return
    for variant, entry in builds.items():
        params = entry.get("params", {})
        theirs = (params.get("period_start"), params.get("period_end"))
        if theirs != period:
            raise BuildError(
                f"{out}: the folder holds the build of the period {theirs[0]} – {theirs[1]} "
                f"(lang {variant}); this build is of {period[0]} – {period[1]}. Builds of "
                "different periods do not share a folder: give this one its own output_dir "
                f"(e.g. output/{period[0][:7]}_{period[1][:7]})")


# ----------------------------------------------------------------------------- the lock
@contextlib.contextmanager
def locked(out: Path, notify: Callable[[str], None] = lambda _: None,
           cancelled: Callable[[], bool] = lambda: False) -> Iterator[bool]:
    """Hold the lock of the output folder ``out`` (created if need be) while the block runs;
    a second build of the same folder waits, saying so once. Yields whether the folder was
    made here (an empty folder made for a build that then failed is removed again)."""
    made = not out.exists()
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BuildError(f"{out}: cannot create the output folder "
                         f"({exc.strerror or exc})") from None
    fd = os.open(out, os.O_RDONLY)
    try:
        said = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not said:
                    notify(f"waiting: another cspreport build is writing {out}")
                    said = True
                if cancelled():
                    raise KeyboardInterrupt from None
                time.sleep(0.2)
        try:
            yield made
        finally:
            if made:
                with contextlib.suppress(OSError):
                    out.rmdir()  # only if still empty: the build failed before writing
    finally:
        os.close(fd)  # releases the lock


# ----------------------------------------------------------------------------- the commit
def commit(staging: Path, out: Path, lang: str, entry: dict) -> list[str]:
    """Move the files of ``staging`` (a finished build) into ``out`` and record them there as
    the build ``lang`` (``entry``: its manifest entry without ``outputs``). Removes the files
    the previous build of ``lang`` wrote and this one did not; overwrites a file only when it
    is as a build of ours wrote it; keeps any other file. Returns warnings."""
    builds = dict(read_builds(out) or {})
    previous = builds.get(lang, {})
    mine = owned(builds)
    new = {p.relative_to(staging).as_posix(): provenance.sha256(p)
           for p in sorted(staging.rglob("*")) if p.is_file()}
    warnings: list[str] = []
    recorded = {n: d for e in builds.values() for n, d in e.get("outputs", {}).items()}

    # 1. say which files are about to arrive: a build killed while moving them in leaves a
    #    manifest that still names every file it may have put there
    leftover = set(previous.get("pending", ())) - set(previous.get("outputs", {}))
    builds[lang] = {**previous, "pending": sorted({*new, *leftover})}
    write_builds(out, builds)

    # 2. move them in; a file in the way that is not as we wrote it is kept under a new name
    for name in new:
        target = out / name
        if target.is_file() and (name not in mine
                                 or provenance.sha256(target) != recorded.get(name)):
            kept = _keep_aside(target)
            warnings.append(f"{target} had been changed since cspreport wrote it (or was "
                            f"not written by it): kept as {kept.name}")
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staging / name, target)

    # 3. what the previous build of this language set wrote and this one did not: removed,
    #    unless changed since, or written by another build of the folder as well
    others = {n for v, e in builds.items() if v != lang for n in e.get("outputs", {})}
    for name, digest in sorted(previous.get("outputs", {}).items()):
        path = out / name
        if name in new or name in others or not path.is_file():
            continue
        if provenance.sha256(path) == digest:
            path.unlink()
            _prune(path.parent, out)
        else:
            warnings.append(f"{path} had been changed since cspreport wrote it: kept")
    for name in sorted(leftover - set(new) - others):  # moved in by a build killed meanwhile
        path = out / name
        if path.is_file():
            path.unlink()
            _prune(path.parent, out)

    # 4. another build's file that this one replaced with other content is no longer that
    #    build's: it is rebuilt next time, and verify does not call it a mismatch
    for variant, other in builds.items():
        if variant == lang:
            continue
        taken = {n for n in other.get("outputs", {}) if n in new
                 and new[n] != other["outputs"][n]}
        if taken:
            other["outputs"] = {n: d for n, d in other["outputs"].items() if n not in taken}
            other["replaced"] = sorted({*other.get("replaced", ()), *taken})

    builds[lang] = {**entry, "outputs": new}
    write_builds(out, builds)
    _remove_failed(out)
    return warnings


def _keep_aside(path: Path) -> Path:
    for n in range(1, 1000):
        kept = path.with_name(f"{path.stem}.changed-{n}{path.suffix}")
        if not kept.exists():
            os.replace(path, kept)
            return kept
    raise BuildError(f"{path}: too many kept copies beside it; move them away")


def _prune(folder: Path, top: Path) -> None:
    """Remove ``folder`` and its parents up to ``top`` while they are empty."""
    while folder != top and folder.is_relative_to(top):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


def _remove_failed(out: Path) -> None:
    """The failed notebooks an earlier build kept for the user: a build that succeeded makes
    them stale. Only notebooks that cspreport wrote there (papermill's metadata) go."""
    folder = out / FAILED_DIR
    if not folder.is_dir():
        return
    for path in folder.glob("*.ipynb"):
        try:
            meta = json.loads(path.read_text(encoding="utf-8")).get("metadata", {})
        except (OSError, ValueError):
            continue
        if "papermill" in meta:
            path.unlink()
    with contextlib.suppress(OSError):
        folder.rmdir()


__all__ = ["FAILED_DIR", "MANIFEST", "check_folder", "check_placement", "commit", "locked",
           "owned", "protected", "read_builds", "write_builds"]
