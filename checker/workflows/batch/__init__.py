"""Batch scoring: many files, a process pool or a Dask cluster, score sheets, originality across
the batch."""
from __future__ import annotations
