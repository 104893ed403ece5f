"""Recognise the standard's sections (0–9) and subsections (4.A–4.E) among the headings."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from notelint.note import Heading, Section, Span

_NUMBERED = re.compile(
    r"""^\s*(?:section\s+)?
        (?P<num>\d(?:\s*\.\s*[a-e](?![a-z]))?)      # 0 … 9, or 4.A … 4.E
        (?:\s*[.):\-–—]+\s*|\s+|$)
        (?P<title>.*)$""",
    re.IGNORECASE | re.VERBOSE,
)
_MARKUP = re.compile(r"[*_`~#]|<[^>]+>")
_PAREN = re.compile(r"\([^)]*\)|\[[^\]]*\]")


def normalize_title(title: str) -> str:
    """Lower-case, ``&`` as "and", parentheticals and punctuation removed, spaces folded."""
    text = unicodedata.normalize("NFKC", _MARKUP.sub("", title)).lower()
    text = _PAREN.sub(" ", text).replace("&", " and ")
    text = re.sub(r"[^\w\s]", " ", text)
    return " ".join(text.split())


@dataclass
class SectionTemplate:
    """Which titles name which section; built from ``data/sections.toml`` plus configuration."""

    titles: dict[str, set[str]] = field(default_factory=dict)
    #: Short, common titles ("Recap", "Notation") that name a section only after its number.
    numbered_titles: dict[str, set[str]] = field(default_factory=dict)
    display: dict[str, str] = field(default_factory=dict)
    required: list[str] = field(default_factory=list)
    subsections: list[str] = field(default_factory=list)

    @classmethod
    def from_data(
        cls, data: dict, extra_titles: dict[str, list[str]] | None = None, required: list[str] | None = None
    ) -> SectionTemplate:
        template = cls()
        for kind in ("section", "subsection"):
            for entry in data.get(kind, []):
                key = entry["id"]
                names = {normalize_title(entry["title"])}
                names.update(normalize_title(a) for a in entry.get("aliases", []))
                template.titles[key] = names
                template.numbered_titles[key] = {
                    normalize_title(a) for a in entry.get("numbered-aliases", [])
                }
                template.display[key] = entry["title"]
                if kind == "subsection":
                    template.subsections.append(key)
                elif entry.get("required", True):
                    template.required.append(key)
        for key, extra in (extra_titles or {}).items():
            template.titles.setdefault(key, set()).update(normalize_title(n) for n in extra)
        if required is not None:
            template.required = list(required)
        return template

    def match(self, title: str) -> str | None:
        """The section key a heading title names, or None.

        A number alone is not enough ("1. Introduction" is not "Concept & Intuition"): the
        title must name the section too. Without a number only the standard's own titles and
        their distinctive variants count: "Recap" or "Notation" alone is an ordinary heading of
        an ordinary note, "8) Recap" is section 8.
        """
        m = _NUMBERED.match(_MARKUP.sub("", title))
        if m:
            number = re.sub(r"\s+", "", m.group("num")).upper()
            written = normalize_title(m.group("title"))
            if number in self.titles and written:
                if self._names(number, written, prefix=True) or self._names(
                    number, written, prefix=True, short=True
                ):
                    return number
            key = self._by_title(written)
            if key is not None and (key == number or "." not in key):
                return key
            if key is None and number in self.subsections and re.fullmatch(r"\d\.[A-E]", m.group("num")):
                # "4.C Worked example": a label of the standard's own subsections is no ordinary
                # number ("1. Introduction" is), so it names the subsection whatever the title;
                # "4. A one-point example" is section 4's article, not a label
                return number
            return None
        return self._by_title(normalize_title(title))

    def _names(self, key: str, written: str, prefix: bool = False, short: bool = False) -> bool:
        """Whether ``written`` names section ``key``: exactly, or (after the section's own
        number, when ``prefix``) as a known title followed by more words ("4) Derivation of
        the normal equations"). Without a number only an exact title counts, so that
        "Implementation details" is not section 6. ``short`` checks the numbered-only titles."""
        names = (self.numbered_titles if short else self.titles).get(key, ())
        return any(written == name or (prefix and written.startswith(name + " ")) for name in names)

    def _by_title(self, written: str) -> str | None:
        if not written:
            return None
        for key in self.titles:
            if self._names(key, written):
                return key
        return None


def find_sections(headings: list[Heading], text_length: int, template: SectionTemplate) -> list[Section]:
    """Assign each heading that names a section its body: up to the next heading that ends it."""
    matched: list[tuple[int, str]] = []
    in_section_4 = False
    for i, heading in enumerate(headings):
        key = template.match(heading.title)
        if key is None:
            continue
        if key in template.subsections and not (in_section_4 or heading.title.lstrip().startswith("4")):
            continue  # a "Definitions" heading outside section 4 is not 4.A
        if "." not in key:
            in_section_4 = key == "4"
        matched.append((i, key))

    sections: list[Section] = []
    matched_index = {i for i, _ in matched}
    for i, key in matched:
        heading = headings[i]
        end = text_length
        for later_i in range(i + 1, len(headings)):
            later = headings[later_i]
            later_key = next((k for j, k in matched if j == later_i), None)
            if later_i in matched_index and later_key is not None:
                if "." not in key and "." in later_key:
                    continue  # a subsection stays inside its section
                end = later.span.start
                break
            if later.level < heading.level or ("." in key and later.level <= heading.level):
                end = later.span.start
                break
        sections.append(Section(key=key, heading=heading, body=Span(heading.span.end, end)))
    return sections
