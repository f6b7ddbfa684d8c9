"""YAML inputs read by libyaml when it is there: the same data and the same lines as the
pure-Python reader gives, and, for a file either cannot read, the very message the analyst
always had (the pure-Python reader says it)."""

from __future__ import annotations

import pytest
import yaml

from cspreport import yamlfile
from cspreport.errors import InputError
from tests.project import ROOT

INPUTS = [ROOT / "data" / "2021" / name for name in
          ("content.yaml", "exports.yaml", "themes.yaml", "themes_training.yaml")] + \
    [ROOT / "params" / "2021.yaml"]


@pytest.fixture
def fast(monkeypatch) -> list[int]:
    """How many documents libyaml read to the end."""
    if yamlfile._FAST_LOADER is None:
        pytest.skip("PyYAML without libyaml")
    used = []

    class Counting(yamlfile._FAST_LOADER):
        def construct_document(self, node):
            used.append(1)
            return super().construct_document(node)

    monkeypatch.setattr(yamlfile, "_FAST_LOADER", Counting)
    return used


def paths(data, path=()):
    """Every key and list index path of a document."""
    yield path
    if isinstance(data, dict):
        for key, value in data.items():
            yield from paths(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from paths(value, (*path, i))


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: p.name)
def test_libyaml_gives_the_data_and_lines_of_the_python_reader(path, fast, monkeypatch):
    doc = yamlfile.read_yaml(path, path.name, "a test file")
    assert fast == [1]
    monkeypatch.setattr(yamlfile, "_FAST_LOADER", None)
    slow = yamlfile.read_yaml(path, path.name, "a test file")
    assert doc.data == slow.data == yaml.load(path.read_text("utf-8-sig"), yaml.SafeLoader)
    for where in paths(slow.data):
        assert doc.line(where) == slow.line(where), where


def test_lines_of_a_small_document_counted_by_hand(tmp_path, fast):
    path = tmp_path / "x.yaml"
    path.write_text("# a comment\ntitle: Pārskats\nitems:\n  - a\n\n  - {b: 2}\n",
                    encoding="utf-8")
    doc = yamlfile.read_yaml(path, "x.yaml", "a test file")
    assert fast == [1]
    assert doc.data == {"title": "Pārskats", "items": ["a", {"b": 2}]}
    assert [doc.line(p) for p in [(), ("title",), ("items",), ("items", 0), ("items", 1),
                                  ("items", 1, "b")]] == [2, 2, 3, 4, 6, 6]


@pytest.mark.parametrize("text, message", [
    ("title: x\nitems: [a, b\nnext: 1\n",
     "x.yaml, line 2: not valid YAML: while parsing a list in [ ] expected ',' or ']', but "
     "got ':' (line 3, column 5)"),
    ("a: 1\n\tb: 2\n",
     "x.yaml, line 2: not valid YAML: while scanning for the next token found character "
     "'\\t' that cannot start any token"),
    ("a: 1\n---\nb: 2\n",
     "x.yaml, line 1: not valid YAML: expected a single document in the stream but found "
     "another document (line 2, column 1)"),
])
def test_a_broken_file_gives_the_message_it_always_had(tmp_path, fast, text, message):
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as err:
        yamlfile.read_yaml(path, "x.yaml", "a test file")
    assert str(err.value) == message
    assert fast == []  # libyaml read none to the end: the pure-Python reader said it


@pytest.mark.parametrize("depth, message", [
    (60, "x.yaml, line 1: nested more than 50 levels deep: not a test file"),
    (2000, "x.yaml: nested too deeply to read: not a test file"),  # past libyaml's 1000 too
])
def test_too_deep_is_said_as_before(tmp_path, fast, depth, message):
    path = tmp_path / "x.yaml"
    path.write_text("[" * depth + "]" * depth, encoding="utf-8")
    with pytest.raises(InputError) as err:
        yamlfile.read_yaml(path, "x.yaml", "a test file")
    assert str(err.value) == message
    assert fast == []
