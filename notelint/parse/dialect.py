"""Which Markdown math dialect a note is written in, and what that dialect takes as math.

People write notes for a renderer (Jekyll/kramdown, pandoc, MyST, GitHub, Obsidian,
remark-math, Hugo with MathJax…) and each decides differently what is math. The dialect of a
file is, in order: a ``<!-- notelint-dialect: NAME -->`` comment or a ``notelint-dialect:``
front-matter key in the file; the ``markdown.per-file-dialect`` and ``markdown.dialect``
options; else it is detected from the front matter, the repository's configuration files
near the note (``_config.yml``, ``_quarto.yml``, ``myst.yml``, ``.obsidian/``,
``docusaurus.config.*``, ``hugo.toml``…) and the content. What each dialect takes as math is
data (``data/dialects.toml``).
"""

from __future__ import annotations

import fnmatch
import functools
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

AUTO = "auto"
DEFAULT = "commonmark"


@dataclass(frozen=True)
class Dialect:
    """What one renderer takes as math (the keys of ``data/dialects.toml``)."""

    name: str
    title: str
    dollars: str
    single_dollar: bool
    allow_space: bool
    allow_digits: bool
    block_labels: str
    brackets: bool
    escaped_brackets: bool
    environments: bool
    github: bool
    myst: bool
    html_math: bool
    html_single_dollar: bool
    admonitions: bool
    balanced_braces: bool
    escaped_prose: bool
    blank_before: tuple[str, ...]


@dataclass(frozen=True)
class DialectChoice:
    """The dialect a file is read in, and why (shown by ``--show-settings``)."""

    dialect: Dialect
    reason: str

    def describe(self) -> str:
        """One line for ``--show-settings``: ``markdown.dialect = kramdown (detected: …)``."""
        return f"markdown.dialect = {self.dialect.name} ({self.reason})"


@functools.cache
def dialects() -> dict[str, Dialect]:
    """Every known dialect by name; a dialect's missing keys come from ``[commonmark]``."""
    from notelint import data

    table = data.load("dialects")
    base: dict[str, Any] = table[DEFAULT]
    out: dict[str, Dialect] = {}
    for name, values in table.items():
        merged = {**base, **values}
        # a list in the data file (blank-before) is a tuple in the frozen dialect
        fields: dict[str, Any] = {
            key.replace("-", "_"): tuple(v) if isinstance(v, list) else v for key, v in merged.items()
        }
        out[name] = Dialect(name=name, **fields)
    return out


def dialect_names() -> list[str]:
    return sorted(dialects())


def get_dialect(name: str) -> Dialect:
    """The dialect called ``name``; ValueError naming the known ones otherwise."""
    try:
        return dialects()[name]
    except KeyError:
        known = ", ".join([AUTO, *dialect_names()])
        raise ValueError(f"unknown Markdown dialect {name!r} (known: {known})") from None


# -- in-file settings ---------------------------------------------------------------------------
_FILE_COMMENT = re.compile(r"<!--\s*notelint-dialect\s*:\s*([A-Za-z-]+)\s*-->")
_FRONT_MATTER = re.compile(r"\A(?:\ufeff)?---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_FRONT_KEY = re.compile(r"^notelint-dialect\s*:\s*[\"']?([A-Za-z-]+)", re.MULTILINE)


def front_matter(text: str) -> str:
    m = _FRONT_MATTER.match(text)
    return m.group(1) if m else ""


def _in_file_setting(text: str) -> str | None:
    m = _FRONT_KEY.search(front_matter(text)) or _FILE_COMMENT.search(text)
    return m.group(1) if m else None


# -- detection ----------------------------------------------------------------------------------
#: Repository configuration files, nearest folder first: file name (glob) → dialect.
_CONFIG_FILES: tuple[tuple[str, str], ...] = (
    ("_bookdown.yml", "rmarkdown"),
    ("_quarto.yml", "pandoc"),
    ("_quarto.yaml", "pandoc"),
    ("myst.yml", "myst"),
    ("_toc.yml", "myst"),
    ("conf.py", "myst"),
    (".obsidian", "obsidian"),
    (".gitbook.yaml", "gitbook"),
    (".gitbook", "gitbook"),
    ("docusaurus.config.*", "remark-math"),
    ("hugo.toml", "mathjax"),
    ("hugo.yaml", "mathjax"),
    ("hugo.yml", "mathjax"),
    ("_config.yml", "kramdown"),
    ("_config.yaml", "kramdown"),
    ("mkdocs.yml", "mathjax"),
)
#: File name suffixes that name their renderer.
_SUFFIXES = {
    ".rmd": ("rmarkdown", "R Markdown file (.Rmd)"),
    ".qmd": ("pandoc", "Quarto file (.qmd)"),
    ".mdx": ("remark-math", "MDX file (.mdx)"),
}
_REPOSITORY_ROOT = (".git", "pyproject.toml", "package.json")

#: Content signals, most specific first: (dialect, what it is, pattern). A pattern that may scan
#: ahead from each of many starts on one long line is bounded, so detection stays linear.
_CONTENT_SIGNALS: tuple[tuple[str, str, re.Pattern[str]], ...] = (
    ("pandoc", "pandoc-crossref/Quarto equation labels {#eq:…}", re.compile(r"\$\$[ \t]*\{#eq[:-]")),
    # Quarto writes chunk options as `#|` lines; R Markdown in the chunk header (```{r setup, echo=FALSE})
    (
        "pandoc",
        "Quarto code chunks (```{r} with #| options)",
        re.compile(r"^[ \t]*```+[ \t]*\{[a-z]+\}[ \t]*\n[ \t]*#\|", re.M | re.I),
    ),
    (
        "rmarkdown",
        "R Markdown code chunks (```{r})",
        re.compile(r"^[ \t]*```+[ \t]*\{r(?:[ ,}])", re.M | re.I),
    ),
    # ```{python}, ```{julia echo=FALSE}: a Quarto (or knitr) chunk (no MyST directive has these names)
    (
        "pandoc",
        "Quarto / knitr code chunks (```{python}, ```{julia})",
        re.compile(
            r"^[ \t]*```+[ \t]*\{(?:r|python|julia|sql|bash|sh|stan|rcpp|ojs|mermaid|dot|octave)(?:[ ,}])",
            re.M | re.I,
        ),
    ),
    ("github", "GitHub math fences (```math)", re.compile(r"^[ \t>]*```[ \t]*math[ \t]*$", re.M)),
    # Two spans at least: one "$`" can be prose quoting a dollar in backticks.
    ("github", "GitHub inline math ($`…`$)", re.compile(r"\$`[^`\s][^`\n]*`\$.*?\$`[^`\s][^`\n]*`\$", re.S)),
    (
        "myst",
        "MyST syntax ({math} directive, {eq}/{math} roles, $$ … $$ (label))",
        re.compile(
            r"^[ \t]*(?:```|:::)\{[a-z:-]+\}|\{(?:eq|math|numref|ref|doc|class|meth|func)\}`|\$\$[ \t]*\([\w:.-]+\)[ \t]*$",
            re.M,
        ),
    ),
    (
        "obsidian",
        "Obsidian embeds, aliased wikilinks or callouts (![[…]], [[…|…]], > [!note])",
        re.compile(
            r"!\[\[[^\]\n]+\]\]|\[\[[^\]|\n]+\|[^\]\n]+\]\](?![(\[])|^[ \t]*>[ \t]*\[![a-z]+\][-+]?", re.M
        ),
    ),
    (
        "gitbook",
        "GitBook blocks ({% hint %}, {% embed %}, {% content-ref %}) or .gitbook/assets paths",
        re.compile(r"\{%[ \t]*(?:hint|embed|content-ref|swagger)[ \t]|\.gitbook/assets/"),
    ),
    ("mathjax", "Hugo shortcodes ({{< … >}})", re.compile(r"\{\{[<%]")),
    (
        "mathjax",
        "MkDocs / Python-Markdown admonitions (!!! note, ??? tip) with an indented body",
        re.compile(r"^[ ]*(?:!!!|\?\?\?\+?)[ \t]+[\w-]+[^\n]*\n(?:[ \t]*\n)?[ ]{4,}\S", re.M),
    ),
    (
        "kramdown",
        "Jekyll Liquid tags or kramdown attribute lists",
        re.compile(
            r"\{%[ \t]*\w|\{\{[^}|\n]{0,200}\|[^}\n]{0,200}\}\}|^\{:[^}\n]*\}[ \t]*$|markdown=\"(?:1|block|span)\"",
            re.M,
        ),
    ),
    (
        "remark-math",
        "MDX import/export statements",
        re.compile(
            r"^(?:import[ \t]+[\w{}*, \t]+[ \t]+from[ \t]+['\"]|export[ \t]+(?:const|default|function)[ \t])",
            re.M,
        ),
    ),
    # \\[ … \\] alone too: MultiMarkdown and mdBook notes write display math so and use $ inline
    (
        "mathjax",
        "Markdown-escaped \\\\( … \\\\) or \\\\[ … \\\\] delimiters",
        re.compile(
            r"\\\\[(\[][^\n]{0,500}?\\\\[)\]]|^[ \t>]*\\\\\[(?:[^\n]{0,500}\n){0,30}?[^\n]{0,500}?\\\\\]",
            re.M,
        ),
    ),
)
_COMMENTS = re.compile(r"<!--.*?-->", re.S)
#: Code blocks and code spans, but not ```math or MyST ```{…} fences, or MyST roles ({eq}`…`).
_CODE = re.compile(
    r"^[ \t>]*(`{3,}|~{3,})(?![ \t]*(?:math[ \t]*$|\{)).*?^[ \t>]*\1|(?<![}`])(`{1,2})(?!`)[^`]+?\2(?!`)",
    re.S | re.M,
)
#: math between single-backslash brackets: two inline ``\( … \)`` spans with TeX in them, or a
#: display ``\[`` alone on its line closed by ``\]`` (an escaped bracket in prose is neither)
_BRACKET_MATH = re.compile(
    r"(?:(?<!\\)\\\((?:[^\n\\]|\\(?!\))){0,300}?(?:\\[A-Za-z]|[_^])(?:[^\n\\]|\\(?!\))){0,300}?\\\)[\s\S]*?){2}"
    r"|^[ \t>]*\\\[[ \t]*\n(?:[^\n]*\n){1,30}?[ \t>]*\\\][ \t.,]*$",
    re.M,
)
#: pandoc's reader told to take \( … \) as math, in front matter (`from:` or `reader:`).
_SINGLE_BACKSLASH = re.compile(r"\+tex_math_single_backslash")
#: Front-matter keys: (dialect, what it is, pattern over the front matter).
_FRONT_SIGNALS: tuple[tuple[str, str, re.Pattern[str]], ...] = (
    ("myst", "jupytext/MyST front matter", re.compile(r"^(?:jupytext|kernelspec|mystnb|myst)\s*:", re.M)),
    # R Markdown's `output:` (Quarto's is `format:`), or pandoc told to read \( … \) as math
    (
        "rmarkdown",
        "R Markdown front matter (output:) or +tex_math_single_backslash",
        re.compile(r"\A(?![\s\S]*^format\s*:)[\s\S]*?^output\s*:|\+tex_math_single_backslash", re.M),
    ),
    (
        "pandoc",
        "Quarto/pandoc/R Markdown front matter",
        re.compile(r"^(?:format|output|bibliography|csl|crossref|numbersections|header-includes)\s*:", re.M),
    ),
    ("kramdown", "Jekyll front matter (layout/permalink)", re.compile(r"^(?:layout|permalink)\s*:", re.M)),
    (
        "mathjax",
        "Hugo/Hexo front matter (draft, math/mathjax/katex switches)",
        re.compile(r"^(?:draft|math|mathjax|katex)\s*:", re.M),
    ),
    (
        "remark-math",
        "Docusaurus front matter (id/slug/sidebar)",
        re.compile(r"^(?:slug|sidebar_label|sidebar_position)\s*:", re.M),
    ),
)


def _config_file_dialect(path: str) -> tuple[str, str] | None:
    """The dialect named by a renderer's configuration file in the note's folder or above."""
    if path in ("", "-", "<stdin>", "<untitled>"):
        return None
    try:
        folder = Path(path).resolve().parent
    except (OSError, RuntimeError):
        return None
    for _ in range(8):
        try:
            names = [p.name for p in folder.iterdir()]
        except OSError:
            names = []
        for pattern, name in _CONFIG_FILES:
            hits = fnmatch.filter(names, pattern)
            if hits and (pattern != "conf.py" or _sphinx_myst(folder / hits[0])):
                return name, f"{folder / hits[0]}"
        if any(marker in names for marker in _REPOSITORY_ROOT) or folder.parent == folder:
            return None
        folder = folder.parent
    return None


def _sphinx_myst(conf: Path) -> bool:
    """A Sphinx conf.py that loads myst_parser or myst_nb."""
    try:
        return "myst" in conf.read_text(encoding="utf-8", errors="replace")[:100_000]
    except OSError:
        return False


def detect(text: str, path: str = "<stdin>") -> DialectChoice:
    """The dialect of a note from its own settings, its front matter, nearby files and content."""
    if text.startswith("+++\n"):
        return DialectChoice(get_dialect("mathjax"), "detected: Hugo TOML front matter (+++)")
    suffix = _SUFFIXES.get(Path(path).suffix.lower())
    front = front_matter(text)
    if suffix is not None:
        if suffix[0] == "pandoc" and _SINGLE_BACKSLASH.search(front):
            # Quarto told to read \( … \) as math (`from: markdown+tex_math_single_backslash`)
            return DialectChoice(
                get_dialect("rmarkdown"), f"detected: {suffix[1]} read with +tex_math_single_backslash"
            )
        return DialectChoice(get_dialect(suffix[0]), f"detected: {suffix[1]}")
    for name, what, pattern in _FRONT_SIGNALS:
        if pattern.search(front):
            if name == "pandoc" and _BRACKET_MATH.search(
                _CODE.sub("", _COMMENTS.sub("", text[len(front) :]))
            ):
                # pandoc reads \( … \) as math only with tex_math_single_backslash, given on the
                # command line where no file shows it: a note written so is read that way
                return DialectChoice(
                    get_dialect("rmarkdown"), f"detected: {what}, with \\( … \\) / \\[ … \\] math"
                )
            return DialectChoice(get_dialect(name), f"detected: {what}")
    found = _config_file_dialect(path)
    if found is not None:
        return DialectChoice(get_dialect(found[0]), f"detected: {found[1]}")
    # Comments and code may quote another dialect's syntax; they are no signal.
    with_code = _COMMENTS.sub("", text[len(front) :])
    body = _CODE.sub("", with_code)
    for name, what, pattern in _CONTENT_SIGNALS:
        # GitHub's math is written with backticks: look for it before code is cut out.
        if pattern.search(with_code if name == "github" else body):
            return DialectChoice(get_dialect(name), f"detected: {what}")
    return DialectChoice(get_dialect(DEFAULT), "default (no dialect signal found)")


def choose(
    text: str,
    path: str = "<stdin>",
    option: str = AUTO,
    per_file: dict[str, str] | None = None,
    detect_path: str | None = None,
) -> DialectChoice:
    """The dialect a file is read in: in-file setting, per-file option, option, else detection.

    An unknown name in the file falls back to detection (a note cannot stop the run); unknown
    names in the configuration are rejected when the configuration is read.
    """
    in_file = _in_file_setting(text)
    if in_file is not None and in_file in dialects():
        return DialectChoice(get_dialect(in_file), "set in the file (notelint-dialect)")
    for pattern, name in (per_file or {}).items():
        if fnmatch.fnmatch(path, pattern) or fnmatch.fnmatch(Path(path).name, pattern):
            if name != AUTO:
                return DialectChoice(get_dialect(name), f"markdown.per-file-dialect {pattern!r}")
    if option != AUTO:
        return DialectChoice(get_dialect(option), "markdown.dialect option")
    return detect(text, detect_path if detect_path is not None else path)


def validate_dialect_name(value: Any) -> str:
    """Option validator for ``markdown.dialect``."""
    if not isinstance(value, str):
        raise ValueError("expected a string")
    if value != AUTO:
        get_dialect(value)
    return value


def validate_dialect_map(value: Any) -> dict[str, str]:
    """Option validator for ``markdown.per-file-dialect`` (glob → dialect name)."""
    if not isinstance(value, dict):
        raise ValueError("expected a table of glob → dialect name")
    return {str(k): validate_dialect_name(v) for k, v in value.items()}


def dialect_for(text: str, path: str, config: Any) -> DialectChoice:
    """The dialect of a file under a ``Config`` (what ``--show-settings`` prints).

    ``markdown.per-file-dialect`` globs match the path relative to the configuration's
    folder, as ``per-file-ignores`` do (or the file name).
    """
    per_file = config.get("markdown.per-file-dialect")
    relative = path
    root = getattr(config, "root", None)
    if per_file and root is not None and path not in ("", "-", "<stdin>"):
        relative = relative_to(path, root)
    return choose(text, relative, config.get("markdown.dialect"), per_file, detect_path=path)


def relative_to(path: str, root: Path) -> str:
    try:
        return Path(os.path.abspath(path)).relative_to(Path(root).resolve()).as_posix()
    except (ValueError, OSError):
        return Path(path).as_posix()
