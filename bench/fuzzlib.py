"""Shared by tests/test_fuzz.py (bounded, hypothesis) and bench/fuzz_long.py (a long campaign).

Seeds are real notes (the shared corpus when present, the fixtures, the examples); mutators
turn them into the inputs that break linters: truncation, flipped bytes, unbalanced ``$``,
deep nesting, huge lines, mixed line endings, a BOM, NUL bytes, invalid UTF-8, right-to-left
text, enormous equations. ``check_outputs`` states the properties every run must have.
"""

from __future__ import annotations

import io
import json
import random
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
#: Multiplies the sizes of deep/huge mutations; the bounded test suite turns it down.
SCALE = 1.0


def _n(rng: random.Random, low: int, high: int) -> int:
    return rng.randint(low, max(low, int(high * SCALE)))


def seed_files(limit: int | None = None) -> list[Path]:
    files = sorted((ROOT / "examples").glob("*.md")) + sorted((ROOT / "fixtures").rglob("*.md"))
    if CORPUS.is_dir():
        files += sorted(CORPUS.rglob("*.md"))
    return files[:limit] if limit else files


def seeds(limit: int | None = None, max_bytes: int = 60_000) -> list[bytes]:
    return [p.read_bytes()[:max_bytes] for p in seed_files(limit)]


# -- mutators: (data, rng) -> data ---------------------------------------------------------------
def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randint(0, len(data))]


def flip_bytes(data: bytes, rng: random.Random) -> bytes:
    if not data:
        return data
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def _insert(data: bytes, piece: bytes, rng: random.Random) -> bytes:
    at = rng.randint(0, len(data))
    return data[:at] + piece + data[at:]


def unbalanced_math(data: bytes, rng: random.Random) -> bytes:
    piece = rng.choice(
        [
            b"$",
            b"$$",
            b"\\(",
            b"\\[",
            b"\\]",
            b"\\begin{align}",
            b"\\end{equation}",
            b"$x",
            b"$$\n",
            b"{",
            b"}",
            b"\\left(",
            b"\\right)",
            b"`",
            b"```",
            b"<!--",
            b"-->",
        ]
    )
    return _insert(data, piece * rng.randint(1, 5), rng)


def deep_list(data: bytes, rng: random.Random) -> bytes:
    depth = _n(rng, 10, 300)
    marker = rng.choice([b"- ", b"* ", b"1. ", b"> ", b"> - "])
    lines = b"".join(b"  " * i + marker + b"item $x_" + str(i).encode() + b"$\n" for i in range(depth))
    return _insert(data, b"\n" + lines, rng)


def deep_braces(data: bytes, rng: random.Random) -> bytes:
    depth = _n(rng, 10, 3000)
    opener, closer = rng.choice(
        [(b"{", b"}"), (b"\\left(", b"\\right)"), (b"\\frac{", b"}{1}"), (b"[", b"]")]
    )
    body = opener * depth + b"x" + closer * rng.choice([depth, depth // 2, 0])
    return _insert(data, b"\n$$\n" + body + b"\n$$\n", rng)


def huge_line(data: bytes, rng: random.Random) -> bytes:
    unit = rng.choice([b"word ", b"$x$ ", b"goes up ", b"a" * 50, b"\\alpha", b"*", b"|"])
    return _insert(data, unit * _n(rng, 100, 40_000), rng)


def line_endings(data: bytes, rng: random.Random) -> bytes:
    lines = data.split(b"\n")
    return b"".join(line + rng.choice([b"\n", b"\r\n", b"\r"]) for line in lines)


def bom(data: bytes, rng: random.Random) -> bytes:
    return b"\xef\xbb\xbf" + data


def nul_bytes(data: bytes, rng: random.Random) -> bytes:
    return _insert(data, b"\x00" * rng.randint(1, 3), rng)


def invalid_utf8(data: bytes, rng: random.Random) -> bytes:
    return _insert(
        data, rng.choice([b"\xff", b"\xc3", b"\xe2\x82", b"\xed\xa0\x80", b"\xf8\x88\x80\x80\x80"]), rng
    )


def right_to_left(data: bytes, rng: random.Random) -> bytes:
    piece = rng.choice(
        ["\u202e", "\u200f", "שלום עולם $x$ ", "مرحبا $\\alpha$ ", "\u2067abc\u2069", "\u202b"]
    )
    return _insert(data, piece.encode() * rng.randint(1, 20), rng)


def odd_unicode(data: bytes, rng: random.Random) -> bytes:
    piece = rng.choice(
        ["𝐱", "\u0301", "\ufeff", "\u2028", "\u0085", "🙂", "\x0c", "\t", "\x1b[31m", "\ud7ff"]
    )
    return _insert(data, piece.encode("utf-8", "surrogatepass") * rng.randint(1, 10), rng)


def splice(data: bytes, rng: random.Random) -> bytes:
    """Move a random chunk elsewhere (sections out of order, math split across blocks)."""
    if len(data) < 4:
        return data
    a, b = sorted(rng.sample(range(len(data)), 2))
    chunk, rest = data[a:b], data[:a] + data[b:]
    return _insert(rest, chunk, rng)


MUTATORS: list[Callable[[bytes, random.Random], bytes]] = [
    truncate,
    flip_bytes,
    unbalanced_math,
    deep_list,
    deep_braces,
    huge_line,
    line_endings,
    bom,
    nul_bytes,
    invalid_utf8,
    right_to_left,
    odd_unicode,
    splice,
]


def mutate(data: bytes, ops: list[tuple[int, int]]) -> bytes:
    """Apply ``(mutator index, seed)`` pairs in order (a form hypothesis can shrink)."""
    for index, seed in ops:
        data = MUTATORS[index % len(MUTATORS)](data, random.Random(seed))
    return data


def huge_equation(size: int = 1_000_000) -> bytes:
    unit = b"a_{i} + \\frac{x}{y} - \\sum_{k=1}^{n} w_k "
    return b"# T\n\n$$\n" + unit * (size // len(unit)) + b"\n$$\n"


# -- the properties -----------------------------------------------------------------------------
class PropertyFailure(AssertionError):
    pass


def run_inprocess(args: list[str]) -> tuple[int, str, str]:
    """``notelint ARGS`` in this process; an exception escaping main() is a failure (a traceback)."""
    from notelint.cli import main

    out, err = io.StringIO(), io.StringIO()
    code = main(args, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def check_outputs(files: dict[str, bytes], code: int, out: str, err: str) -> None:
    """Exit 0/1/2, no traceback, valid JSON, and every diagnostic's range inside its file."""
    from notelint.source import LineIndex, Source

    if code not in (0, 1, 2):
        raise PropertyFailure(f"exit status {code}")
    if "Traceback" in err or "Traceback" in out:
        raise PropertyFailure(f"traceback printed:\n{err[-3000:]}")
    try:
        items = json.loads(out)
    except ValueError as exc:
        raise PropertyFailure(f"output is not JSON ({exc}): {out[:500]!r}") from None
    if code == 2 and not any(d["code"] in ("NL001",) for d in items) and "error" not in err:
        raise PropertyFailure(f"exit 2 without a reason: {err[-500:]!r}")
    indexes: dict[str, LineIndex | None] = {}
    for path, data in files.items():
        try:
            indexes[path] = LineIndex(Source(data.decode("utf-8")).text)
        except UnicodeDecodeError:
            indexes[path] = None
    for d in items:
        if d["code"] == "NL001":
            raise PropertyFailure(f"internal error: {d['message']}")
        index = indexes.get(d["path"], "missing")
        if index == "missing":
            raise PropertyFailure(f"diagnostic for a file not linted: {d['path']}")
        start, end = (d["line"], d["column"]), (d["end_line"], d["end_column"])
        if end < start or start < (1, 1):
            raise PropertyFailure(f"bad range {d}")
        if index is None:
            if (start, end) != ((1, 1), (1, 1)):
                raise PropertyFailure(f"range in an undecodable file: {d}")
            continue
        assert isinstance(index, LineIndex)
        for line, column in (start, end):
            if line > index.line_count or column > len(index.line_text(line)) + 1:
                raise PropertyFailure(f"range outside the file ({index.line_count} lines): {d}")


def lint_files(
    files: dict[str, bytes],
    folder: Path,
    jobs_values: tuple[str, ...] = ("1", "2"),
    extra: tuple[str, ...] = (),
) -> str:
    """Write ``files`` under ``folder``, lint them with each ``--jobs`` value (no cache), then
    twice more with the cache (cold and warm); check the properties and that all outputs agree."""
    paths = []
    for name, data in files.items():
        path = folder / name
        path.write_bytes(data)
        paths.append(str(path))
    contents = {str(folder / n): d for n, d in files.items()}
    outputs = []
    runs = [["--no-cache", "-j", jobs] for jobs in jobs_values] + [["-j", jobs_values[-1]]] * 2
    for args in runs:
        code, out, err = run_inprocess([*args, *extra, "--output-format", "json", *paths])
        check_outputs(contents, code, out, err)
        outputs.append((code, out))
    if any(o != outputs[0] for o in outputs):
        raise PropertyFailure("output differs between --jobs values or between cold and warm cache runs")
    return outputs[0][1]
