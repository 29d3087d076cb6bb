"""Originality across a batch: which reports of different bodies share passages.

Three steps, none of which compares every pair:

1. Each worker, while checking a report, keeps its *text profile*: the keys and normalised
   lengths of the counted clauses of its free-text parts (:mod:`checker.checks.textshare`) — a few
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

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

__all__ = [
    "NUM_PERM",
    "BatchSettings",
    "TextProfile",
    "find_peers",
    "peers_context",
    "settings_from_rules",
    "text_profile",
]

NUM_PERM = 32
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

    from checker.checks import textshare as ts
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


def _flatten(profiles: Sequence[TextProfile | None]
             ) -> tuple[Any, Any, Any, Any, list[tuple[int, str]]]:
    """All parts' clauses in flat arrays: keys, sizes, entry index per clause, report index per
    clause, and (report, part) per entry."""
    import numpy as np

    keys: list[Any] = []  # ndarrays, as numpy is imported only when a batch compares
    sizes: list[Any] = []
    owners: list[Any] = []
    entries: list[tuple[int, str]] = []
    for i, prof in enumerate(profiles):
        if prof is None:
            continue
        for part, k, sz in prof.parts:
            owners.append(np.full(len(k), len(entries), dtype=np.int32))
            entries.append((i, part))
            keys.append(k)
            sizes.append(sz)
    if not entries:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty.astype(np.int32), empty.astype(np.int32), empty.astype(np.int32), []
    entry = np.concatenate(owners)
    report = np.array([e[0] for e in entries], dtype=np.int32)[entry]
    return np.concatenate(keys), np.concatenate(sizes), entry, report, entries


def _template(keys: Any, report: Any, limit: int) -> Any:
    """Keys found in at least ``limit`` different reports (sorted int64 array)."""
    import numpy as np

    if not len(keys):
        return keys
    order = np.lexsort((report, keys))
    k, r = keys[order], report[order]
    first = np.ones(len(k), dtype=bool)
    first[1:] = (k[1:] != k[:-1]) | (r[1:] != r[:-1])  # one per (key, report)
    uniq, counts = np.unique(k[first], return_counts=True)
    return uniq[counts >= limit]


def _role(a: str, b: str) -> tuple[str, str]:
    """(role of a, role of b) from the publication dates (ISO strings)."""
    if a and b and a != b:
        return ("copier", "source") if a > b else ("source", "copier")
    return "unknown", "unknown"


def _shares_at_least(parts: list[list[tuple[int, int]]], other_keys: set[int],
                     need: Fraction, min_chars: int) -> bool:
    """Whether some part has at least ``need`` of its characters in ``other_keys`` (exact)."""
    for part in parts:
        total = sum(size for _, size in part)
        if total < min_chars:
            continue
        copied = sum(size for key, size in part if key in other_keys)
        if copied * need.denominator >= need.numerator * total:
            return True
    return False


def find_peers(profiles: Sequence[TextProfile | None], agencies: Sequence[str],
               published: Sequence[str], settings: BatchSettings
               ) -> dict[int, tuple[list[tuple[int, str]], Any]]:
    """report index → ([(peer index, this report's role)], template keys in this report).

    ``agencies`` are the reports' agency keys (reports of one body are not compared).
    """
    import numpy as np
    from datasketch import MinHash, MinHashLSH

    keys, sizes, entry, report, entries = _flatten(profiles)
    template = _template(keys, report, settings.template_reports)
    keep = ~np.isin(keys, template)
    keys, sizes, entry = keys[keep], sizes[keep], entry[keep]
    # per entry: its clauses (contiguous: entries were laid out in order)
    bounds = np.searchsorted(entry, np.arange(len(entries) + 1))
    live = [n for n in range(len(entries))
            if int(sizes[bounds[n]:bounds[n + 1]].sum()) >= settings.min_chars]

    lsh = MinHashLSH(threshold=settings.lsh_threshold, num_perm=NUM_PERM)
    candidates: set[tuple[int, int]] = set()
    sets = ((np.unique(keys[bounds[n]:bounds[n + 1]]) & _MASK32).tolist() for n in live)
    hashes = MinHash.generator(sets, num_perm=NUM_PERM, seed=1, hashfunc=int)
    for n, m in zip(live, hashes, strict=False):
        i = entries[n][0]
        for other in lsh.query(m):
            j = entries[other][0]
            if j != i and not (agencies[i] and agencies[i] == agencies[j]):
                candidates.add((min(i, j), max(i, j)))
        lsh.insert(n, m, check_duplication=False)
    del lsh

    # exact verification, in plain Python: a part has a few dozen clauses at most
    parts: dict[int, list[list[tuple[int, int]]]] = {}
    for n in live:
        a, b = bounds[n], bounds[n + 1]
        parts.setdefault(entries[n][0], []).append(list(zip(keys[a:b].tolist(),
                                                            sizes[a:b].tolist(), strict=False)))
    union = {i: {k for part in ps for k, _ in part} for i, ps in parts.items()}
    need = Fraction(Decimal(str(settings.min_share)))
    out: dict[int, tuple[list[tuple[int, str]], Any]] = {}
    for i, j in sorted(candidates):
        if not (_shares_at_least(parts[i], union[j], need, settings.min_chars)
                or _shares_at_least(parts[j], union[i], need, settings.min_chars)):
            continue
        ri, rj = _role(published[i], published[j])
        out.setdefault(i, ([], None))[0].append((j, ri))
        out.setdefault(j, ([], None))[0].append((i, rj))
    for i, (peers, _) in list(out.items()):
        # a report in a pair had clauses, so it has a profile (never None here)
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
