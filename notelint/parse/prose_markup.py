"""What the text of a note holds that no reader sees as its wording, in each Markdown dialect:
template and attribute syntax, links to other files, citation keys, e-mail addresses, tags
(every dialect) and Obsidian block ids, MDX's JSX and ESM, Logseq/Dataview properties, and the comment forms
(Obsidian ``%%…%%``, Liquid ``{% comment %}``, MDX ``{/* … */}``) and KaTeX shortcodes the
note builder hides. Split from :mod:`notelint.parse.note`, which applies them.
"""

from __future__ import annotations

import re

from notelint.note import Span

#: Template and attribute syntax in the text, which the renderer consumes and no reader sees as
#: the note's wording: Liquid tags and output (``{% include x.html %}``, ``{{ page.title }}``),
#: Hugo shortcodes (``{{< figure src="a.png" >}}``, ``{{% notice %}}``), kramdown attribute
#: lists (``{: .notice}``, ``{::options}``). Bounded, so that many unclosed ``{{`` stay linear.
MARKUP = re.compile(r"\{%.{0,500}?%\}|\{\{.{0,500}?\}\}|\{:[^{}\n]{0,500}\}", re.DOTALL)
#: Names that point at other files, in any dialect (wikilinks are Obsidian's, Foam's, Logseq's…):
#: an embed (``![[fig.png]]``), the target of an aliased wikilink (``[[Note title|``: the alias
#: after ``|`` is shown; a plain ``[[Note title]]`` shows its target, and stays prose), a snippet
#: inclusion (pymdownx ``--8<-- "docs/part.md"``, or a block of paths between two ``--8<--``),
#: the term of an abbreviation definition (``*[KL]: Kullback-Leibler``), footnote labels (``[^stuff]``, shown as a number), e-mail
#: addresses, citation keys and cross-references (pandoc ``[@key; -@key2]``, ``@key``, Quarto
#: ``@fig-x``), attribute blocks (pandoc, kramdown, attr_list: ``## Title {#id .class}``,
#: ``[text]{.class}``, ``{ .md-button }``), HackMD's author tags (``[name=Alice]``,
#: ``[time=…]``, ``[color=…]``) and Dataview's inline fields (``[rating:: 9]``, ``(due:: …)``).
REFERENCE_MARKUP = re.compile(
    r"!\[\[[^\]\n]*\]\]|\[\[[^\]|\n]*\|"
    r"|^[ \t]*-{2,}8<-{2,}[ \t]*\n(?:[^\n]*\n){0,50}?[ \t]*-{2,}8<-{2,}[ \t]*$|^[ \t]*;?-{2,}8<-{2,}[^\n]*"
    r"|^[ \t]*\*\[[^\]\n]*\]:"
    r"|\[\^[^\]\s]+\]|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?<![\w@])-?@[A-Za-z_][\w:.#$%&+?<>~/-]*(?<![.:])"
    r"|\{[ \t]*[#.][^{}\n]*\}"
    r"|\[(?:name|time|color)=[^\]\n]*\]"
    r"|[\[(][A-Za-z][\w-]*::[^\])\n]*[\])]",
    re.MULTILINE,
)
#: Page and block properties (Logseq ``tags:: ml, calculus``, ``id:: 64a1…``; Obsidian Dataview
#: ``rating:: 9``): a ``key:: value`` line, alone or as a list item, is metadata, not wording.
PROPERTY_LINE = re.compile(r"^[ \t>]*(?:[-*+][ \t]+)?([A-Za-z][\w-]*::)(?=[ \t]|$)[^\n]*", re.MULTILINE)
#: Tags (``#ml/sgd``: Obsidian, Logseq, Zettlr, Bear, Foam), in every dialect: a note copied out
#: of a vault keeps them, and where the renderer shows ``#stuff`` as text it is still a label.
TAG_MARKUP = re.compile(r"(?<![\w&#])#[A-Za-z][\w/-]*")
#: Obsidian block ids ending a line (``The bound holds. ^bound-1``).
OBSIDIAN_MARKUP = re.compile(r"(?<=[ \t])\^[A-Za-z0-9-]+[ \t]*$", re.MULTILINE)
#: MDX: JSX tags (``<Tabs groupId="x">``, ``<Chart data={[1, 2]} label="y" />``) and ``{…}``
#: expressions in text are JavaScript, not wording (attribute values nest braces one level).
MDX_MARKUP = re.compile(
    r"</?[A-Za-z][\w.:-]*(?:\s+(?:[^<>{}\"']|\"[^\"\n]*\"|'[^'\n]*'|\{(?:[^{}]|\{[^{}]*\})*\})*)?\s*/?>"
    r"|\{(?:[^{}\n]|\{[^{}\n]*\})*\}"
)

OBSIDIAN_COMMENT = re.compile(r"%%.*?%%", re.DOTALL)
#: Liquid's comment block (Jekyll): hidden with everything in it, like an HTML comment.
LIQUID_COMMENT = re.compile(r"\{%-?[ \t]*comment[ \t]*-?%\}.*?\{%-?[ \t]*endcomment[ \t]*-?%\}", re.DOTALL)
#: KaTeX tags holding TeX without delimiters: Hugo's shortcode ``{{< katex >}}x^2{{< /katex >}}``,
#: ``{{< katex display >}}…``, jekyll-katex's Liquid tag ``{% katex %}…{% endkatex %}``, and
#: Zola's ``{% katex(block=true) %}…{% end %}`` and ``{{ katex(body="x^2") }}``. ``display`` is
#: set for display math; ``body`` is the TeX.
KATEX_SHORTCODE = re.compile(
    r"\{\{<[ \t]*katex(?:[ \t]+(?P<hugo_display>display)\b[^>]*|[^>]*)>\}\}(?P<hugo>.*?)\{\{<[ \t]*/katex[ \t]*>\}\}"
    r"|\{%[ \t]*katex(?:[ \t]+(?P<liquid_display>display)\b[^%]*|[^%(]*)%\}(?P<liquid>.*?)\{%[ \t]*endkatex[ \t]*%\}"
    r"|\{%[ \t]*katex\((?P<zola_args>[^)]*)\)[ \t]*%\}(?P<zola>.*?)\{%[ \t]*end[ \t]*%\}"
    r"|\{\{[ \t]*katex\([ \t]*body[ \t]*=[ \t]*\"(?P<zola_inline>[^\"]*)\"(?P<zola_inline_args>[^)]*)\)[ \t]*\}\}",
    re.DOTALL,
)
#: the TeX group of each form of :data:`KATEX_SHORTCODE`, with the delimiter it is reported by
KATEX_FORMS = (
    ("hugo", "{{< katex >}}"),
    ("liquid", "{% katex %}"),
    ("zola", "{% katex() %}"),
    ("zola_inline", "{{ katex() }}"),
)
#: a Zola shortcode's argument that makes it display math
KATEX_BLOCK = re.compile(r"\bblock[ \t]*=[ \t]*true\b")


#: MDX: a comment ``{/* … */}``, and an ESM statement (``import Tabs from '@theme/Tabs';``,
#: ``export const X = …``) at the start of a top-level paragraph, up to its blank line.
MDX_COMMENT = re.compile(r"\{/\*.*?\*/\}", re.DOTALL)
MDX_ESM = re.compile(r"(?:\A|(?<=\n\n))(?:import|export)[ \t{*][^\n]*(?:\n[^\n]*\S[^\n]*)*")


def properties(text: str, piece: Span) -> list[Span]:
    """The ``key:: value`` property lines that ``piece`` touches, from their key to the line end
    (a list item's inline text starts after its bullet, so the lines are matched whole)."""
    line_start = text.rfind("\n", 0, piece.start) + 1
    return [
        Span(m.start(1), m.end())
        for m in PROPERTY_LINE.finditer(text, line_start, piece.end)
        if m.end() > piece.start
    ]
