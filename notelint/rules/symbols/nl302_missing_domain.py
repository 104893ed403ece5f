from __future__ import annotations

from notelint.math.reading.lexicon import lexicon
from notelint.math.semantics.glossary import glossary
from notelint.math.semantics.symbol_table import unindexed
from notelint.note import Note
from notelint.rule import RuleContext, rule


@rule(code="NL302", name="missing-domain", summary="a glossary entry without a domain", facets=("glossary",))
def missing_domain(note: Note, ctx: RuleContext) -> None:
    r"""
    ## What it does
    Reports a symbol declared in section 2, Notation & Objects, without a domain. A domain is
    any of: a set (`\in \mathbb{R}^{n\times d}`, `\in \{0,1\}^n`, `\in \Delta^{K-1}`,
    `\in \mathbb{S}^d_{++}`, also written after the symbol, `$X$: … in $\mathbb{R}^{n\times d}$`,
    or in a table cell), a bound (`\ge 0`, `> 0`, `\succ 0`), a distribution
    (`\sim \mathcal{N}(0, \sigma^2)`), a map (`f: \mathbb{R}^d \to \mathbb{R}`), a definition
    (`\sigma(z) = 1/(1+e^{-z})`) or words in the description ("positive integer",
    "learning rate", "probability", or a first clause ending in "set" or "space" for a symbol
    that is itself a set: "finite state and action sets", "input space").

    Not reported: functions written as an application (`$\mathcal{L}(w)$: loss`), known
    constants and functions (`e`, `\pi`, `\sigma`), a bare symbol in an entry that begins with
    prose, a symbol that another entry declares with a domain, and an entry of an array that
    its own entry declares with one (`| $s_{n,g}$ | … | $s\in\mathbb{R}^{N\times G}$ |`). A
    map may be given by its sets alone (`| $\varphi''$ | … | $\mathbb{R}\to\mathbb{R}$ |`). A
    note without a glossary is not checked (see NL301).

    ## Why is this bad?
    The standard requires every symbol to have a domain: whether `\lambda` is any real, a
    nonnegative real or a positive integer changes which steps of a derivation are valid.

    ## Example
    ```markdown
    ### 2) Notation & Objects
    - $\mu$: mean of the noise.
    ```

    Use instead:
    ```markdown
    ### 2) Notation & Objects
    - $\mu \in \mathbb{R}$: mean of the noise.
    ```
    """
    table = glossary(note)
    if not table.has_glossary:
        return
    known = lexicon().known_symbols
    # (the entry of each: an entry of an array its own entry declares, "| $s_{n,g}$ | … |
    # $s\in\mathbb{R}^{N\times G}$ |", takes that domain)
    arrays = {
        (d.entry.start, d.key)
        for d in table.declarations
        if d.domain is not None or d.domain_kind is not None
    }
    with_domain = {key for _, key in arrays}
    for d in table.glossary:
        if d.domain is not None or d.domain_kind is not None or d.function_like or d.in_prose:
            continue
        if d.key in with_domain or d.key in known or (d.base in known and d.key == d.base):
            continue
        if d.key != d.base and any((d.entry.start, k) in arrays for k in (d.base, unindexed(d.key))):
            continue  # an entry of the array its own entry declares with a domain
        ctx.report(
            d.span.start,
            d.span.end,
            f"`{d.key}` is declared without a domain; state one, e.g. `{d.key} \\in \\mathbb{{R}}^{{d}}`, "
            f"`{d.key} \\ge 0` or `{d.key} \\sim \\mathcal{{N}}(\\mu, \\sigma^2)`",
        )
