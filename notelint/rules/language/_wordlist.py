"""Find listed words and phrases in a note's prose (never in code, math, URLs or comments)."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from notelint import data
from notelint.config import Config
from notelint.note import Note
from notelint.parse.provenance import PROVENANCE  # not notelint.facets: that loads the math model


@dataclass(frozen=True)
class Match:
    """A listed phrase found in prose, with its suggested replacement."""

    start: int
    end: int
    phrase: str
    suggestion: str


def word_list(kind: str, config: Config) -> dict[str, str]:
    """The shipped list for ``kind`` ("vague" or "informal"), with the config's additions and removals."""
    words = dict(data.load("words")[kind])
    words.update(config.get(f"words.{kind}-add"))
    for phrase in config.get(f"words.{kind}-remove"):
        words.pop(phrase.lower(), None)
        words.pop(phrase, None)
    return words


@functools.lru_cache(maxsize=64)
def _pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = sorted(phrases, key=len, reverse=True)
    body = "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in alternatives)
    return re.compile(rf"(?<![\w'’-])(?:{body})(?![\w'’-])", re.IGNORECASE)


def find_phrases(note: Note, words: dict[str, str]) -> Iterator[Match]:
    if not words:
        return
    marks = note.facet(PROVENANCE)
    # where the note attributes words to the lecturer: a (VERBATIM) / (LECTURER CLAIM) tag or a timestamp
    attributions = sorted(
        [t.span.start for t in marks.tags if t.known and ("VERBATIM" in t.name or "LECTURER" in t.name)]
        + [t.span.start for t in marks.timestamps]
    )
    lowered = {" ".join(k.lower().split()): v for k, v in words.items()}
    not_after = {k: set(v) for k, v in data.load("words").get("not-after", {}).items()}
    only_before = {k: set(v) for k, v in data.load("words").get("only-before", {}).items()}
    not_before = {k: set(v) for k, v in data.load("words").get("not-before", {}).items()}
    in_clause_after = {k: set(v) for k, v in data.load("words").get("not-in-clause-after", {}).items()}
    said_how = {k: set(v) for k, v in data.load("words").get("said-how-after", {}).items()}
    gerund_objects = data.load("words").get("object-of-gerund", {})
    noun_phrase = data.load("words").get(
        "noun-phrase", {"phrases": [], "determiners": [], "not-modifiers": [], "modifiers": 0}
    )
    pattern = _pattern(tuple(lowered))
    text = note.text
    cited = _reference_lists(note)
    inline_starts = {m.start for m in note.math if m.kind == "inline"}
    for span in note.prose:
        if any(start <= span.start < end for start, end in cited):
            continue
        for m in pattern.finditer(text, span.start, span.end):
            phrase = " ".join(m.group(0).lower().split())
            if _quoted(text, m.start(), m.end()):
                continue  # "the word “thing”": the phrase is mentioned, not used
            if _in_quotation(text, m.start(), m.end(), attributions):
                continue  # the lecturer's words, quoted verbatim: not the writer's to reword
            blocked = not_after.get(phrase)
            if blocked:
                previous = re.search(r"([\w'’-]+)\W*$", text[span.start : m.start()])
                word = previous.group(1).lower() if previous else ""
                if word in blocked or ("<number>" in blocked and word.isdigit()):
                    continue
                if phrase in noun_phrase["phrases"] and _after_determiner(
                    text[max(span.start, m.start() - 80) : m.start()], noun_phrase
                ):
                    continue
            openers = in_clause_after.get(phrase)
            if openers and _clause_opened_by(text, m.start(), openers):
                continue
            directions = said_how.get(phrase)
            if directions and _said_how(text, m.end(), span.end, directions):
                continue
            rule = gerund_objects.get(phrase)
            if rule and _object_of_gerund(text, m.start(), set(rule["prepositions"]), set(rule["stops"])):
                continue
            excused_by = not_before.get(phrase)
            if excused_by:
                after = " ".join(text[m.end() : min(span.end, m.end() + 40)].lower().split())
                if any(re.match(rf"{re.escape(words)}\b", after) for words in excused_by):
                    continue
            required = only_before.get(phrase)
            if required:
                following = re.match(r"\s*([\w'’-]+|[^\w\s])?", text[m.end() : span.end])
                token = following.group(1) if following else None
                if m.end() >= span.end or token is None:
                    if span.end in inline_starts and not text[m.end() : span.end].strip():
                        # "replacing $p_i$ by $0$ changes $N(s)$ only for …": inline math right
                        # after it is its object (a transitive verb), no clause end
                        continue
                    token = "."  # the clause ends at the prose boundary (math, end of block)
                after = " ".join(text[m.end() : min(span.end, m.end() + 40)].lower().split())
                if token.lower() not in required and not any(
                    " " in words and re.match(rf"{re.escape(words)}\b", after) for words in required
                ):
                    continue
            yield Match(m.start(), m.end(), m.group(0), lowered[phrase])


def _said_how(text: str, end: int, stop: int, directions: set[str]) -> bool:
    """Does the rest of the phrase's clause (up to 160 characters; a colon leads on to the
    explanation) say how, with a word of ``directions`` ("changes during training: as $G$
    decreases, $B$ increases")?"""
    rest = text[end : min(len(text), end + 160)]
    sentence = re.split(r"[.;!?](?:\s|$)|\n\s*\n", rest, maxsplit=1)[0]
    # only in what the colon or ", and it" leads on to: "changes when the batch grows" names the
    # condition's direction, not the change's
    lead = _EXPLANATION.search(sentence)
    if lead is None:
        return False
    return any(w.lower() in directions for w in re.findall(r"[A-Za-z]+", sentence[lead.end() :]))


#: what leads from a change to how it goes: a colon, a dash, ", and it"
_EXPLANATION = re.compile(r":\s|\s[—–]\s|,\s+and\s+(?:it|they|so)\b")


def _after_determiner(before: str, table: dict[str, Any]) -> bool:
    """Is the phrase the head of a noun phrase a determiner opens a few modifiers earlier ("a
    topological sort of the graph", "a stronger kind of convergence")? A verb or pronoun between
    them ("this is kind of") makes it the hedge."""
    words = [w.lower() for w in re.findall(r"[\w'’-]+", before)][-(int(table["modifiers"]) + 1) :]
    stops = set(table["not-modifiers"])
    determiners = set(table["determiners"])
    for k in range(len(words) - 1, -1, -1):
        if words[k] in determiners:
            between = words[k + 1 :]
            return bool(between) and not any(w in stops or w in determiners for w in between)
    return False


_OPEN_QUOTES = {'"': '"', "“": "”", "«": "»", "`": "`"}


def _quoted(text: str, start: int, end: int) -> bool:
    """The phrase alone between quotation marks (``the term "goes up"``): a mention."""
    if start == 0 or end >= len(text):
        return False
    closer = _OPEN_QUOTES.get(text[start - 1])
    return closer is not None and text[end] == closer


#: The fewest words a quotation holds to be someone's utterance rather than a mentioned term.
_UTTERANCE_WORDS = 4
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def _in_quotation(text: str, start: int, end: int, attributions: list[int]) -> bool:
    """The phrase stands inside a quoted utterance that its paragraph attributes to the lecturer
    (``(LECTURER CLAIM) [00:23:40] "So the noise goes down like $1/B$."``): a (VERBATIM) or
    (LECTURER CLAIM) tag or a timestamp before the opening mark in the paragraph, or a reporting
    word just before it (``I read that "…"``, ``data/words.toml`` ``[quotation]``), the closing
    mark after the phrase, and at least ``_UTTERANCE_WORDS`` words between them."""
    para_start = text.rfind("\n\n", 0, start) + 1
    para_end = text.find("\n\n", end)
    para_end = len(text) if para_end < 0 else para_end
    # an HTML comment's quotation marks are not the prose's
    before, after = (_COMMENT.sub(" ", part) for part in (text[para_start:start], text[end:para_end]))
    for opener, closer in (("\u201c", "\u201d"), ('"', '"')):
        if opener == closer:
            if before.count(opener) % 2 == 0:
                continue
            open_at = before.rfind(opener)
        else:
            open_at = before.rfind(opener)
            if open_at < 0 or before.rfind(closer) > open_at:
                continue
        close_at = after.find(closer)
        if close_at < 0:
            continue
        attributed = any(para_start <= a < para_start + open_at for a in attributions)
        if not attributed and not _reported(before[:open_at]):
            continue
        quoted = before[open_at + 1 :] + text[start:end] + after[:close_at]
        if len(quoted.split()) >= _UTTERANCE_WORDS:
            return True
    return False


def _reported(before_quote: str) -> bool:
    """A reporting word ("stated that", "wrote:", "as the docs put it,") stands within a few words
    before a quotation's opening mark, in the same sentence: the quotation is someone's words."""
    table = data.load("words").get("quotation", {})
    reporting = set(table.get("reporting", ()))
    sentence = re.split(r"[.!?](?=\s)", before_quote)[-1]
    words = [w.strip("*_:,;()'\u2018\u2019").lower() for w in sentence.split()]
    words = [w for w in words if w]
    return any(w in reporting for w in words[-int(table.get("reporting-window", 3)) :])


#: The end of a sentence or clause: the punctuation, then a blank or the end ("0.5" and "e.g" do not end one).
_CLAUSE_END = re.compile(r"[.;:?!](?=\s)")
#: How far back an opener of the clause may stand, in words ("how the dissimilarity between the
#: metaweb of binary interactions and aggregated local networks changes" is 12).
_CLAUSE_WORDS = 15


def _clause_opened_by(text: str, at: int, openers: set[str]) -> bool:
    """One of ``openers`` stands earlier in the clause that ends at ``at``, at most
    ``_CLAUSE_WORDS`` words back (a blank-separated piece of inline math counts as one word: "how $f$ changes")."""
    before = text[max(0, at - 400) : at]
    ends = list(_CLAUSE_END.finditer(before))
    if ends:
        before = before[ends[-1].end() :]
    words = before.split()[-_CLAUSE_WORDS:]
    return any(w.strip("*_\"'“”‘’(),").lower() in openers for w in words)


#: How many words back a gerund may stand before the phrase ("by propagating the measured
#: expression changes": three words between).
_GERUND_WORDS = 5


def _object_of_gerund(text: str, at: int, prepositions: set[str], stops: set[str]) -> bool:
    """The phrase ends a noun phrase that is the object of a gerund after a preposition ("by
    propagating measured expression changes across the pathway": a noun, not a verb), with no
    word of ``stops`` (a relative pronoun or conjunction that opens a clause of its own: "by using
    a model that changes when …") in between."""
    before = text[max(0, at - 200) : at]
    ends = list(re.finditer(r"[.;:?!,()]", before))
    if ends:
        before = before[ends[-1].end() :]
    words = [w.strip("*_\"'“”‘’").lower() for w in before.split()]
    for k in range(len(words) - 1, max(-1, len(words) - 2 - _GERUND_WORDS), -1):
        word = words[k]
        if word in stops:
            return False
        if k < len(words) - 1 and word.endswith("ing") and k > 0 and words[k - 1] in prepositions:
            return True
    return False


#: Headings over a list of works cited: their entries quote other people's titles ("…
#: experiments changes with evolution of the Gene Ontology"), which are not the note's wording.
_REFERENCE_HEADINGS = re.compile(
    r"^\W*(?:\d+[.)]?\s*)?(?:references?|bibliography|citations|works cited|literature|further reading"
    r"|reading list|sources|notes and references)\W*$",
    re.IGNORECASE,
)


def _reference_lists(note: Note) -> list[tuple[int, int]]:
    """(start, end) of the body of each references section, up to the next heading of its level or above."""
    out = []
    headings = note.headings
    for i, heading in enumerate(headings):
        if not _REFERENCE_HEADINGS.match(heading.title.strip()):
            continue
        end = next((h.span.start for h in headings[i + 1 :] if h.level <= heading.level), len(note.text))
        out.append((heading.span.end, end))
    return out
