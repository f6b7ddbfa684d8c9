"""YAML inputs (content.yaml, exports.yaml, themes.yaml, params files) read with messages an
analyst understands.

Every problem names the file and the line, and says what was expected in plain words: a file
that is not UTF-8 (which byte, where, and how to fix it), YAML nested too deeply, a syntax
error (line and column), and pydantic's validation errors translated — no "Field required",
no class names, no regular expressions, list items counted from 1 as a person counts.
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from cspreport.errors import InputError, Location, shorten

MAX_DEPTH = 50  # no input of ours nests deeper than a few levels


class Located:
    """A YAML document and the line of every key and item in it."""

    def __init__(self, data: Any, node: yaml.Node | None):
        self.data, self.node = data, node

    def line(self, path: Sequence[Any]) -> int | None:
        """The line (from 1) of the value at ``path`` (keys and list indexes), or of the
        nearest enclosing one that exists."""
        node, best = self.node, None
        if node is not None:
            best = node.start_mark.line + 1
        for step in path:
            key = _key(node, step)  # a key's own line, where the reader looks for it
            node = _child(node, step)
            if node is None:
                break
            best = (key or node).start_mark.line + 1
        return best

    def describe(self, path: Sequence[Any]) -> str:
        """``goals, item 3, en``: keys as written, list items counted from 1."""
        parts, node = [], self.node
        for step in path:
            if isinstance(node, yaml.SequenceNode) and isinstance(step, int):
                parts.append(f"item {step + 1}")
            else:
                parts.append(str(step))
            node = _child(node, step) if node is not None else None
        return ", ".join(parts)


def _key(node, step):
    if isinstance(node, yaml.MappingNode):
        return next((k for k, _ in node.value if str(k.value) == str(step)), None)
    return None


def _child(node, step):
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if str(key.value) == str(step):
                return value
        return None
    if isinstance(node, yaml.SequenceNode) and isinstance(step, int) and \
            0 <= step < len(node.value):
        return node.value[step]
    return None


def _depth(node, limit: int) -> int:
    stack, deepest = [(node, 1)], 0
    while stack:
        current, depth = stack.pop()
        deepest = max(deepest, depth)
        if deepest > limit:
            return deepest
        if isinstance(current, yaml.MappingNode):
            stack += [(v, depth + 1) for _, v in current.value]
        elif isinstance(current, yaml.SequenceNode):
            stack += [(v, depth + 1) for v in current.value]
    return deepest


def read_yaml(path: Path, shown: str, what: str) -> Located:
    """Read ``path`` (shown in messages as ``shown``): UTF-8 (a byte-order mark is fine),
    valid YAML, not nested absurdly deep."""
    if not path.is_file():
        raise InputError.at(f"file not found (expected {what})", shown)
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError([(Location(shown, line=line),
                           f"not UTF-8 text: the byte 0x{raw[exc.start]:02X} at column "
                           f"{column} cannot be read (the file was probably saved in another "
                           "encoding, e.g. Windows-1257; save it as UTF-8)")]) from None
    fast = _fast_parse(text)
    if fast is not None:
        return fast
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is not None and _depth(node, MAX_DEPTH) > MAX_DEPTH:
            raise InputError([(Location(shown, line=node.start_mark.line + 1),
                               f"nested more than {MAX_DEPTH} levels deep: not {what}")])
        data = loader.construct_document(node) if node is not None else None
    except RecursionError:
        raise InputError([(Location(shown), f"nested too deeply to read: not {what}")]
                         ) from None
    except yaml.MarkedYAMLError as exc:
        raise InputError([_syntax(exc, shown)]) from None
    except yaml.YAMLError as exc:
        raise InputError([(Location(shown), f"not valid YAML: {exc}")]) from None
    finally:
        loader.dispose()
    return Located(data, node)


# libyaml's parser (PyYAML's CSafeLoader, when PyYAML was built with it) reads a document
# some ten times faster than the pure-Python one. Its nodes carry the same lines, so a
# document it reads is the same ``Located``; anything else — a syntax error, a document too
# deep, a character the two readers might judge differently — is read again by the
# pure-Python reader, whose messages (and marks) are the ones the analyst sees.
_FAST_LOADER = getattr(yaml, "CSafeLoader", None)
_UNSURE = re.compile(r"[^\x0A\x0D\x20-\x7E\xA0-\uD7FF\uE000-\uFEFE\uFF00-\uFFFD"
                     r"\U00010000-\U0010FFFF]")  # tab, NEL, BOM, controls: Python's say


def _fast_parse(text: str) -> Located | None:
    """The document read by libyaml, or None: no libyaml, or anything but a plain document
    it reads without error (the pure-Python reader then reads it, as it always did)."""
    if _FAST_LOADER is None or _UNSURE.search(text):
        return None
    loader = _FAST_LOADER(text)
    try:
        node = loader.get_single_node()
        if node is None or _depth(node, MAX_DEPTH) > MAX_DEPTH:
            return None
        return Located(loader.construct_document(node), node)
    except Exception:  # whatever it is, the pure-Python reader says it
        return None
    finally:
        loader.dispose()


def _syntax(exc: yaml.MarkedYAMLError, shown: str) -> tuple[Location, str]:
    """A YAML syntax error at the line where the broken construct starts, in words."""
    mark = exc.context_mark or exc.problem_mark
    problem = " ".join(filter(None, (exc.context, exc.problem)))
    for raw, words in (("'<stream end>'", "the end of the file"),
                       ("<stream end>", "the end of the file"),
                       ("'<document end>'", "the end of the document"),
                       ("a flow sequence", "a list in [ ]"),
                       ("a flow mapping", "a mapping in { }")):
        problem = problem.replace(raw, words)
    where = f" (line {exc.problem_mark.line + 1}, column {exc.problem_mark.column + 1})" \
        if exc.problem_mark and exc.problem_mark is not mark else ""
    return (Location(shown, line=mark.line + 1 if mark else None),
            f"not valid YAML: {problem}{where}")


def need_mapping(doc: Located, shown: str, what: str) -> Mapping:
    """The document's top level must be a mapping (``key: value`` lines)."""
    if not isinstance(doc.data, dict):
        found = "nothing (an empty file)" if doc.data is None else _kind(doc.data)
        raise InputError([(Location(shown, line=doc.line(())),
                           f"expected {what}: lines of the form key: value; found {found}")])
    return doc.data


# ----------------------------------------------------------------------------- pydantic


def validation_problems(exc, doc: Located, shown: str, model: type | None = None
                        ) -> list[tuple[Location, str]]:
    """pydantic's ValidationError in words, each at its line."""
    problems = []
    for err in exc.errors():
        loc = [p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-"))]
        where = doc.describe(loc)
        what = _plain(err, model, loc)
        line = doc.line(loc)
        problems.append((Location(shown, line=line), f"{where}: {what}" if where else what))
    return problems


_PATTERNS = {  # the regular expressions of our models, in words
    r"^https?://": "a web address starting with http:// or https://",
    r"^[a-z_]+$": "a code of lower-case letters and _ (e.g. admin_data)",
}


# pydantic's error kinds that say "this is not the right kind of value", in words
_EXPECTED = (
    (("dict_type", "model_type", "model_attributes_type"), "key: value lines here",
     lambda v: _kind(v)),
    (("list_type", "tuple_type"), "a list (lines starting with - )", lambda v: _kind(v)),
    (("string_type", "str_type"), "text", lambda v: _kind(v)),
    (("int_type", "int_parsing", "int_from_float"), "a whole number", lambda v: _show(v)),
    (("float_type", "float_parsing"), "a number", lambda v: _show(v)),
    (("bool_type", "bool_parsing"), "yes or no (true or false)", lambda v: _show(v)),
    (("date",), "a date written YYYY-MM-DD", lambda v: _show(v)),
)


def _plain(err: dict, model, loc) -> str:
    kind, ctx, found = err["type"], err.get("ctx") or {}, err.get("input")
    if kind == "missing":
        return "missing: this key is needed"
    if kind == "extra_forbidden":
        known = _known_keys(model, loc[:-1])
        tail = f"; the keys here are: {', '.join(known)}" if known else ""
        return f"unknown key{tail}"
    for kinds, expected, show in _EXPECTED:
        if kind in kinds or (kinds == ("date",) and kind.startswith("date")):
            return f"expected {expected}, found {show(found)}"
    if kind == "string_too_short":
        return "empty: expected some text"
    if kind == "string_too_long":
        size = f"{len(found):,}".replace(",", " ") if isinstance(found, str) else "a"
        limit = f"{ctx.get('max_length'):,}".replace(",", " ")
        return (f"a text of {size} characters; the report holds at most {limit} here: "
                "shorten it")
    if kind == "string_pattern_mismatch":
        words = _PATTERNS.get(ctx.get("pattern"), "a value of the documented form")
        return f"expected {words}, found {_show(found)}"
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        bound = {"greater_than_equal": "at least", "greater_than": "more than",
                 "less_than_equal": "at most", "less_than": "less than"}[kind]
        value = next(iter(ctx.values()), "")
        return f"expected a number {bound} {value}, found {_show(found)}"
    if kind in ("too_short", "too_long"):
        return (f"expected {ctx.get('min_length', ctx.get('max_length'))} values, found "
                f"{ctx.get('actual_length')}")
    if kind == "value_error":
        return str(ctx.get("error", err["msg"])).removeprefix("Value error, ")
    return err["msg"]  # pragma: no cover - a kind none of our inputs produce


def _known_keys(model, path) -> list[str]:
    """The keys the model allows at ``path`` (for "unknown key" messages)."""
    tp = model
    for step in path:
        tp = _inner(tp, step)
        if tp is None:
            return []
    tp = _unwrap(tp)
    fields = getattr(tp, "model_fields", None)
    return list(fields) if fields else []


def _unwrap(tp):
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return args[0] if args else tp
    return tp


def _inner(tp, step):
    tp = _unwrap(tp)
    fields = getattr(tp, "model_fields", None)
    if fields is not None:
        return fields[step].annotation if step in fields else None
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is dict and len(args) == 2:
        return args[1]
    if origin in (list, tuple) and args:
        return args[0]
    return None


def _kind(value) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "key: value lines"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "yes/no"
    if isinstance(value, int | float):
        return f"the number {value}"
    return f"the text {_show(value)}"


def _show(value) -> str:
    if isinstance(value, str):
        return f"“{shorten(value)}”"
    if isinstance(value, dict | list):
        return _kind(value)
    return str(value)


__all__ = ["Located", "need_mapping", "read_yaml", "validation_problems"]
