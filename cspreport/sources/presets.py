"""Presets: how a widely used system writes its export, as data (``presets/<name>.yaml``).

A preset holds what a system's own documentation says about its export file: header or field
names by position, delimiter, encoding, date format, time zone, which of its columns are ours,
its codes, which rows to keep. An ``exports.yaml`` entry names it with ``preset: NAME`` and may
override any part of it (see ``merged``). A preset file has:

- ``system``: the system, as people call it;
- ``for``: where it may be used (a channel such as ``calls``, or ``answers`` / ``comments`` of
  a survey wave);
- ``spec``: the keys of an exports.yaml entry it supplies;
- ``roles`` (optional): more keys for one use only (``answers:`` / ``comments:``).
"""

from __future__ import annotations

import difflib
from functools import cache
from importlib import resources

import yaml


@cache
def names() -> tuple[str, ...]:
    """The presets the package has."""
    folder = resources.files("cspreport.sources") / "presets"
    return tuple(sorted(p.name.removesuffix(".yaml") for p in folder.iterdir()
                        if p.name.endswith(".yaml")))


@cache
def _load(name: str) -> dict:
    text = (resources.files("cspreport.sources") / "presets" / f"{name}.yaml").read_text(
        encoding="utf-8")
    return yaml.safe_load(text)


def nearest(word: str, known) -> str:
    """``; did you mean 'rating'?`` when a known name is close to ``word``, else ``""``."""
    close = difflib.get_close_matches(str(word), [str(k) for k in known], n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def preset_spec(name: str, role: str) -> dict:
    """The keys preset ``name`` supplies for ``role`` (a channel, ``answers`` or
    ``comments``); ValueError in words when there is no such preset or it is for other uses."""
    if name not in names():
        raise ValueError(f"unknown preset “{name}”{nearest(name, names())}; the presets are: "
                         + ", ".join(names()))
    preset = _load(name)
    if role not in preset["for"]:
        raise ValueError(f"preset “{name}” reads {preset['system']} exports for "
                         f"{', '.join(preset['for'])}, not for {role}")
    spec = merged(preset.get("spec") or {}, (preset.get("roles") or {}).get(role) or {})
    return merged({"system": preset["system"]}, spec)


def merged(base: dict, over: dict) -> dict:
    """``over`` laid on ``base``: mappings are merged key by key, at every depth; anything
    else (a text, a number, a list) in ``over`` replaces what ``base`` had."""
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merged(out[key], value)
        else:
            out[key] = value
    return out


__all__ = ["merged", "names", "nearest", "preset_spec"]
