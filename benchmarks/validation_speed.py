"""How long validating an export takes when it is clean and when one cell is wrong.

    python benchmarks/validation_speed.py [--rows 10000] [--runs 5]

A 10 000-row registration export is validated as it is, then with one unparseable timestamp
(the error must come as fast as the success: dates are parsed in one vectorised pass, not
cell by cell). Prints medians and their ratio, measured in one run. Never run in the tests.
"""

from __future__ import annotations

import argparse
import statistics
import time

import pandas as pd

from cspreport.sources.exports import CHANNEL_SPECS
from cspreport.sources.tabular import validate


def median_time(frame: pd.DataFrame, runs: int) -> tuple[float, int]:
    times, problems = [], 0
    for _ in range(runs):
        t0 = time.perf_counter()
        _, found = validate(frame.copy(), CHANNEL_SPECS["edv_registrations"], "x.csv", None)
        times.append(time.perf_counter() - t0)
        problems = len(found)
    return statistics.median(times), problems


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    n = args.rows
    clean = pd.DataFrame({"id": [f"r{i}" for i in range(n)],
                          "submitted_at": ["2021-03-04 09:15:00"] * n},
                         index=pd.RangeIndex(2, n + 2, name="row"))
    bad = clean.copy()
    bad.loc[n // 2, "submitted_at"] = "sometime in March"
    ok, _ = median_time(clean, args.runs)
    wrong, problems = median_time(bad, args.runs)
    print(f"{n} rows, median of {args.runs}: clean {ok * 1000:.1f} ms, one bad timestamp "
          f"{wrong * 1000:.1f} ms ({problems} problem reported); ratio {wrong / ok:.2f}")


if __name__ == "__main__":
    main()
