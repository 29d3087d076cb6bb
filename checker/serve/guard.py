"""What keeps the local web page safe: a body-size limit enforced while the upload streams in,
a per-server token on every state-changing request, a refusal of cross-site requests, the
hosts the server answers to, and headers that keep the pages from loading anything else.
"""
from __future__ import annotations

import hmac
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

__all__ = [
    "BODY_SLACK",
    "CSP",
    "BodyLimit",
    "Csrf",
    "SecurityHeaders",
    "allowed_hosts",
    "is_local_host",
]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

BODY_SLACK = 1024 * 1024  # multipart headers, boundaries and the small form fields
CSP = ("default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; "
       "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
_LOCAL = ("127.0.0.1", "localhost", "::1", "[::1]")


def is_local_host(host: str) -> bool:
    """Whether ``host`` is this computer only (loopback)."""
    return host in _LOCAL or host.startswith("127.")


def allowed_hosts(host: str) -> list[str]:
    """Host names a request may carry (a guard against DNS rebinding): the loopback names and
    the one the server was bound to; any name when bound to all interfaces."""
    if host in ("0.0.0.0", "::", ""):
        return ["*"]
    return sorted({*_LOCAL, host.lower()})


class _TooLarge(Exception):
    """The request body went past the limit while it was being received."""


def too_large_response(path: str, limit: int, lang: str) -> Response:
    mb = limit // (1024 * 1024)
    size_zh, size_en = (f"{mb} MB", f"{mb} MB") if mb else (f"{limit} 字节", f"{limit}-byte")
    zh = f"上传的文件超过{size_zh}的上限，未处理。请拆分文档或先提取其文本后再上传。"
    en = (f"The upload is larger than the {size_en} limit and was not processed. "
          "Split the document or extract its text first.")
    text = en if lang == "en" else zh
    if path.startswith("/api/"):
        return JSONResponse({"error": text, "limit_bytes": limit}, status_code=413)
    return HTMLResponse(f"<!DOCTYPE html><meta charset=utf-8><title>413</title><p>{text}</p>"
                        '<p><a href="/">←</a></p>', status_code=413)


class BodyLimit:
    """Refuse (413) a request whose body is larger than ``limit + slack`` bytes (``limit`` is
    the largest file; ``slack`` the form around it): at once when its ``Content-Length`` says
    so, otherwise as soon as the bytes received pass it — the rest is never read, so a large
    upload never fills memory or disk."""

    def __init__(self, app: ASGIApp, limit: int, slack: int = 0, lang: str = "zh") -> None:
        self.app = app
        self.file_limit = limit
        self.limit = limit + slack
        self.lang = lang

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = -1
                if declared > self.limit:
                    refusal = too_large_response(scope["path"], self.file_limit, self.lang)
                    await refusal(scope, receive, send)
                    return
        received = 0
        started = False

        async def limited() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise _TooLarge
            return message

        async def watched(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited, watched)
        except _TooLarge:
            if started:
                raise
            refusal = too_large_response(scope["path"], self.file_limit, self.lang)
            await refusal(scope, receive, send)


class SecurityHeaders:
    """Every response: no framing, no sniffing, no referrer to other sites, pages that load nothing.

    (``no-referrer`` would make browsers send ``Origin: null`` on the page's own forms.)
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [(b"content-security-policy", CSP.encode()),
                            (b"x-content-type-options", b"nosniff"),
                            (b"x-frame-options", b"DENY"),
                            (b"referrer-policy", b"same-origin"),
                            (b"cache-control", b"no-store")]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)


class Csrf:
    """A secret made when the server starts, put in every form; a state-changing request must
    send it back. Requests another site's page makes (``Sec-Fetch-Site: cross-site``, or an
    ``Origin`` that is not this server) are refused whatever they carry."""

    def __init__(self, token: str | None = None) -> None:
        self.token = token or secrets.token_urlsafe(32)

    def cross_site(self, request: Request) -> bool:
        if request.headers.get("sec-fetch-site", "") == "cross-site":
            return True
        origin = request.headers.get("origin")
        if origin is None:
            return False
        host = request.headers.get("host", "")
        return origin not in (f"http://{host}", f"https://{host}")

    def valid(self, request: Request, sent: Any) -> bool:
        """The request comes from this server's own page: same site and the right token."""
        if self.cross_site(request) or not isinstance(sent, str):
            return False
        return hmac.compare_digest(sent.encode(), self.token.encode())
