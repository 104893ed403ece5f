"""The verdict of a CAS job (:class:`Result`: holds, fails, unknown, with its message) and
:func:`guarded`, which turns whatever a decision raises into an *unknown* verdict with its reason.
Worker side (imports SymPy for the errors it recognises).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import sympy as sp
from sympy.core.evalf import PrecisionExhausted

from notelint.math.checking.guards import Unsupported


@dataclass
class Result:
    status: str  # holds | fails | unknown
    message: str = ""
    #: no free symbols and no substituted definition: a purely numeric link as written
    numeric: bool = False
    #: symbol names as written on either side
    symbols: list[str] = field(default_factory=list)
    #: definitions that were substituted
    used: list[str] = field(default_factory=list)
    #: how it was decided: numbers, points, simplify, series
    method: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "message": self.message,
            "numeric": self.numeric,
            "symbols": self.symbols,
            "used": self.used,
            "method": self.method,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Result:
        return cls(
            d["status"],
            d.get("message", ""),
            d.get("numeric", False),
            list(d.get("symbols", [])),
            list(d.get("used", [])),
            d.get("method", ""),
        )


T = TypeVar("T")


def guarded(decide: Callable[[T], Result], job: T) -> Result:
    """``decide(job)``, with what a translation or SymPy raises on bad input as an unknown
    verdict and its reason (shared by the relation check and NL506's follows check)."""
    try:
        return decide(job)
    except Unsupported as exc:
        return Result("unknown", str(exc))
    except (RecursionError, MemoryError):
        return Result("unknown", "expression too large")
    except PrecisionExhausted:
        return Result("unknown", "SymPy could not evaluate it to the precision needed")
    except (
        ValueError,
        TypeError,
        ZeroDivisionError,
        AttributeError,
        NotImplementedError,
        IndexError,
        KeyError,
        sp.PolynomialError,
        sp.SympifyError,
    ) as exc:
        return Result("unknown", f"SymPy could not evaluate it ({type(exc).__name__})")
