"""Configuration: layered files and flags (layers), and what applies to one report (effective)."""
from __future__ import annotations
