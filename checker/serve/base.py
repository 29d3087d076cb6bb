"""What the handlers of ``gongkai serve`` share: the work behind them, the language, the upload
limit, the CSRF token, and the error pages, decision forms and download headers."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from starlette.responses import HTMLResponse, JSONResponse, Response

from checker.errors import GongkaiError
from checker.render.i18n import localise
from checker.serve.guard import Csrf
from checker.serve.pages import decision_form, error_page, t
from checker.serve.work import Work

__all__ = ["Handlers", "attachment", "safe_next"]


def attachment(filename: str) -> str:
    """A Content-Disposition value that downloads as ``filename`` (RFC 6266, UTF-8 names)."""
    ascii_name = "".join(c if (c.isascii() and c.isalnum()) or c in "._-" else "_"
                         for c in filename)
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


def safe_next(value: Any) -> str:
    """Only a path on this server (never another site) is a place to go back to."""
    if not isinstance(value, str) or not value.startswith("/") or value.startswith("//") \
            or "\\" in value or any(ord(c) < 32 for c in value):
        return "/"
    return value


class Handlers:
    """The state and helpers of the request handlers (one instance per server)."""

    def __init__(self, work: Work, lang: str, limit: int, csrf: Csrf) -> None:
        self.work = work
        self.lang = lang
        self.limit = limit
        self.csrf = csrf

    # -- helpers ---------------------------------------------------------------------------
    def _error(self, status: int, message: str, hint: str | None = None,
               back: str = "/") -> HTMLResponse:
        page = error_page(message, hint, self.lang, self.work.folder is not None, back)
        return HTMLResponse(page, status_code=status)

    def _forbidden(self, api: bool = False) -> Response:
        msg = t("请求来自其他网站或页面已过期，已拒绝。请在 gongkai 的页面上刷新后重试。",
                "Refused: the request came from another site or the page is out of date. "
                "Reload gongkai's page and try again.", self.lang)
        if api:
            return JSONResponse({"error": msg}, status_code=403)
        return self._error(403, msg)

    def _gongkai_error(self, exc: GongkaiError) -> tuple[str, str | None]:
        where = f"{exc.path}: " if exc.path else ""
        if exc.where:
            where += f"{exc.where}: "
        hint = localise(exc.hint, self.lang, hint=True) if exc.hint else None
        return where + localise(exc.message, self.lang), hint

    def _actions(self, next_url: Callable[[str], str],
                 statuses: dict[str, str]) -> Callable[[Any], str]:
        def actions(f: Any) -> str:
            return decision_form(f.fingerprint, statuses.get(f.fingerprint, ""),
                                 next_url(f.fingerprint), self.csrf.token, self.lang)
        return actions

    def _decisions_note(self) -> str:
        return t(f"审核决定写入 {self.work.decisions_path}",
                 f"decisions are written to {self.work.decisions_path}", self.lang)
