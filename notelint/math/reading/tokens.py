"""Tokens of LaTeX math from the pylatexenc tree.

pylatexenc gives a raw tree: characters come in runs (``'_t + w^'``), ``_``/``^`` are plain
characters and ``\\operatorname`` takes no argument. :func:`tokenize_nodes` turns it into one
letter, digit, operator character, script mark, macro (with its parsed arguments), ``{…}``
group or environment per token, with offsets into the math source; macros pylatexenc parsed
without their arguments (``\\boldsymbol``, ``\\tfrac``) get them from the vocabulary.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from notelint.math.reading.vocabulary import vocabulary

# --------------------------------------------------------------------------------------------
# tokens


@dataclass
class Tok:
    """One token of math: ``kind`` is letter, digit, op, macro, group or env.

    ``start``/``end`` are offsets into the math source. A macro's parsed arguments and a
    group's or environment's body are token lists in ``args``.
    """

    kind: str
    text: str
    start: int
    end: int
    args: list[list[Tok]] = field(default_factory=list)

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"Tok({self.kind},{self.text!r},{self.start})"


def _attach_args(toks: list[Tok]) -> list[Tok]:
    """Give macros pylatexenc parsed without arguments (``\\boldsymbol``, ``\\tfrac``) theirs."""
    out: list[Tok] = []
    i = 0
    while i < len(toks):
        tok = toks[i]
        want = vocabulary().arguments.get(tok.text, 0) if tok.kind == "macro" else 0
        i += 1
        if want and len(tok.args) < want:
            if i < len(toks) and toks[i].kind == "op" and toks[i].text == "*":
                i += 1
            while len(tok.args) < want and i < len(toks):
                nxt = toks[i]
                if nxt.kind == "group":
                    tok.args.append(nxt.args[0])
                elif nxt.kind in ("letter", "digit", "macro"):
                    tok.args.append([nxt])
                else:
                    break
                tok.end = nxt.end
                i += 1
        out.append(tok)
    return out


def tokenize_nodes(nodes: list[Any]) -> list[Tok]:
    """Flatten pylatexenc nodes into tokens (offsets are the nodes' ``pos``)."""
    out: list[Tok] = []
    for node in nodes or []:
        if node is None:
            continue
        cls = type(node).__name__
        pos = node.pos or 0
        if cls == "LatexCharsNode":
            for i, ch in enumerate(node.chars):
                if ch.isspace():
                    continue
                if ch.isalpha():
                    kind = "letter"
                elif ch.isdigit():
                    kind = "digit"
                elif ch in "^_":
                    kind = "script"
                else:
                    kind = "op"
                out.append(Tok(kind, ch, pos + i, pos + i + 1))
        elif cls == "LatexSpecialsNode":
            chars = node.specials_chars
            if chars == "~":
                continue
            for i, ch in enumerate(chars):
                out.append(Tok("op", ch, pos + i, pos + i + 1))
        elif cls == "LatexGroupNode":
            delims = getattr(node, "delimiters", ("{", "}")) or ("{", "}")
            inner = tokenize_nodes(node.nodelist)
            if delims[0] == "{":
                out.append(Tok("group", "{}", pos, pos + node.len, [inner]))
            else:
                out.append(Tok("op", delims[0], pos, pos + 1))
                out.extend(inner)
                out.append(Tok("op", delims[1], pos + node.len - 1, pos + node.len))
        elif cls == "LatexMacroNode":
            name = node.macroname
            args: list[list[Tok]] = []
            relation_taken = False
            if node.nodeargd is not None:
                for arg in node.nodeargd.argnlist or []:
                    if arg is None:
                        continue
                    if (
                        type(arg).__name__ == "LatexGroupNode"
                        and (getattr(arg, "delimiters", ("{",)) or ("{",))[0] == "{"
                    ):
                        args.append(tokenize_nodes(arg.nodelist))
                    else:
                        args.append(tokenize_nodes([arg]))
                        relation_taken |= any(
                            t.kind == "op" and vocabulary().relation(t.text) is not None for t in args[-1]
                        )
            head_end = pos + 1 + len(name)
            if relation_taken:
                # `\r = c`: pylatexenc gave a text accent the relation after it as its argument;
                # a relation is never an unbraced argument, so what follows is read as written
                out.append(Tok("macro", name, pos, head_end))
                out.extend(t for arg_toks in args for t in arg_toks)
                continue
            out.append(Tok("macro", name, pos, pos + node.len if args else head_end, args))
        elif cls == "LatexEnvironmentNode":
            out.append(Tok("env", node.environmentname, pos, pos + node.len, [tokenize_nodes(node.nodelist)]))
        elif cls == "LatexMathNode":
            out.extend(tokenize_nodes(node.nodelist))
        elif cls == "LatexCommentNode" and out and out[-1].kind == "digit" and out[-1].end == pos:
            # `85%`: the writer's percent sign (TeX reads a comment); kept, so the side holds it
            out.append(Tok("op", "%", pos, pos + 1))
        # other comments and anything else: nothing
    return _attach_args(out)
