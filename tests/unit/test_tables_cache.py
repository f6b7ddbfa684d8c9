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
