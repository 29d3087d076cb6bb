"""The Starlette application of ``gongkai serve``: its routes and middleware.

==============================  ==================================================================
``GET /``                       the upload page
``POST /upload``                form (``file``, ``csrf``): check, keep the result, open its page
``GET /r/{key}``                an upload's page: score card, findings, marked text, decisions
``GET /r/{key}/result.json``    download: exactly ``gongkai check --format json``
``GET /r/{key}/annotated.docx`` download: the Word copy with the findings as comments
``GET /r/{key}/report.html``    download: the page itself, self-contained (non-Word inputs)
``POST /api/check``             multipart ``file`` → the JSON of ``gongkai check --format json``
``GET /batch``                  with DIR: the batch's scores and findings, live, with forms
``GET /batch/report?path=``     with DIR: one report's page
``POST /decision``              form (``fingerprint``, ``status``, ``reason``, ``csrf``, ``next``)
==============================  ==================================================================

Handlers: :mod:`checker.serve.authors` and :mod:`checker.serve.reviewers`.
"""
from __future__ import annotations

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.routing import Route

from checker.serve.authors import Authors
from checker.serve.guard import BodyLimit, Csrf, SecurityHeaders, allowed_hosts
from checker.serve.reviewers import Reviewers
from checker.serve.work import Work

__all__ = ["create_app"]


def create_app(work: Work, *, lang: str = "zh", host: str = "127.0.0.1", limit: int | None = None,
               token: str | None = None) -> Starlette:
    """The web application over ``work``.

    Args:
        work: what checks and decides (see :class:`checker.serve.work.Work`).
        lang: the pages' language.
        host: the address the server is bound to (the host names it answers to follow).
        limit: the largest upload in bytes (default: the input limit of ``gongkai check``).
        token: the CSRF secret (default: a new random one).
    """
    from checker.files.safeio import MAX_INPUT_BYTES
    from checker.serve.guard import BODY_SLACK

    size = limit if limit is not None else MAX_INPUT_BYTES
    csrf = Csrf(token)
    authors = Authors(work, lang, size, csrf)
    reviewers = Reviewers(work, lang, size, csrf)
    routes = [
        Route("/", authors.home, methods=["GET"]),
        Route("/upload", authors.upload, methods=["POST"]),
        Route("/api/check", authors.api_check, methods=["POST"]),
        Route("/r/{key}", authors.report, methods=["GET"]),
        Route("/r/{key}/result.json", authors.result_json, methods=["GET"]),
        Route("/r/{key}/annotated.docx", authors.annotated, methods=["GET"]),
        Route("/r/{key}/report.html", authors.report_html, methods=["GET"]),
        Route("/batch", reviewers.batch, methods=["GET"]),
        Route("/batch/report", reviewers.batch_report, methods=["GET"]),
        Route("/decision", reviewers.decision, methods=["POST"]),
    ]
    middleware = [Middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts(host)),
                  Middleware(SecurityHeaders),
                  Middleware(BodyLimit, limit=size, slack=BODY_SLACK, lang=lang)]
    starlette = Starlette(routes=routes, middleware=middleware)
    starlette.state.csrf = csrf
    starlette.state.work = work
    return starlette
