"""How long the period figures take on a large edition, and how much memory.

Generates a 1 000 000-call log (and the other channels at their usual ratio) and a wave of
100 000 respondents, then, in a fresh process each, measures:
  1. reading and validating the exports (sources),
  2. computing the period figures from the tidy tables (metrics),
and prints wall time and peak resident memory. Run by hand: python benchmarks/period_figures.py
Target: period figures ≤ 2 s and ≤ 1 GB on the 2-core project machine.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

ROOT = Path(__file__).resolve().parents[1]
N_CALLS, N_RESPONDENTS = 1_000_000, 100_000


def stamps(rng, n, start="2020-01-01", days=731) -> pd.Series:
    seconds = rng.integers(0, days * 86400, n)
    return pd.Series(pd.Timestamp(start) + pd.to_timedelta(np.sort(seconds), unit="s"))


def generate(folder: Path) -> None:
    rng = np.random.default_rng(7)
    exports = folder / "exports"
    exports.mkdir(parents=True)
    for name in ("edition.xlsx", "content.yaml"):
        (folder / name).write_bytes((ROOT / "data" / "2021" / name).read_bytes())
    answered = rng.random(N_CALLS) < 0.9
    calls = pd.DataFrame({
        "id": np.arange(N_CALLS), "start": stamps(rng, N_CALLS).dt.strftime("%Y-%m-%d %H:%M:%S"),
        "direction": np.where(rng.random(N_CALLS) < 0.85, "in", "out"),
        "answered": np.where(answered, "yes", "no"),
        "duration_s": np.where(answered, rng.integers(5, 900, N_CALLS), -1),
        "rating": np.where(rng.random(N_CALLS) < 0.1, rng.integers(1, 6, N_CALLS), -1),
    })
    calls["duration_s"] = calls["duration_s"].astype(str).replace("-1", "")
    calls["rating"] = calls["rating"].astype(str).replace("-1", "")
    calls.to_csv(exports / "calls.csv", index=False)

    def simple(name, n, columns):
        frame = pd.DataFrame({"id": np.arange(n)})
        for c in columns:
            frame[c] = stamps(rng, n).dt.strftime("%Y-%m-%d %H:%M:%S")
        frame.to_csv(exports / f"{name}.csv", index=False)

    simple("emails", 95_000, ["received_at", "answered_at"])
    simple("voice", 2_000, ["left_at", "listened_at"])
    simple("edv", 270_000, ["submitted_at"])
    chats = pd.DataFrame({"id": np.arange(5_000),
                          "started_at": stamps(rng, 5_000).dt.strftime("%Y-%m-%d %H:%M:%S"),
                          "rating": rng.integers(1, 10, 5_000)})
    chats.to_csv(exports / "chats.csv", index=False)
    labels = np.array(["1", "2", "3", "4", ""])
    survey = pd.DataFrame({"id": np.arange(N_RESPONDENTS),
                           "submitted_at": stamps(rng, N_RESPONDENTS, "2021-09-01", 20)})
    for s in ("overall", "professional", "responsive", "polite"):
        survey[s] = labels[rng.choice(5, N_RESPONDENTS, p=[0.7, 0.15, 0.05, 0.05, 0.05])]
    survey.to_excel(exports / "survey.xlsx", index=False)

    def channel(name, file, columns, **kw):
        return {"file": f"exports/{file}.csv", "coverage": ["2020-01-01", "2021-12-31"],
                "columns": {c: c for c in columns}, **kw}

    cfg = {"service": {
        "calls": channel("calls", "calls", ["id", "start", "direction", "answered",
                                            "duration_s", "rating"],
                         codes={"direction": {"incoming": ["in"], "outgoing": ["out"]}}),
        "emails": channel("emails", "emails", ["id", "received_at", "answered_at"]),
        "chats": channel("chats", "chats", ["id", "started_at", "rating"]),
        "voice_messages": channel("voice", "voice", ["id", "left_at", "listened_at"]),
        "edv_registrations": channel("edv", "edv", ["id", "submitted_at"])},
        "survey": {"codebook": {"fully_agree": ["1"], "partly_agree": ["2"],
                                "partly_disagree": ["3"], "fully_disagree": ["4"]},
                   "waves": {2021: {"answers": {
                       "file": "exports/survey.xlsx",
                       "columns": {c: c for c in ["id", "submitted_at", "overall",
                                                  "professional", "responsive", "polite"]}}}}}}
    (folder / "exports.yaml").write_text(yaml.safe_dump(cfg))


CHILD = """
import json, resource, sys, time, datetime as dt
from pathlib import Path
from cspreport.sources.edition_files import read_edition_files
from cspreport.metrics import service, survey
t0 = time.perf_counter()
tables = read_edition_files(Path(sys.argv[1]))
t1 = time.perf_counter()
figures = service.measures_from_events(tables.events, dt.date(2021, 1, 1), dt.date(2021, 9, 30))
previous = service.measures_from_events(tables.events, dt.date(2020, 1, 1),
                                        dt.date(2020, 9, 30))
monthly = service.monthly_counts(tables.events, dt.date(2021, 1, 1), dt.date(2021, 9, 30))
dists = {s: survey.distribution_from_responses(tables.responses, s)
         for s in ("overall", "professional", "responsive", "polite")}
t2 = time.perf_counter()
print(json.dumps({"read_s": t1 - t0, "metrics_s": t2 - t1,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "calls": figures["calls_total"]}))
"""


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "big"
        t0 = time.perf_counter()
        generate(folder)
        print(f"generated {N_CALLS:,} calls and {N_RESPONDENTS:,} respondents "
              f"in {time.perf_counter() - t0:.1f} s")
        done = subprocess.run([sys.executable, "-c", CHILD, str(folder)], capture_output=True,
                              text=True, check=True, cwd=ROOT)
        r = json.loads(done.stdout.strip().splitlines()[-1])
        print(f"read + validate exports : {r['read_s']:.2f} s")
        print(f"period figures (metrics): {r['metrics_s']:.2f} s  (target ≤ 2 s)")
        print(f"peak memory             : {r['peak_mb']:.0f} MB  (target ≤ 1024 MB)")
        print(f"calls in 2021-01..09    : {r['calls']:,.0f}")


if __name__ == "__main__":
    main()
