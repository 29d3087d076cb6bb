"""The statistical tables: row labels (``labels``), the values after each label (``rows``,
``fields``, ``grid``), aligning them to columns (``align``), splitting run-together digits
(``split``, ``choose``, ``gaps``), tables 2–4 (``t2``, ``t3``, ``t4``) and the cell, row and issue
objects of the report (``build``)."""
from __future__ import annotations
