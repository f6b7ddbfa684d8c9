"""How fast a build is, against the floor, measured in one run.

    python benchmarks/build_speed.py [--runs 5]

Prints, each as the median of --runs wall-clock runs on this machine:
  floor        papermill (CLI) executing a one-cell notebook in the same environment
  cold lv      `cspreport build --force` of the 2021 edition, lang lv
  cold both    the same with lang both (one execution of each notebook, both languages)
  one edited   one notebook's source changed, inputs unchanged: only that notebook runs
  unchanged    `cspreport build` again with nothing changed (the cache is hit)
  watch: notebook  `cspreport serve` running (kernels warm): one notebook's .ipynb saved →
               the served page's version changes (the refreshed report is there to load);
               each of the four notebooks --runs times, the median of the four medians
  watch: input     the same, an input file (content.yaml) saved: every notebook runs again
then the ratios of each to the floor. The floor is run again before every run of every
figure, and a figure's ratio is taken to the floor runs beside its own (the machine is
shared and its load changes within minutes: a floor measured once, in a quiet minute, would
make a figure measured under load look slow); then where the time of a cold build goes (the
build's own steps, and each notebook's cells as papermill timed them). The builds run in a scratch
copy of the project, so that editing a notebook touches nothing here. Run by hand; never in
the tests.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
TARGETS = {"cold lv": 3.0, "cold both": 3.5, "one edited": 1.5, "unchanged": 0.3,
           "watch: notebook": 0.5, "watch: input": 1.0}


def run(cmd: list[str], cwd: Path) -> None:
    subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)


# The floor, measured again beside every run of every figure (``FLOOR.samples``): the
# machine is shared, and its load changes within minutes; a figure's ratio is its median over
# the median of the floor runs taken between its own runs, so that both saw the same load.
class Floor:
    def __init__(self, measure):
        self.measure, self.samples = measure, []

    def __call__(self) -> None:
        t0 = time.perf_counter()
        self.measure()
        self.samples.append(time.perf_counter() - t0)


def timed(label: str, steps, runs: int, floor: Floor, before=None) -> tuple[float, float]:
    """Median of ``runs`` runs of ``steps`` (after ``before``, untimed), each run after one
    of the floor; returns it and the median of those floor runs."""
    times, start = [], len(floor.samples)
    for _ in range(runs):
        floor()
        if before:
            before()
        t0 = time.perf_counter()
        steps()
        times.append(time.perf_counter() - t0)
    return report(label, times, floor.samples[start:])


def report(label: str, times: list[float], floors: list[float]) -> tuple[float, float]:
    median, base = statistics.median(times), statistics.median(floors)
    print(f"  {label:<28} median {median:6.2f} s  (floor beside it {base:5.2f} s)   runs: "
          + " ".join(f"{t:.2f}" for t in times), flush=True)
    return median, base


def project_copy(tmp: Path) -> Path:
    """The notebooks, parameters and data of the project in a scratch folder."""
    root = tmp / "project"
    for name in ("notebooks", "params", "data"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy(ROOT / "pyproject.toml", root / "pyproject.toml")
    return root


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--watch-only", action="store_true",
                        help="only the floor and the watch-mode figures")
    args = parser.parse_args()
    runs = args.runs
    tmp = Path(tempfile.mkdtemp(prefix="cspreport-bench-"))
    root = project_copy(tmp)
    one = tmp / "one.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")],
                                            metadata={"kernelspec": {"name": "python3",
                                                                     "language": "python",
                                                                     "display_name": "Python 3"}}),
                   str(one))
    params = {}
    for lang in ("lv", "both"):
        params[lang] = root / "params" / f"bench-{lang}.yaml"
        params[lang].write_text(json.dumps({"period_start": "2021-01-01", "period_end":
                                            "2021-09-30", "lang": lang,
                                            "output_dir": str(tmp / f"out-{lang}")}))
    papermill, cspreport = str(BIN / "papermill"), str(BIN / "cspreport")
    edited = root / "notebooks" / "03_survey.ipynb"
    count = [0]

    def edit():
        nb = nbformat.read(edited, as_version=4)
        count[0] += 1
        nb.cells.append(nbformat.v4.new_markdown_cell(f"An analyst's note, edit {count[0]}."))
        nbformat.write(nb, str(edited))

    def build(*args):
        return lambda: run([cspreport, "build", "-q", *args], root)

    print(f"cspreport build speed, {runs} runs each (wall clock, this machine; a run of "
          "the floor before each run)")
    floor = Floor(lambda: run([papermill, str(one), str(tmp / "o.ipynb")], tmp))
    for _ in range(2):  # warm the disk cache and papermill's first start: not counted
        floor()
    floor.samples.clear()
    results = {}
    if not args.watch_only:
        results |= {
            "cold lv": timed("cold lv", build("--force", str(params["lv"])), runs, floor),
            "cold both": timed("cold both", build("--force", str(params["both"])), runs,
                               floor),
            "one edited": timed("one edited", build(str(params["lv"])), runs, floor,
                                before=edit),
            "unchanged": timed("unchanged", build(str(params["lv"])), runs, floor),
        }
    results.update(watch_mode(root, params["lv"], runs, floor))
    print(f"  {'floor (all its runs)':<28} median {statistics.median(floor.samples):6.2f} s   "
          f"runs: {len(floor.samples)}, {min(floor.samples):.2f}–{max(floor.samples):.2f} s")
    print("\nratios to the floor (each figure over the floor runs beside it)")
    for name, limit in TARGETS.items():
        if name not in results:
            continue
        median, base = results[name]
        ratio = median / base
        verdict = "meets" if ratio <= limit else "misses"
        print(f"  {name:<15} {ratio:5.2f}× floor   (target ≤ {limit}×: {verdict})")
    if args.watch_only:
        shutil.rmtree(tmp, ignore_errors=True)
        return

    phases(root, params["lv"])
    where_time_goes(root, tmp)
    shutil.rmtree(tmp, ignore_errors=True)


def watch_mode(root: Path, params_file: Path, runs: int, floor: Floor
               ) -> dict[str, tuple[float, float]]:
    """`cspreport serve` in the scratch project, its page read over HTTP as the browser's
    poll does: the time from a file saved to a new /version (the run finished and the page
    would reload). Each save is checked to have given a good report (no failure shown)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    log = open(root / "serve.log", "w")  # noqa: SIM115 (closed below, after the process)
    serve = subprocess.Popen([str(BIN / "cspreport"), "serve", str(params_file), "--port",
                              str(port)], cwd=root, stdout=log, stderr=subprocess.STDOUT)

    def version() -> str | None:
        try:
            with urllib.request.urlopen(f"{url}/version", timeout=5) as r:
                return r.read().decode()
        except OSError:
            return None

    def saved(change) -> float:
        before = version()
        change()
        t0 = time.perf_counter()
        while (now := version()) == before or now is None:
            if serve.poll() is not None or time.perf_counter() - t0 > 300:
                raise SystemExit(f"cspreport serve stopped or hung; see {root}/serve.log")
            time.sleep(0.01)
        took = time.perf_counter() - t0
        with urllib.request.urlopen(f"{url}/", timeout=5) as r:
            if b"cspreport-failure" in r.read():
                raise SystemExit(f"a watch-mode run failed; see {root}/serve.log")
        # the page is served before the run has written the deck and the workbook: the next
        # save waits for the run's end (its log line), untimed
        while runs_ended() < ended[0] + 1:
            time.sleep(0.05)
        ended[0] = runs_ended()
        return took

    def runs_ended() -> int:
        return sum(line.startswith(("report updated in ", "error: "))
                   for line in (root / "serve.log").read_text().splitlines())

    ended = [0]

    print("\nwatch mode (`cspreport serve`, warm kernels; save → new version served)")
    count = [0]
    try:
        deadline = time.perf_counter() + 300
        while version() in (None, "0"):  # the first build
            if serve.poll() is not None or time.perf_counter() > deadline:
                raise SystemExit(f"cspreport serve did not start; see {root}/serve.log")
            time.sleep(0.1)
        # the kernels of the next run warm up after the first one, and a kernel for each
        # notebook is added (two more on this machine: seconds of both cores)
        time.sleep(8)
        ended[0] = runs_ended()

        def edit(path: Path):
            def change():
                nb = nbformat.read(path, as_version=4)
                count[0] += 1
                nb.cells.append(nbformat.v4.new_markdown_cell(f"A note, edit {count[0]}."))
                nbformat.write(nb, str(path))
            return change

        def beside_floor(change) -> float:
            floor()
            return saved(change)

        medians, start = [], len(floor.samples)
        for source in sorted((root / "notebooks").glob("*.ipynb")):
            medians.append(report(source.name[:28],
                                  [beside_floor(edit(source)) for _ in range(runs)],
                                  floor.samples[-runs:])[0])
        notebook_floor = statistics.median(floor.samples[start:])
        content = root / "data" / "2021" / "content.yaml"

        def touch_input():
            count[0] += 1
            with content.open("a", encoding="utf-8") as fh:
                fh.write(f"# edited {count[0]}\n")

        notebook = statistics.median(medians)
        print(f"  {'watch: notebook':<28} median of the four {notebook:6.2f} s  (floor "
              f"beside them {notebook_floor:5.2f} s)")
        data = report("watch: input (content.yaml)",
                      [beside_floor(touch_input) for _ in range(runs)], floor.samples[-runs:])
    finally:
        serve.send_signal(2)  # Ctrl-C, as the analyst stops it
        try:
            serve.wait(30)
        except subprocess.TimeoutExpired:
            serve.kill()
            serve.wait()
        log.close()
    if os.environ.get("BENCH_WATCH_LOG"):
        print((root / "serve.log").read_text())
    return {"watch: notebook": (notebook, notebook_floor), "watch: input": data}


def phases(root: Path, params_file: Path) -> None:
    """A cold lv build in this process, each step of cspreport.build timed."""
    import cspreport.build as build
    from cspreport.params import Params

    spent = {}

    def clock(name, fn):
        def wrapped(*args, **kwargs):
            t0 = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[name] = spent.get(name, 0.0) + time.perf_counter() - t0
        return wrapped

    for name in ("check_edition", "_run_notebooks", "_assemble_into"):
        setattr(build, name, clock(name, getattr(build, name)))
    t0 = time.perf_counter()
    build.build_edition(Params.from_yaml(params_file), root=root, progress=False, force=True)
    total = time.perf_counter() - t0
    print(f"\na cold lv build in one process: {total:.2f} s; check inputs "
          f"{spent['check_edition']:.2f}, notebooks (parallel kernels) "
          f"{spent['_run_notebooks']:.2f}, assemble deck + HTML {spent['_assemble_into']:.2f}, "
          f"hashing and the rest {total - sum(spent.values()):.2f}")


def where_time_goes(root: Path, tmp: Path) -> None:
    """Each notebook alone through papermill, with its cells' durations (kernel start-up is
    the wall time less the cells)."""
    print("\neach notebook alone (papermill CLI; wall, cells, and the largest cells, s)")
    for source in sorted((root / "notebooks").glob("*.ipynb")):
        out = tmp / f"timed-{source.name}"
        t0 = time.perf_counter()
        run([str(BIN / "papermill"), str(source), str(out), "-f",
             str(root / "params" / "2021.yaml")], root / "notebooks")
        wall = time.perf_counter() - t0
        nb = nbformat.read(out, as_version=4)
        cells = [(c.source.splitlines()[0][:40] if c.source else "",
                  c.metadata.get("papermill", {}).get("duration") or 0.0)
                 for c in nb.cells if c.cell_type == "code"]
        total = sum(d for _, d in cells)
        top = sorted(cells, key=lambda x: -x[1])[:3]
        print(f"  {source.name:<32} wall {wall:5.2f}  cells {total:5.2f}  "
              + "; ".join(f"{s!r} {d:.2f}" for s, d in top))


if __name__ == "__main__":
    main()
