"""Agency names compared across years: the usual variants normalised, aliases from configuration.

``normalise_agency`` folds what varies without changing which body is meant: full-width and
half-width forms (NFKC), white space, brackets and quotes, and the common short forms of
organ types (管委会 ≡ 管理委员会, 办 ≡ 办公室 at the end of a name, …). Anything else — a
renamed bureau, a merged office — goes in the configuration's ``[agency_aliases]`` table,
whose keys and values are compared after the same normalisation::

    [agency_aliases]
    "平潭实验区公安局" = "平潭综合实验区公安局"
"""
from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from typing import Any

from checker.files.lazyre import lazy

__all__ = ["SHORT_FORMS", "AgencyMatcher", "normalise_agency"]

_DROP = lazy(r"[\s\u3000()（）\[\]【】〔〕{}<>《》〈〉「」『』\"'“”‘’·・.,，、]+")
# (long form, short form): the short form is rewritten to the long one.
SHORT_FORMS: tuple[tuple[str, str], ...] = (
    ("管理委员会", "管委会"),
    ("人民政府", "政府"),
    ("人民政府办公室", "政府办"),
)
_GOV = lazy(r"(?<!人民)政府")
_GOV_OFFICE = lazy(r"人民政府办(?![公事])")


def normalise_agency(name: Any) -> str:
    """An agency name for matching: NFKC, no spaces, brackets or quotes, long organ names."""
    s = unicodedata.normalize("NFKC", str(name or ""))
    s = _DROP.sub("", s)
    if not s:
        return ""
    s = s.replace("管委会", "管理委员会")
    s = _GOV.sub("人民政府", s)
    s = _GOV_OFFICE.sub("人民政府办公室", s)
    return s


class AgencyMatcher:
    """Normalised names with the configured aliases applied (alias → canonical name)."""

    def __init__(self, aliases: Mapping[str, str] | None = None) -> None:
        self.aliases = {normalise_agency(k): normalise_agency(v) for k, v in (aliases or {}).items()
                        if normalise_agency(k) and normalise_agency(v)}

    def key(self, name: Any) -> str:
        """The matching key of ``name`` (aliases followed once; no chains)."""
        n = normalise_agency(name)
        return self.aliases.get(n, n)
