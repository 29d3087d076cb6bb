"""Originality across a batch: which reports of different bodies share passages.

Three steps, none of which compares every pair:

1. Each worker, while checking a report, keeps its *text profile*: the keys and normalised
   lengths of the counted clauses of its free-text parts (:mod:`checker.textshare`) — a few
   kilobytes, never the text.
2. The parent counts in how many reports each clause occurs (one ``numpy.unique`` over all
   keys). Clauses found in ``template_reports`` or more reports are a template handed down and
   are left out. Each part's remaining clause set gets a MinHash, and locality-sensitive
   hashing (``datasketch.MinHashLSH``) proposes candidate pairs of reports of different bodies;
   each candidate is verified exactly (share of each part's characters found in the other
   report). Pairs at or above the lowest ``min_share`` of the batch rules are kept; the later
   published report is the copier (``role``), the earlier the source; without two different
   dates both are copiers.
3. The reports of kept pairs are checked again with their peers (``ctx.batch``), so that the
   ``originality`` rules report them, with fingerprints, decisions and scores like any other
   finding.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any, Iterable, Sequence

__all__ = ["TextProfile", "BatchSettings", "text_profile", "settings_from_rules", "find_peers",
           "peers_context", "NUM_PERM"]

NUM_PERM = 64
_MASK32 = 0xFFFFFFFF


@dataclass(frozen=True)
class TextProfile:
    """The clause keys (int64) and normalised lengths of each free-text part of one report."""

    parts: tuple[tuple[str, Any, Any], ...]  # (part, keys ndarray, sizes ndarray)


@dataclass(frozen=True)
class BatchSettings:
    """The batch rules' options that the comparison needs."""

    min_share: float = 0.6
    min_chars: int = 40
    template_reports: int = 5
    lsh_threshold: float = 0.3


def text_profile(report: dict[str, Any]) -> TextProfile:
    """The text profile of a report dict (worker side)."""
    import numpy as np

    from checker import textshare as ts
    from checker.report import Report

    rep = Report(report)
    parts = []
    for part, cl in ts.part_clauses(rep).items():
        if cl:
            parts.append((part, np.fromiter((c.key for c in cl), dtype=np.int64, count=len(cl)),
                          np.fromiter((c.size for c in cl), dtype=np.int32, count=len(cl))))
    return TextProfile(tuple(parts))


def settings_from_rules(rules: Iterable[Any]) -> BatchSettings | None:
    """The settings from the selected batch rules (None when no batch rule is selected)."""
    batch = [r for r in rules if r.check == "originality" and r.options.get("against") == "batch"]
    if not batch:
        return None

    def first(key: str, default: Any) -> Any:
        return next((r.options[key] for r in batch if key in r.options), default)

    return BatchSettings(min_share=min(float(r.options["min_share"]) for r in batch),
                         min_chars=int(first("min_chars", 40)),
                         template_reports=int(first("template_reports", 5)),
                         lsh_threshold=float(first("lsh_threshold", 0.3)))


@dataclass(frozen=True)
class _Entry:
    report: int
    part: str
    keys: Any
    sizes: Any


def _template(profiles: Sequence[TextProfile | None], limit: int) -> Any:
    """Keys found in at least ``limit`` reports (sorted int64 array)."""
    import numpy as np

    per_report = [np.unique(np.concatenate([k for _, k, _ in p.parts]))
                  for p in profiles if p is not None and p.parts]
    if not per_report:
        return np.empty(0, dtype=np.int64)
    keys, counts = np.unique(np.concatenate(per_report), return_counts=True)
    return keys[counts >= limit]


def _role(a: str, b: str) -> tuple[str, str]:
    """(role of a, role of b) from the publication dates (ISO strings)."""
    if a and b and a != b:
        return ("copier", "source") if a > b else ("source", "copier")
    return "unknown", "unknown"


def _shares_at_least(entries: list[_Entry], other_keys: Any, settings: BatchSettings) -> bool:
    import numpy as np

    for e in entries:
        total = int(e.sizes.sum())
        if total < settings.min_chars:
            continue
        copied = int(e.sizes[np.isin(e.keys, other_keys)].sum())
        if Fraction(copied, total) >= Fraction(Decimal(str(settings.min_share))):
            return True
    return False


def find_peers(profiles: Sequence[TextProfile | None], agencies: Sequence[str],
               published: Sequence[str], settings: BatchSettings
               ) -> dict[int, tuple[list[tuple[int, str]], Any]]:
    """report index → ([(peer index, this report's role)], template keys in this report).

    ``agencies`` are the reports' agency keys (reports of one body are not compared).
    """
    import numpy as np
    from datasketch import LeanMinHash, MinHash, MinHashLSH

    template = _template(profiles, settings.template_reports)
    by_report: dict[int, list[_Entry]] = {}
    for i, prof in enumerate(profiles):
        if prof is None:
            continue
        for part, keys, sizes in prof.parts:
            keep = ~np.isin(keys, template)
            if int(sizes[keep].sum()) >= settings.min_chars:
                by_report.setdefault(i, []).append(_Entry(i, part, keys[keep], sizes[keep]))

    base = MinHash(num_perm=NUM_PERM, seed=1, hashfunc=int)
    lsh = MinHashLSH(threshold=settings.lsh_threshold, num_perm=NUM_PERM)
    candidates: set[tuple[int, int]] = set()
    for i, entries in by_report.items():
        for n, e in enumerate(entries):
            m = MinHash(num_perm=NUM_PERM, seed=1, hashfunc=int, permutations=base.permutations,
                        scheme=base.scheme)
            m.update_batch((np.unique(e.keys) & _MASK32).tolist())
            lean = LeanMinHash(m)
            for j, _ in lsh.query(lean):
                if j != i and not (agencies[i] and agencies[i] == agencies[j]):
                    candidates.add((min(i, j), max(i, j)))
            lsh.insert((i, n), lean, check_duplication=False)

    out: dict[int, tuple[list[tuple[int, str]], Any]] = {}
    all_keys = {i: np.unique(np.concatenate([e.keys for e in es])) for i, es in by_report.items()}
    for i, j in sorted(candidates):
        if not (_shares_at_least(by_report[i], all_keys[j], settings)
                or _shares_at_least(by_report[j], all_keys[i], settings)):
            continue
        ri, rj = _role(published[i], published[j])
        out.setdefault(i, ([], None))[0].append((j, ri))
        out.setdefault(j, ([], None))[0].append((i, rj))
    for i, (peers, _) in list(out.items()):
        mine = np.concatenate([k for _, k, _ in profiles[i].parts])  # type: ignore[union-attr]
        out[i] = (peers, np.intersect1d(mine, template))
    return out


def peers_context(session: Any, peers: Sequence[tuple[str, str]] | None,
                  template: Sequence[int] = ()) -> dict[str, Any]:
    """``ctx.batch`` for one report: pending (first pass) or its peers, read again."""
    from checker.checks.originality import Peer
    from checker.errors import GongkaiError

    if peers is None:
        return {"pending": True, "peers": (), "template": frozenset()}
    got = []
    for path, role in peers:
        try:
            got.append(Peer(path, session.read(path), role))
        except GongkaiError:
            continue  # the peer became unreadable since the first pass; nothing to compare
    return {"pending": False, "peers": tuple(got), "template": frozenset(template)}
