"""LaTeX → MathML for the HTML report, with latex2mathml, sanitised, never raising.

Browsers render MathML natively (no script, no web font), which keeps a report page
self-contained. latex2mathml is tolerant but not complete: the source is first rewritten for
the constructs notes use that it mis-renders (``aligned``, ``\\operatorname*``, ``\\label``,
``\\eqref``, ``\\tag``), and its output is re-serialised from a whitelist of MathML elements
and attributes, so note content can never inject markup. Anything it cannot convert, or
converts with an unknown macro left in, degrades to the escaped LaTeX source.
"""

from __future__ import annotations

import functools
import html
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from notelint.report.macros import Macro, definitions, expand

#: Longer sources are shown as source: conversion time grows with size and nesting.
MAX_LATEX = 8000

_ELEMENTS = frozenset(
    [
        "math",
        "mrow",
        "mi",
        "mn",
        "mo",
        "ms",
        "mtext",
        "mspace",
        "msub",
        "msup",
        "msubsup",
        "munder",
        "mover",
        "munderover",
        "mfrac",
        "msqrt",
        "mroot",
        "mstyle",
        "mtable",
        "mtr",
        "mtd",
        "mlabeledtr",
        "mpadded",
        "mphantom",
        "menclose",
        "merror",
        "mmultiscripts",
        "mprescripts",
        "none",
        "semantics",
        "annotation",
    ]
)
_ATTRIBUTES = frozenset(
    [
        "display",
        "mathvariant",
        "stretchy",
        "fence",
        "form",
        "separator",
        "lspace",
        "rspace",
        "minsize",
        "maxsize",
        "accent",
        "accentunder",
        "width",
        "height",
        "depth",
        "voffset",
        "linethickness",
        "notation",
        "columnalign",
        "columnspacing",
        "rowspacing",
        "rowalign",
        "columnlines",
        "rowlines",
        "frame",
        "displaystyle",
        "scriptlevel",
        "movablelimits",
        "largeop",
        "symmetric",
        "linebreak",
        "columnspan",
        "rowspan",
        "mathsize",
        "align",
        "alttext",
    ]
)

_TAG = re.compile(r"\\tag\*?\s*\{([^{}]*)\}")
_DROP = re.compile(r"\\label\s*\{[^{}]*\}|\\nonumber\b|\\notag\b")
_EQREF = re.compile(r"\\eqref\s*\{([^{}]*)\}")
_REF = re.compile(r"\\ref\s*\{([^{}]*)\}")
_OPERATORNAME = re.compile(r"\\operatorname\*?\s*\{([^{}]*)\}")
#: Environments latex2mathml renders as one run of text with literal ``&``: shown as tables.
_ALIGNED = re.compile(
    r"\\(begin|end)\{(aligned|alignedat|align|flalign|flalign\*|eqnarray\*?|split)\}(\{\d+\})?"
)
_CENTRED = re.compile(r"\\(begin|end)\{(gathered|gather\*?|multline\*?)\}")
_BARE_ALIGNMENT = re.compile(r"(?<!\\)&|\\\\")
#: \big\{ and \Big\| make latex2mathml fail: the sized escaped delimiter loses its size
_SIZED_ESCAPED = re.compile(r"\\(?:big|Big|bigg|Bigg)[lrm]?\s*(?=\\[{}|])")
#: a LaTeX comment runs to the end of the line
_COMMENT = re.compile(r"(?<!\\)%[^\n]*")
_TEXT_ARG = re.compile(r"[\\{}]")


@dataclass(frozen=True)
class Rendered:
    """MathML (already safe HTML) or, when ``ok`` is false, the escaped source."""

    html: str
    ok: bool
    #: the equation's ``\tag{…}`` (shown beside display math), empty when none
    tag: str = ""
    #: why the source is shown instead of MathML
    reason: str = ""


@functools.cache
def _operator_names() -> re.Pattern[str]:
    from notelint import data

    names = sorted(data.load("report")["operator-names"], key=len, reverse=True)
    return re.compile(r"\\(" + "|".join(map(re.escape, names)) + r")(?![A-Za-z])")


def _text(value: str) -> str:
    """An argument of ``\\text{…}`` made harmless (no macros or groups)."""
    return _TEXT_ARG.sub("", value)


def prepare(latex: str) -> tuple[str, str]:
    """The source rewritten for latex2mathml, and its ``\\tag`` (empty when none)."""
    source = _COMMENT.sub("", latex)
    tags = _TAG.findall(source)
    source = _TAG.sub(" ", source)
    source = _SIZED_ESCAPED.sub("", source)
    source = _DROP.sub(" ", source)
    source = _EQREF.sub(lambda m: r"\text{(" + _text(m.group(1)) + ")}", source)
    source = _REF.sub(lambda m: r"\text{" + _text(m.group(1)) + "}", source)
    source = _operator_names().sub(lambda m: r"\mathrm{" + m.group(1) + "}", source)
    source = _OPERATORNAME.sub(lambda m: r"\mathrm{" + m.group(1) + "}", source)
    source = _ALIGNED.sub(lambda m: "\\" + m.group(1) + "{align*}", source)
    source = _CENTRED.sub(lambda m: "\\" + m.group(1) + "{matrix}", source)
    source = source.replace(r"\mathbbm{", r"\mathbb{")
    if "\\begin" not in source and _BARE_ALIGNMENT.search(source):
        # $$ a &= b \\ &= c $$: alignment without an environment (MathJax and KaTeX accept it)
        source = "\\begin{align*}" + source + "\\end{align*}"
    return source, ", ".join(t.strip() for t in tags if t.strip())


def source_html(latex: str, display: bool) -> str:
    """The escaped LaTeX source, as shown when it cannot be rendered."""
    tag = "pre" if display and "\n" in latex.strip() else "code"
    return f'<{tag} class="tex-source">{html.escape(latex.strip())}</{tag}>'


_DEFINES = ("\\newcommand", "\\renewcommand", "\\def", "\\DeclareMathOperator")


def render(latex: str, display: bool, macros: dict[str, Macro] | None = None) -> Rendered:
    """MathML for one math span, with the note's ``macros`` expanded; the escaped source (and
    why) when it cannot be rendered. A span that only defines macros renders as a folded box."""
    written = latex  # shown when it cannot be rendered, as the note has it
    if any(word in latex for word in _DEFINES):
        defined, rest = definitions(latex)
        if defined and not rest.strip():
            names = ", ".join("\\" + name for name in defined)
            return Rendered(
                f'<details class="macros"><summary>LaTeX macro definitions: {html.escape(names)}</summary>'
                f"{source_html(latex, True)}</details>",
                True,
            )
        latex = rest
    if macros:
        latex = expand(latex, macros)
    source, tag = prepare(latex)
    if not source.strip():
        return Rendered(source_html(written, display), False, tag, "empty")
    if len(source) > MAX_LATEX:
        return Rendered(source_html(written, display), False, tag, "too long to render")
    try:
        from latex2mathml.converter import convert

        markup = convert(source, display="block" if display else "inline")
        root = ET.fromstring(markup)
    except RecursionError:
        return Rendered(source_html(written, display), False, tag, "nested too deeply to render")
    except Exception as exc:  # latex2mathml raises many types on bad input; all mean "cannot render"
        name = type(exc).__name__
        return Rendered(
            source_html(written, display), False, tag, f"not valid LaTeX for the renderer ({name})"
        )
    unknown = _unknown_macro(root)
    if unknown is not None:
        return Rendered(
            source_html(written, display), False, tag, f"{unknown} is not supported by the renderer"
        )
    root.set("alttext", " ".join(written.split()))  # the source, for screen readers and copying
    return Rendered(_serialise(root), True, tag)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _unknown_macro(root: ET.Element) -> str | None:
    """A token that is a macro latex2mathml passed through as text (``\\foo``) or a bare ``&``."""
    for el in root.iter():
        if _local(el.tag) in ("mi", "mo", "mtext") and el.text:
            text = el.text.strip()
            if text.startswith("\\") and len(text) > 1:
                return text
            if text == "&":
                return "an alignment & outside a table"
    return None


def _needs_operator_space(op: ET.Element, following: ET.Element) -> bool:
    """``\\log p``: latex2mathml sets no space after a function name; TeX sets a thin one,
    except before a delimiter (``\\exp(``, ``\\log\\left(``)."""
    text = (op.text or "").strip()
    if _local(op.tag) != "mi" or len(text) < 2 or not text.isalpha() or len(op):
        return False
    if _local(following.tag) in ("mo", "mspace"):
        return False
    first = next(iter(following), None)
    return not (_local(following.tag) == "mrow" and first is not None and _local(first.tag) == "mo")


def _serialise(el: ET.Element) -> str:
    """Whitelisted elements and attributes only, every text escaped."""
    name = _local(el.tag)
    children = list(el)
    parts = [html.escape(el.text or "", quote=False)]
    for i, child in enumerate(children):
        parts.append(_serialise(child) + html.escape(child.tail or "", quote=False))
        if i + 1 < len(children) and _needs_operator_space(child, children[i + 1]):
            parts.append('<mspace width="0.1667em"></mspace>')
    inner = "".join(parts)
    if name not in _ELEMENTS:
        return inner  # keep the content, drop the unknown wrapper
    attrs = "".join(
        f' {_local(k)}="{html.escape(v)}"' for k, v in sorted(el.attrib.items()) if _local(k) in _ATTRIBUTES
    )
    return f"<{name}{attrs}>{inner}</{name}>"
