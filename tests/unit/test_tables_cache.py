"""The validated-tables cache can cost speed, never mislead: a hit gives the same tables; an
entry that is corrupted, truncated, edited, of another version or format, or a folder, is
never loaded and the files are read again (the figure checked against one counted by hand
from the export); a cache folder that cannot be used only means no cache."""

from __future__ import annotations

import csv
import logging
import os
import pickle
from dataclasses import fields, replace
from pathlib import Path

import pandas as pd
import pytest

from cspreport.tables.cache import validated_tables
from tests.project import ROOT

EDITION = ROOT / "data" / "2021"


def calls_counted_by_hand() -> int:
    """Rows of the calls export that started in January–September 2021."""
    with (EDITION / "exports" / "calls.csv").open(encoding="utf-8-sig", newline="") as fh:
        return sum(1 for row in csv.DictReader(fh, delimiter=";")
                   if "2021-01" <= row["Sākuma laiks"][:7] <= "2021-09")


def calls_in_tables(tables) -> int:
    start = tables.events["calls"]["start"]
    return int(((start >= "2021-01-01") & (start < "2021-10-01")).sum())


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    """The tables cache of this test: platformdirs' folder under XDG_CACHE_HOME."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("CSPREPORT_CACHE_DIR", raising=False)
    return tmp_path / "xdg" / "cspreport" / "tables"


@pytest.fixture
def reads(monkeypatch) -> list[Path]:
    """Each time the edition's files are read and validated (a cache miss)."""
    import cspreport.tables.cache as cache

    seen = []
    real = cache.read_edition_files

    def counting(data_dir, *step):
        seen.append(data_dir)
        return real(data_dir, *step)

    monkeypatch.setattr(cache, "read_edition_files", counting)
    return seen


def the_entry(cache: Path) -> Path:
    entries = list(cache.iterdir())
    assert len(entries) == 1 and entries[0].suffix == ".pickle", entries
    return entries[0]


def assert_same_tables(a, b) -> None:
    for f in fields(a):
        x, y = getattr(a, f.name), getattr(b, f.name)
        if isinstance(x, pd.DataFrame):
            pd.testing.assert_frame_equal(x, y)
        elif isinstance(x, dict) and any(isinstance(v, pd.DataFrame) for v in x.values()):
            assert x.keys() == y.keys()
            for key in x:
                pd.testing.assert_frame_equal(x[key], y[key])
        else:
            assert x == y, f.name


def test_a_hit_gives_the_same_tables_without_reading_the_files(cache, reads):
    first = validated_tables(EDITION)
    again = validated_tables(EDITION)
    assert len(reads) == 1
    the_entry(cache)
    assert_same_tables(first, again)
    assert calls_in_tables(again) == calls_counted_by_hand()


def test_a_flipped_byte_is_detected_and_the_files_read_again(cache, reads, caplog):
    validated_tables(EDITION)
    entry = the_entry(cache)
    data = bytearray(entry.read_bytes())
    data[len(data) // 2] ^= 0x01
    entry.write_bytes(bytes(data))
    with caplog.at_level(logging.DEBUG, logger="cspreport.tables.cache"):
        tables = validated_tables(EDITION)
    assert len(reads) == 2
    assert calls_in_tables(tables) == calls_counted_by_hand()
    assert str(entry) in caplog.text  # a debug note, not a warning
    assert not [r for r in caplog.records if r.levelno > logging.DEBUG]
    validated_tables(EDITION)  # rebuilt: the next read is a hit again
    assert len(reads) == 2


@pytest.mark.parametrize("how", ["same header", "bare pickle", "another version"])
def test_an_edited_entry_is_never_loaded(cache, reads, how):
    """One call fewer in the tables, written back as the previous entry's header (its checksum
    no longer fits), as a bare pickle (an entry of the earlier format), or with a header of
    another cspreport version whose checksum does fit."""
    import hashlib

    validated_tables(EDITION)
    entry = the_entry(cache)
    header, _, payload = entry.read_bytes().partition(b"\n")
    tables = pickle.loads(payload)
    calls = tables.events["calls"]
    one = calls.index[calls["start"] >= "2021-01-01"][0]  # a call of the period, dropped
    edited = pickle.dumps(replace(tables, events={**tables.events, "calls": calls.drop(one)}))
    assert calls_in_tables(pickle.loads(edited)) == calls_counted_by_hand() - 1
    if how == "same header":
        entry.write_bytes(header + b"\n" + edited)
    elif how == "bare pickle":
        entry.write_bytes(edited)
    else:
        digest = hashlib.sha256(edited).hexdigest()
        entry.write_bytes(f"cspreport-tables 1 0.0.1 sha256:{digest}\n".encode() + edited)
    assert calls_in_tables(validated_tables(EDITION)) == calls_counted_by_hand()
    assert len(reads) == 2


@pytest.mark.parametrize("keep", [0.5, "header", 0])
def test_a_truncated_entry_is_detected(cache, reads, keep):
    validated_tables(EDITION)
    entry = the_entry(cache)
    data = entry.read_bytes()
    size = data.index(b"\n") + 1 if keep == "header" else int(len(data) * keep)
    entry.write_bytes(data[:size])
    assert calls_in_tables(validated_tables(EDITION)) == calls_counted_by_hand()
    assert len(reads) == 2


def test_an_entry_that_is_a_folder_only_costs_speed(cache, reads):
    validated_tables(EDITION)
    entry = the_entry(cache)
    entry.unlink()
    entry.mkdir()
    (entry / "a file of someone else").write_text("kept")
    for _ in range(2):
        assert calls_in_tables(validated_tables(EDITION)) == calls_counted_by_hand()
    assert len(reads) == 3
    assert [p.name for p in cache.iterdir()] == [entry.name]  # no temporary file left
    assert (entry / "a file of someone else").read_text() == "kept"


@pytest.mark.parametrize("where", ["tables", "cspreport", "xdg"])
def test_a_cache_folder_that_is_a_file_only_costs_speed(cache, reads, where):
    blocked = {"tables": cache, "cspreport": cache.parent, "xdg": cache.parent.parent}[where]
    blocked.parent.mkdir(parents=True, exist_ok=True)
    blocked.write_text("not a folder")
    for _ in range(2):
        assert calls_in_tables(validated_tables(EDITION)) == calls_counted_by_hand()
    assert len(reads) == 2
    assert blocked.read_text() == "not a folder"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a 0o500 folder anyway; the "
                                              "folder-is-a-file cases cover a cache that "
                                              "cannot be written")
def test_an_unwritable_cache_folder_only_costs_speed(cache, reads):
    cache.mkdir(parents=True)
    cache.chmod(0o500)
    try:
        for _ in range(2):
            assert calls_in_tables(validated_tables(EDITION)) == calls_counted_by_hand()
        assert len(reads) == 2
        assert list(cache.iterdir()) == []
    finally:
        cache.chmod(0o700)


def test_cspreport_cache_dir_puts_the_cache_elsewhere(cache, reads, tmp_path, monkeypatch):
    monkeypatch.setenv("CSPREPORT_CACHE_DIR", str(tmp_path / "mine"))
    validated_tables(EDITION)
    validated_tables(EDITION)
    assert len(reads) == 1
    the_entry(tmp_path / "mine" / "tables")
    assert not cache.exists()


# ----------------------------------------------------------------------------- each step kept

STEPS = ("read_workbook", "read_content", "read_theme_rules", "read_training", "read_config",
         "read_service_exports", "read_survey_exports", "read_coding")


@pytest.fixture
def steps(monkeypatch) -> dict[str, int]:
    """How many times each reading step ran (looked up where read_edition_files calls it)."""
    import cspreport.sources.edition_files as edition_files

    counts = dict.fromkeys(STEPS, 0)
    for name in STEPS:
        real = getattr(edition_files, name)

        def counting(*args, _name=name, _real=real):
            counts[_name] += 1
            return _real(*args)

        monkeypatch.setattr(edition_files, name, counting)
    return counts


@pytest.fixture
def edition(tmp_path) -> Path:
    """A copy of the 2021 edition, to change."""
    import shutil

    copy = tmp_path / "2021"
    shutil.copytree(EDITION, copy)
    return copy


def ran(counts: dict[str, int]) -> dict[str, int]:
    return {name: n for name, n in counts.items() if n}


def test_a_saved_content_yaml_reads_only_content_yaml_again(cache, edition, steps):
    validated_tables(edition)
    first = dict(steps)
    assert first == {**dict.fromkeys(STEPS, 1), "read_coding": 0}  # 2021 has no coding.xlsx
    with (edition / "content.yaml").open("a", encoding="utf-8") as fh:
        fh.write("\n# a comment the analyst added\n")
    again = validated_tables(edition)
    assert ran({k: steps[k] - first[k] for k in STEPS}) == {"read_content": 1}
    assert_same_tables(again, validated_tables(edition, fresh=True))


def test_new_theme_codes_read_the_steps_that_take_them_again(cache, edition, steps):
    validated_tables(edition)
    content = edition / "content.yaml"
    text = content.read_text(encoding="utf-8")
    line = "  - {code: deadlines, lv: Termiņi, en: Deadlines}\n"
    assert line in text
    content.write_text(text.replace(line, line + "  - {code: forms, lv: Veidlapas, en: Forms}\n"),
                       encoding="utf-8")
    before = dict(steps)
    again = validated_tables(edition)
    assert ran({k: steps[k] - before[k] for k in STEPS}) == {
        "read_content": 1, "read_theme_rules": 1, "read_training": 1}
    assert "forms" in [t.code for t in again.content.suggestion_themes]
    assert_same_tables(again, validated_tables(edition, fresh=True))


def test_a_changed_byte_in_an_export_reads_that_export_again(cache, edition, steps):
    validated_tables(edition)
    calls = edition / "exports" / "calls.csv"
    lines = calls.read_bytes().splitlines(keepends=True)
    period = [i for i, line in enumerate(lines)
              if line.split(b";")[1][:7] in (b"2021-03", b"2021-04")]
    del lines[period[0]]  # one call of the period fewer
    calls.write_bytes(b"".join(lines))
    before = dict(steps)
    again = validated_tables(edition)
    assert ran({k: steps[k] - before[k] for k in STEPS}) == {"read_service_exports": 1}
    assert calls_in_tables(again) == calls_counted_by_hand() - 1
    assert_same_tables(again, validated_tables(edition, fresh=True))


def test_a_steps_warnings_are_kept_with_it(cache, edition, steps):
    """Without coverage for calls in exports.yaml, the service exports' step says which
    dates it took; a hit on that step says it again."""
    exports = edition / "exports.yaml"
    text = exports.read_text(encoding="utf-8")
    calls_coverage = "    delimiter: \";\"\n    coverage: [2020-01-01, 2021-12-31]\n"
    assert text.count(calls_coverage) == 2  # calls, then voice messages
    exports.write_text(text.replace(calls_coverage, "    delimiter: \";\"\n", 1),
                       encoding="utf-8")
    said = ("exports/calls.csv: no coverage for calls in exports.yaml: taken as the first to "
            "the last day in the file, 2020-01-01 – 2021-12-31 (give coverage: [first day, "
            "last day] if the export is complete for other dates)")
    first = validated_tables(edition)
    assert first.warnings == (said,)
    with (edition / "content.yaml").open("a", encoding="utf-8") as fh:
        fh.write("# saved again\n")
    before = dict(steps)
    again = validated_tables(edition)
    assert ran({k: steps[k] - before[k] for k in STEPS}) == {"read_content": 1}
    assert again.warnings == (said,)


def test_a_corrupted_step_entry_is_removed_and_read_again(cache, edition, steps):
    validated_tables(edition)
    kept = sorted((cache.parent / "steps").iterdir())
    assert len(kept) == 7  # every step but the coding's
    for entry in kept:
        data = bytearray(entry.read_bytes())
        data[-3] ^= 0x01
        entry.write_bytes(bytes(data))
    with (edition / "content.yaml").open("a", encoding="utf-8") as fh:
        fh.write("# saved again\n")  # not the whole edition's entry
    before = dict(steps)
    again = validated_tables(edition)
    assert ran({k: steps[k] - before[k] for k in STEPS}) == {
        k: 1 for k in STEPS if k != "read_coding"}
    assert calls_in_tables(again) == calls_counted_by_hand()
    for entry in kept[:-1]:  # every corrupted one was replaced by a sound one (content's
        if entry.exists():   # entry is another now: content.yaml changed)
            assert entry.read_bytes() != b""
    assert_same_tables(again, validated_tables(edition, fresh=True))


def test_a_step_with_problems_is_not_kept(cache, edition, steps):
    """A "[" left open after suggestion_themes: (line 81) meets the first item's "-" on line
    83 (line 82 is a comment): said on every read, the file read every time."""
    from cspreport.errors import InputError

    content = edition / "content.yaml"
    text = content.read_text(encoding="utf-8")
    content.write_text(text.replace("suggestion_themes:", "suggestion_themes: [", 1),
                       encoding="utf-8")
    messages = []
    for _ in range(2):
        with pytest.raises(InputError) as err:
            validated_tables(edition)
        messages.append(str(err.value))
    assert steps["read_content"] == 2
    assert messages[0] == messages[1] == (
        "content.yaml, line 83: not valid YAML: while parsing a flow node expected the node "
        "content, but found '-'")


def test_fresh_reads_every_step_again(cache, edition, steps):
    validated_tables(edition)
    validated_tables(edition, fresh=True)
    assert ran(steps) == {k: 2 for k in STEPS if k != "read_coding"}


def test_each_cache_folder_keeps_the_entries_last_written_or_used(cache):
    """An analyst saving content.yaml all day writes an entry for every save: each folder
    keeps the KEPT entries last written or used, and never removes a file it did not name
    itself."""
    from cspreport.tables.cache import KEPT, computed

    def value(entry: Path):
        return pickle.loads(entry.read_bytes().partition(b"\n")[2])

    for n in range(KEPT - 1):
        assert computed("demo", n, lambda n=n: n * 10) == n * 10
    folder = cache.parent / "demo"
    assert len(list(folder.iterdir())) == KEPT - 1
    for entry in folder.iterdir():  # entry n written at second 1000 + n
        os.utime(entry, (1000 + value(entry) // 10,) * 2)
    foreign = [folder / "notes.txt", folder / "mine.pickle", folder / ("0" * 63 + ".pickle")]
    for path in foreign:
        path.write_text("not the cache's")
        os.utime(path, (1, 1))  # older than every entry
    assert computed("demo", 0, lambda: pytest.fail("a hit computes nothing")) == 0  # used
    computed("demo", "new 1", lambda: 1)  # KEPT entries
    computed("demo", "new 2", lambda: 2)  # one too many: the oldest goes, n = 1 (not 0)
    left = {value(e) for e in folder.iterdir() if e not in foreign}
    assert left == ({n * 10 for n in range(KEPT - 1)} - {10}) | {1, 2}
    assert all(path.read_text() == "not the cache's" for path in foreign)
