"""``gongkai fix``: safe edits planned on text and applied to text, HTML and Word files."""
from __future__ import annotations
