"""Package boundaries, read statically from the source with ``ast`` (no module is imported).

- No import cycles among notelint's modules. An import inside a function counts (it runs
  when the function does); one under ``if TYPE_CHECKING:`` does not (it never runs).
  Importing ``a.b.c`` also runs the packages ``a`` and ``a.b``, so those are edges too.
- SymPy (and mpmath, which it brings) is reachable only from the modules that run in the
  CAS worker process: the linting process (CLI, runner, language server, rules) must never
  import it, so start-up stays fast and note content never reaches a CAS in-process.
- The CAS worker never parses LaTeX: it receives trees (``notelint.math.reading.mathtree``) built in
  the linting process (``notelint.math.reading.wire``), so nothing it imports reaches pylatexenc or
  notelint's parsers, and a real worker with pylatexenc made unimportable decides jobs.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "notelint"

#: The CAS worker process's entry point (``python -m notelint.math.cas.worker``).
CAS_ENTRY = "notelint.math.cas.worker"
#: Modules of the linting process, which must never reach the CAS side.
LINTING_ENTRIES = (
    "notelint.cli",
    "notelint.engine",
    "notelint.runner",
    "notelint.server.app",
    "notelint.rules",
)
FORBIDDEN_OUTSIDE_CAS = ("sympy", "mpmath")
#: LaTeX parsers: the worker reads the trees the linting process sends
LATEX_PARSERS = ("pylatexenc",)
#: notelint's own modules that parse LaTeX (or the Markdown around it)
PARSING_MODULES = (
    "notelint.math.reading.wire",
    "notelint.parse",
    "notelint.math.reading.model",
    "notelint.math.reading.tokens",
    "notelint.math.reading.atoms",
)


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _runtime_nodes(tree: ast.AST) -> Iterator[ast.AST]:
    """Every node except those under ``if TYPE_CHECKING:`` (its ``else`` branch runs)."""
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            stack.extend(node.orelse)
            continue
        stack.extend(ast.iter_child_nodes(node))


def imported_names(source: str, module: str, is_package: bool) -> set[str]:
    """Dotted names of the modules (and packages) a module's runtime imports execute."""
    package = module if is_package else module.rpartition(".")[0]
    names: set[str] = set()
    for node in _runtime_nodes(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            names.add(target)
            # ``from pkg import sub`` imports the submodule ``pkg.sub`` when there is one
            names.update(f"{target}.{alias.name}" for alias in node.names)
    return names


def build_graph(root: Path) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """(module → notelint modules it runs, module → top-level external packages it imports)."""
    sources = {module_name(p, root): p for p in sorted(root.rglob("*.py"))}
    internal: dict[str, set[str]] = {}
    external: dict[str, set[str]] = {}
    top = root.name
    for module, path in sources.items():
        names = imported_names(path.read_text(encoding="utf-8"), module, path.name == "__init__.py")
        edges: set[str] = set()
        for name in names:
            if name.split(".")[0] != top:
                external.setdefault(module, set()).add(name.split(".")[0])
                continue
            parts = name.split(".")
            for i in range(1, len(parts) + 1):  # the packages on the way run too
                prefix = ".".join(parts[:i])
                if prefix in sources and prefix != module and not module.startswith(prefix + "."):
                    edges.add(prefix)
        internal[module] = edges
    return internal, external


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work: list[tuple[str, Iterator[str]]] = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component: list[str] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def reaching(
    graph: dict[str, set[str]], external: dict[str, set[str]], packages: tuple[str, ...]
) -> dict[str, str]:
    """Module → the first module on its import closure that imports one of ``packages``."""
    culprits = {m for m, ext in external.items() if ext & set(packages)}
    out: dict[str, str] = {}
    for module in graph:
        seen = {module}
        todo = [module]
        while todo:
            current = todo.pop()
            if current in culprits:
                out[module] = current
                break
            for nxt in graph.get(current, ()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
    return out


def cas_side(graph: dict[str, set[str]], entry: str) -> set[str]:
    """The entry and every module imported only from modules already on its side (a fixed point).

    A module some other part of notelint imports runs in the linting process too, so it is
    not on the CAS side, whoever else imports it.
    """
    importers: dict[str, set[str]] = {}
    for module, targets in graph.items():
        for target in targets:
            importers.setdefault(target, set()).add(module)
    side = {entry}
    changed = True
    while changed:
        changed = False
        for module, by in importers.items():
            if module not in side and by <= side:
                side.add(module)
                changed = True
    return side


# -- the checks on notelint ------------------------------------------------------------------
def test_notelint_has_no_import_cycles() -> None:
    graph, _ = build_graph(PACKAGE)
    found = cycles(graph)
    assert not found, "import cycles: " + "; ".join(" ↔ ".join(c) for c in found)


def test_sympy_is_reachable_only_from_the_cas_worker_side() -> None:
    graph, external = build_graph(PACKAGE)
    side = cas_side(graph, CAS_ENTRY)
    reached = reaching(graph, external, FORBIDDEN_OUTSIDE_CAS)
    assert CAS_ENTRY in reached, "the CAS worker no longer reaches SymPy? the test would prove nothing"
    outside = {m: via for m, via in reached.items() if m not in side}
    assert not outside, "SymPy reachable outside the CAS worker: " + ", ".join(
        f"{m} (via {via})" for m, via in sorted(outside.items())
    )


def test_the_linting_entry_points_are_not_on_the_cas_side() -> None:
    graph, _ = build_graph(PACKAGE)
    side = cas_side(graph, CAS_ENTRY)
    assert not side & set(LINTING_ENTRIES)
    assert {"notelint.math.cas.verify", "notelint.math.cas.latex_sympy"} <= side


def closure(graph: dict[str, set[str]], entry: str) -> set[str]:
    """Every notelint module running ``entry`` imports, directly or not (``entry`` included)."""
    seen = {entry}
    todo = [entry]
    while todo:
        for nxt in graph.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def test_the_cas_worker_imports_no_latex_parser() -> None:
    graph, external = build_graph(PACKAGE)
    runs = closure(graph, CAS_ENTRY)
    assert "notelint.math.cas.latex_sympy" in runs and "notelint.math.reading.mathtree" in runs  # not vacuous
    parsers = {m: sorted(external.get(m, set()) & set(LATEX_PARSERS)) for m in runs}
    assert not {m: p for m, p in parsers.items() if p}, "the CAS worker imports a LaTeX parser"
    own = sorted(m for m in runs if any(m == p or m.startswith(p + ".") for p in PARSING_MODULES))
    assert not own, f"the CAS worker imports notelint's parsers: {own}"
    # and the linting side, which builds the trees, does reach pylatexenc through the wire
    assert "notelint.math.reading.wire" in closure(graph, "notelint.math.checking.pool")


_BLOCKED_WORKER = """
import sys
sys.modules["pylatexenc"] = None  # any import of it now raises ImportError
sys.argv = ["worker", "0"]
from notelint.math.cas.worker import main
raise SystemExit(main())
"""


def test_a_real_worker_without_pylatexenc_decides_serialised_jobs() -> None:
    """The worker process, with pylatexenc unimportable, checks jobs the wire serialised:
    every path it takes (translation, definitions, function bodies, shapes, assumptions,
    derivation steps) reads trees only."""
    import pickle
    import subprocess
    import sys

    from notelint.math.checking.estimators import solved
    from notelint.math.checking.framing import HEADER, read_frame
    from notelint.math.checking.jobs import Assumption, Context, FollowsJob, Job, Premise
    from notelint.math.reading.wire import to_wire

    ctx = Context(
        functions={"f": (("x",), "x^2 + 1")},
        values={r"\hat{y}": r"\sigma(z)"},
        shapes={"A": ("n", "n"), "v": ("n", 1)},
    )
    jobs = [
        (Job("=", r"\frac{1}{2} + \frac{1}{3}", r"\frac{5}{6}"), "holds"),
        (Job("=", "(a+b)^2", "a^2 + 2ab + b^2"), "holds"),
        (Job("=", "(a+b)^2", "a^2 + b^2"), "fails"),
        (Job("=", "f(2)", "5", ctx), "holds"),
        (Job("=", r"\hat{y}", r"\frac{1}{1+e^{-z}}", ctx), "holds"),
        (Job("=", r"(Av)^\top", r"v^\top A^\top", ctx), "holds"),
        (Job("=", r"(Av)^\top", r"v^\top A", ctx), "fails"),
        (Job("=", r"\sqrt{a^2}", "a", Context(), assumptions=(Assumption("a", "positive"),)), "holds"),
        (Job("=", r"\frac{1}{", "2"), "unknown"),  # does not parse: the reason travels with it
        (
            solved(FollowsJob(r"\hat w", r"\frac{b}{a}", (Premise("(1)", "a w", "b"),), variables=("w",))),
            "holds",
        ),
        (FollowsJob("w", r"\frac{b}{a} + 1", (Premise("(1)", "a w", "b"),), variables=("w",)), "fails"),
        # a size named by a symbol is read as that size (tr(I_n) = n), and a law travels as a tree
        (Job("=", r"\operatorname{tr}(I_n)", "n", Context(shapes={"I_n": ("n", "n")})), "holds"),
        (Job("=", r"\operatorname{tr}(I_n)", "n+1", Context(shapes={"I_n": ("n", "n")})), "fails"),
        (Job("=", r"\mathbb{E}[u]", "m", Context(distributions={"u": r"\mathcal{N}(m,s^2)"})), "holds"),
        (Job("=", r"\mathbb{E}[u]", "2m", Context(distributions={"u": r"\mathcal{N}(m,s^2)"})), "fails"),
    ]
    proc = subprocess.Popen(
        [sys.executable, "-c", _BLOCKED_WORKER],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdin is not None and proc.stdout is not None
    try:
        assert proc.stdout.read(1) == b"R", proc.stderr.read().decode() if proc.stderr else ""
        got = []
        for i, (job, _) in enumerate(jobs):
            data = pickle.dumps((i, to_wire(job)))
            proc.stdin.write(HEADER.pack(len(data)) + data)
            proc.stdin.flush()
            frame = read_frame(proc.stdout)
            assert frame is not None
            got.append(pickle.loads(frame)[1])
    finally:
        proc.stdin.close()
        proc.wait(timeout=60)
    assert [r["status"] for r in got] == [want for _, want in jobs], got
    assert "does not parse" in got[8]["message"]
    assert not any("internal error" in (r.get("message") or "") for r in got), got
    assert not any("without its tree" in (r.get("message") or "") for r in got), got


def test_a_text_without_its_tree_is_refused_not_parsed() -> None:
    """Outside tests, a plain string reaching the translator is refused (the parent forgot to
    serialise it): the worker has no parser to fall back on."""
    from notelint.math.cas import token_stream
    from notelint.math.checking.guards import Unsupported

    saved, token_stream.test_parser = token_stream.test_parser, None
    try:
        with pytest.raises(Unsupported, match="without its tree"):
            token_stream.tokenize("x + 1")
    finally:
        token_stream.test_parser = saved


# -- the checker itself: each check fails on the defect it exists for --------------------------
def _package(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "pkg"
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        # a lazy import inside a function is a cycle too
        (
            {"__init__.py": "", "a.py": "import pkg.b\n", "b.py": "def f():\n    from pkg import a\n"},
            [["pkg.a", "pkg.b"]],
        ),
        # through a package __init__ that imports its submodule eagerly
        (
            {
                "__init__.py": "",
                "note.py": "def f():\n    from pkg.sub.x import y\n",
                "sub/__init__.py": "from pkg.sub.builder import build\n",
                "sub/builder.py": "from pkg.note import Note\n",
                "sub/x.py": "y = 1\n",
            },
            [["pkg.note", "pkg.sub", "pkg.sub.builder"]],
        ),
        # relative imports resolve
        (
            {"__init__.py": "", "a.py": "from . import b\n", "b.py": "from .a import thing\n"},
            [["pkg.a", "pkg.b"]],
        ),
    ],
)
def test_cycle_checker_finds_cycles(tmp_path: Path, files: dict[str, str], expected: list[list[str]]) -> None:
    graph, _ = build_graph(_package(tmp_path, files))
    assert cycles(graph) == expected


def test_cycle_checker_ignores_type_checking_imports_and_parent_packages(tmp_path: Path) -> None:
    root = _package(
        tmp_path,
        {
            "__init__.py": "from pkg.a import A\n",  # a package re-exporting its submodule
            "a.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg.b import B\nA = 1\n",
            "b.py": "from pkg.a import A\nB = 2\n",
        },
    )
    graph, _ = build_graph(root)
    assert cycles(graph) == []


def test_a_module_the_linter_imports_is_not_on_the_cas_side(tmp_path: Path) -> None:
    root = _package(
        tmp_path,
        {
            "__init__.py": "",
            "worker.py": "def main():\n    from pkg import verify\n",
            "verify.py": "import sympy\nfrom pkg import helper\n",
            "helper.py": "import sympy\n",
            "engine.py": "from pkg import helper\n",  # the defect: the linter reaches SymPy
        },
    )
    graph, external = build_graph(root)
    side = cas_side(graph, "pkg.worker")
    assert side == {"pkg.worker", "pkg.verify"}
    reached = reaching(graph, external, ("sympy",))
    assert sorted(m for m in reached if m not in side) == ["pkg.engine", "pkg.helper"]


def test_sympy_checker_follows_imports_inside_functions(tmp_path: Path) -> None:
    root = _package(
        tmp_path,
        {
            "__init__.py": "",
            "rule.py": "def check():\n    from pkg import helper\n",
            "helper.py": "def f():\n    import sympy\n",
            "typed.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import sympy\n",
        },
    )
    graph, external = build_graph(root)
    assert reaching(graph, external, ("sympy",)) == {"pkg.rule": "pkg.helper", "pkg.helper": "pkg.helper"}
