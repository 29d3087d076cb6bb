"""Workflows on top of the pipeline: batches, fixes, annotated copies, baselines, suppressions,
decisions."""
from __future__ import annotations
