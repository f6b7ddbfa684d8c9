"""The package's layers, lowest first, and the check that its imports run one way.

Data flows one way — params → sources → tables → metrics → sections → (notebooks) → records →
assemble → renderers, with the build and the command line on top — and so do imports: a
module imports only modules of its own layer or of layers below it, never one above, and no
two modules import each other, directly or round a cycle. The renderers sit below the
records in the import order though they come last in the data's: they are functions of the
report's types alone, which a notebook calls to show a section as the deck and the report
will, and which the assembly calls to write them. An import inside a function hides a
dependency from the reader of the module's first lines, so one of the package's own modules
is imported inside a function only where start-up time was measured to need it, with the
reason on that line or the comment line above it (``# lazy: …``).

``python -m cspreport.layers`` prints every import that breaks these rules (exit 1), or the
layers with their modules (exit 0); tests/unit/test_layers.py runs it.
"""

from __future__ import annotations

import ast
import sys
from dataclasses import dataclass
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent

# Lowest first. A module belongs to the first layer one of whose prefixes it starts with.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    # what every layer may use: errors, the version, the report's codes, words and number
    # styles, the palette, YAML files read with located errors, personal-data patterns, file
    # hashes, reproducible and valid office files
    ("foundation", ("cspreport.errors", "cspreport.version", "cspreport.definitions",
                    "cspreport.i18n", "cspreport.style", "cspreport.yamlfile",
                    "cspreport.privacy", "cspreport.provenance", "cspreport.reproducible",
                    "cspreport.packagecheck")),
    ("params", ("cspreport.params",)),  # what one run builds
    ("sources", ("cspreport.sources",)),  # read and validate files → tidy tables
    ("tables", ("cspreport.tables",)),  # one edition's tables: cached, merged, its wave
    ("metrics", ("cspreport.metrics",)),  # every definition of a figure, once
    ("report", ("cspreport.report",)),  # the report's types: what a section holds
    ("sections", ("cspreport.sections",)),  # the words and numbers of each slide
    # the drawing of a section, as a slide, as HTML, as a sheet: functions of the report's
    # types only, so that a notebook shows a section as the report will (records use them)
    ("render", ("cspreport.render",)),
    ("records", ("cspreport.publishing", "cspreport.analysis")),  # a notebook's sections
    ("assemble", ("cspreport.assemble",)),  # the report from the executed notebooks
    ("build", ("cspreport.outputs", "cspreport.kernels", "cspreport.engine", "cspreport.preview",
               "cspreport.coding_sheet", "cspreport.new_edition", "cspreport.build",
               "cspreport.watch")),
    ("commands", ("cspreport.cli", "cspreport.__main__", "cspreport.layers")),
)
API = "cspreport"  # the package's own __init__: the notebooks' entry points, on top of all


@dataclass(frozen=True)
class Import:
    module: str  # the importing module
    target: str  # the module imported
    line: int
    lazy: bool  # inside a function
    reason: str  # the "# lazy: …" comment on its line, if any


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer_of(module: str) -> int:
    if module == API:
        return len(LAYERS)
    for index, (_, prefixes) in enumerate(LAYERS):
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return index
    raise LookupError(f"{module}: in no layer of cspreport.layers.LAYERS; add it there")


def imports(path: Path) -> list[Import]:
    """The package's own modules that the module at ``path`` imports."""
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    tree = ast.parse(source)
    module = module_name(path)
    inside = {id(node) for fn in ast.walk(tree)
              if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef)
              for node in ast.walk(fn)}
    typing_only = {id(node) for block in ast.walk(tree) if isinstance(block, ast.If)
                   and "TYPE_CHECKING" in ast.unparse(block.test)
                   for node in ast.walk(block)}
    found = []
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from . import x
                package = module.split(".")[:len(module.split(".")) - node.level
                                            + (path.name == "__init__.py")]
                base = ".".join([*package, base] if base else package)
            targets = [f"{base}.{a.name}" if _is_module(f"{base}.{a.name}") else base
                       for a in node.names]
        elif isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        else:
            continue
        text = lines[node.lineno - 1]
        above = lines[node.lineno - 2].strip() if node.lineno > 1 else ""
        reason = (text.split("# lazy:", 1)[1].strip() if "# lazy:" in text
                  else above.split("# lazy:", 1)[1].strip() if above.startswith("# lazy:")
                  else "")
        for target in dict.fromkeys(targets):
            if target == API or target.startswith(API + "."):
                found.append(Import(module, target, node.lineno, id(node) in inside, reason))
    return found


def _is_module(name: str) -> bool:
    relative = Path(*name.split(".")[1:])
    return (PACKAGE / relative).with_suffix(".py").is_file() or \
        (PACKAGE / relative / "__init__.py").is_file()


def problems() -> list[str]:
    """Every import that runs upward, hides in a function without a reason, or closes a
    cycle; every module in no layer."""
    found: list[str] = []
    graph: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        module = module_name(path)
        try:
            mine = layer_of(module)
        except LookupError as exc:
            found.append(str(exc))
            continue
        for imp in imports(path):
            where = f"{path.relative_to(PACKAGE.parent)}:{imp.line}"
            graph.setdefault(module, set()).add(imp.target)
            try:
                theirs = layer_of(imp.target)
            except LookupError as exc:
                found.append(f"{where}: {exc}")
                continue
            if theirs > mine:
                found.append(f"{where}: {module} ({LAYERS[mine][0]}) imports {imp.target} "
                             f"({_layer_name(theirs)}), a layer above it")
            if imp.lazy and not imp.reason:
                found.append(f"{where}: {module} imports {imp.target} inside a function; "
                             "import it at the top, or say why on that line (# lazy: …)")
    found += [f"import cycle: {' → '.join(cycle)}" for cycle in _cycles(graph)]
    return found


def _layer_name(index: int) -> str:
    return "the package's API" if index == len(LAYERS) else LAYERS[index][0]


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Each import cycle once, as the modules round it (a package imports its __init__)."""
    cycles, seen = [], set()
    state: dict[str, int] = {}

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt == node:
                continue
            if state.get(nxt) == 1:
                cycle = [*stack[stack.index(nxt):], nxt]
                key = frozenset(cycle)
                if key not in seen:
                    seen.add(key)
                    cycles.append(cycle)
            elif nxt not in state:
                visit(nxt, stack)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [])
    return cycles


def main() -> int:
    found = problems()
    for line in found:
        print(line)
    if found:
        return 1
    for name, prefixes in LAYERS:
        print(f"{name}: {', '.join(prefixes)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
