"""The marker a picture leaves in the normalised text.

Word and HTML reports show charts as pictures; the text has only their captions. A picture
becomes a line of its own reading :data:`PICTURE`, so that rules can tell a caption with its
chart (SEC015 does not fire) from a caption whose chart is gone.
"""
from __future__ import annotations

__all__ = ["PICTURE"]

PICTURE = "[图片]"
