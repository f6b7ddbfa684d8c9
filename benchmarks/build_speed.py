"""How fast a build is, against the floor and the naive chain, measured in one run.

    python benchmarks/build_speed.py [--runs 5]

Prints, each as the median of --runs wall-clock runs on this machine:
  floor        papermill (CLI) executing a one-cell notebook in the same environment
  naive chain  each notebook through the papermill CLI one after another, then
               `jupyter nbconvert --to html` on each, then the deck as a separate process
  cold lv      `cspreport build --force` of the 2021 edition, lang lv
  cold both    the same with lang both
  unchanged    `cspreport build` again with nothing changed (the cache is hit)
and the ratios of each to the floor and to the naive chain. Run by hand; never in the tests.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
DECK = ("from cspreport.params import Params; from cspreport.model import load_report; "
        "from cspreport.render.pptx import render_deck; "
        "render_deck(load_report(Params.from_yaml('params/2021.yaml')), '{out}')")


def run(cmd: list[str]) -> None:
    subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)


def timed(label: str, steps, runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        steps()
        times.append(time.perf_counter() - t0)
    median = statistics.median(times)
    print(f"  {label:<12} median {median:6.2f} s   runs: "
          + " ".join(f"{t:.2f}" for t in times), flush=True)
    return median


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    tmp = Path(tempfile.mkdtemp(prefix="cspreport-bench-"))
    one = tmp / "one.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")],
                                            metadata={"kernelspec": {"name": "python3",
                                                                     "language": "python",
                                                                     "display_name": "Python 3"}}),
                   str(one))
    params = {}
    for lang in ("lv", "both"):
        params[lang] = tmp / f"{lang}.yaml"
        params[lang].write_text(json.dumps({"period_start": "2021-01-01", "period_end":
                                            "2021-09-30", "lang": lang,
                                            "output_dir": str(tmp / f"out-{lang}")}))
    papermill, jupyter, cspreport = (str(BIN / n) for n in ("papermill", "jupyter",
                                                             "cspreport"))

    def floor():
        run([papermill, str(one), str(tmp / "one-out.ipynb")])

    def naive():
        for nb in NOTEBOOKS:
            run([papermill, str(nb), str(tmp / nb.name), "-f", "params/2021.yaml"])
        for nb in NOTEBOOKS:
            run([jupyter, "nbconvert", "--to", "html", str(tmp / nb.name)])
        run([sys.executable, "-c", DECK.format(out=tmp / "naive.pptx")])

    print(f"cspreport build speed, {runs} runs each (wall clock, this machine)")
    results = {
        "floor": timed("floor", floor, runs),
        "naive chain": timed("naive chain", naive, runs),
        "cold lv": timed("cold lv", lambda: run([cspreport, "build", "-q", "--force",
                                                 str(params["lv"])]), runs),
        "cold both": timed("cold both", lambda: run([cspreport, "build", "-q", "--force",
                                                     str(params["both"])]), runs),
        "unchanged": timed("unchanged", lambda: run([cspreport, "build", "-q",
                                                     str(params["lv"])]), runs),
    }
    targets = {"cold lv": ("floor", 2.0), "cold both": ("floor", 2.5),
               "unchanged": ("floor", 0.3)}
    print("\nratios (measured in this run)")
    for name in ("cold lv", "cold both", "unchanged"):
        to_floor = results[name] / results["floor"]
        to_naive = results[name] / results["naive chain"]
        base, limit = targets[name]
        verdict = "meets" if to_floor <= limit else "misses"
        extra = ""
        if name == "cold lv":
            extra = f"; target ≤ 0.25× naive: {'meets' if to_naive <= 0.25 else 'misses'}"
        print(f"  {name:<10} {to_floor:5.2f}× floor  {to_naive:5.2f}× naive chain   "
              f"(target ≤ {limit}× {base}: {verdict}{extra})")


if __name__ == "__main__":
    main()
