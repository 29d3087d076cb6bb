"""The Starlette application of ``gongkai serve``: routes, forms and responses.

==========================  =====================================================================
``GET /``                   the upload page
``POST /upload``            form (``file``, ``csrf``): check, keep the result, open its page
``GET /r/{key}``            an upload's page: score card, findings, text marked; decision forms
``GET /r/{key}/result.json``      download: exactly ``gongkai check --format json``
``GET /r/{key}/annotated.docx``   download: the Word copy with the findings as comments
``GET /r/{key}/report.html``      download: the page itself, self-contained (non-Word inputs)
``POST /api/check``         multipart field ``file`` → the JSON of ``gongkai check --format json``
``GET /batch``              with DIR: the batch's score table and findings, live, with forms
``GET /batch/report?path=``  with DIR: one report's page
``POST /decision``          form (``fingerprint``, ``status``, ``reason``, ``csrf``, ``next``)
==========================  =====================================================================
"""
from __future__ import annotations

import secrets
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from checker import decisions as dec
from checker.errors import GongkaiError
from checker.i18n import localise
from checker.render.html_report import PageExtras, render_html
from checker.render.report_view import ReportView, render_report_view
from checker.serve.guard import BodyLimit, Csrf, SecurityHeaders, allowed_hosts, too_large_response
from checker.serve.pages import decision_form, error_page, nav, t, upload_page
from checker.serve.work import Checked, Work

__all__ = ["create_app"]

_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_BATCH_CSS = """
body{margin:0}body>h1,body>p,body>.controls,body>table,body>h2,body>svg,body>ul{margin-left:24px;
 margin-right:24px}body>h1{margin-top:16px}
header.top{background:#24476b;color:#fff;padding:10px 24px;display:flex;gap:18px;align-items:center}
header.top a{color:#fff}header.top .brand{font-weight:600;font-size:16px}.muted{color:#666;font-size:13px}
form.decide{display:flex;gap:6px;flex-wrap:wrap;margin-top:4px}
form.decide input[type=text]{flex:1;min-width:10em;max-width:32em;padding:2px 4px}
"""
_BATCH_JS = """
(function(){
var m=/[#&]open=([^&]*)/.exec(location.hash);if(!m){return;}
var want=decodeURIComponent(m[1]);
Array.prototype.forEach.call(document.querySelectorAll('tr.row'),function(tr){
  if(tr.cells[0].getAttribute('data-v')===want&&!tr.classList.contains('open')){tr.click();
   tr.scrollIntoView();}
});
})();
"""


def _attachment(filename: str) -> str:
    ascii_name = "".join(c if c.isascii() and c.isalnum() or c in "._-" else "_" for c in filename)
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


def _safe_next(value: Any) -> str:
    """Only a path on this server (never another site) is a place to go back to."""
    if not isinstance(value, str) or not value.startswith("/") or value.startswith("//") \
            or "\\" in value or any(ord(c) < 32 for c in value):
        return "/"
    return value


class _App:
    def __init__(self, work: Work, lang: str, limit: int, csrf: Csrf) -> None:
        self.work = work
        self.lang = lang
        self.limit = limit
        self.csrf = csrf

    # -- helpers ---------------------------------------------------------------------------
    def _error(self, status: int, message: str, hint: str | None = None, back: str = "/") -> HTMLResponse:
        return HTMLResponse(error_page(message, hint, self.lang, self.work.folder is not None, back),
                            status_code=status)

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

    async def _upload(self, request: Request, need_token: bool) -> tuple[str, bytes] | Response:
        """The uploaded file's (name, bytes), or the response that refuses the request."""
        api = request.url.path.startswith("/api/")
        if self.csrf.cross_site(request):
            return self._forbidden(api)
        async with request.form(max_files=1, max_fields=8) as form:
            if need_token and not self.csrf.valid(request, form.get("csrf")):
                return self._forbidden(api)
            upload = form.get("file")
            if not isinstance(upload, UploadFile):
                msg = t("请求中没有文件：请用 multipart 表单的 file 字段上传报告。",
                        "No file in the request: send the report as the multipart form field 'file'.",
                        self.lang)
                return JSONResponse({"error": msg}, 400) if api else self._error(400, msg)
            if upload.size is not None and upload.size > self.limit:
                return too_large_response(request.url.path, self.limit, self.lang)
            data = await upload.read()
            name = upload.filename or "upload"
        if len(data) > self.limit:
            return too_large_response(request.url.path, self.limit, self.lang)
        return name, data

    async def _check(self, name: str, data: bytes, api: bool) -> Checked | Response:
        try:
            return await run_in_threadpool(self.work.check_upload, name, data)
        except GongkaiError as exc:
            message, hint = self._gongkai_error(exc)
            if api:
                return JSONResponse({"error": message, "hint": hint, "file": exc.path}, status_code=422)
            return self._error(422, message, hint)
        except Exception as exc:  # noqa: BLE001 — a reader bug: say so, log it, keep serving
            traceback.print_exc(file=sys.stderr)
            message = t(f"检查时内部出错：{type(exc).__name__}: {exc}",
                        f"internal error while checking: {type(exc).__name__}: {exc}", self.lang)
            return JSONResponse({"error": message}, 500) if api else self._error(500, message)

    # -- authors ---------------------------------------------------------------------------
    async def home(self, request: Request) -> Response:
        limit_mb = self.limit // (1024 * 1024)
        return HTMLResponse(upload_page(self.csrf.token, self.lang, limit_mb,
                                        self.work.folder is not None, str(self.work.decisions_path)))

    async def api_check(self, request: Request) -> Response:
        got = await self._upload(request, need_token=False)
        if isinstance(got, Response):
            return got
        checked = await self._check(*got, api=True)
        if isinstance(checked, Response):
            return checked
        return Response(checked.json, media_type="application/json; charset=utf-8")

    async def upload(self, request: Request) -> Response:
        got = await self._upload(request, need_token=True)
        if isinstance(got, Response):
            return got
        checked = await self._check(*got, api=False)
        if isinstance(checked, Response):
            return checked
        key = secrets.token_urlsafe(16)
        self.work.keep(key, checked)
        return RedirectResponse(f"/r/{key}", status_code=303)

    def _kept(self, request: Request) -> Checked | Response:
        checked = self.work.upload(request.path_params["key"])
        if checked is None:
            return self._error(404, t("这份结果已不在服务器内存中（服务重启过，或之后上传了很多份）。",
                                      "This result is no longer held (the server restarted, or many "
                                      "reports were uploaded since).", self.lang),
                               t("请重新上传报告。", "Upload the report again.", self.lang))
        return checked

    def _actions(self, next_url: Callable[[str], str], statuses: dict[str, str]) -> Callable[[Any], str]:
        def actions(f: Any) -> str:
            return decision_form(f.fingerprint, statuses.get(f.fingerprint, ""), next_url(f.fingerprint),
                                 self.csrf.token, self.lang)
        return actions

    async def report(self, request: Request) -> Response:
        checked = self._kept(request)
        if isinstance(checked, Response):
            return checked
        key = request.path_params["key"]
        decided = await run_in_threadpool(self.work.decide, checked.result, checked.session)
        downloads = [(t("下载 JSON 结果", "Download the JSON results", self.lang), f"/r/{key}/result.json")]
        if checked.name.lower().endswith(".docx"):
            downloads.append((t("下载带批注的 Word 文档", "Download the Word copy with comments", self.lang),
                              f"/r/{key}/annotated.docx"))
        else:
            downloads.append((t("下载本页（HTML）", "Download this page (HTML)", self.lang),
                              f"/r/{key}/report.html"))
        statuses = {fp: s for fp, (s, _) in decided.decisions.items()}
        view = ReportView(name=checked.name, lines=checked.lines, result=decided.result,
                          dismissed=decided.dismissed, decisions=decided.decisions, downloads=downloads,
                          top=nav(self.lang, self.work.folder is not None),
                          actions=self._actions(lambda fp: f"/r/{key}#f-{fp}", statuses),
                          note=self._decisions_note())
        return HTMLResponse(render_report_view(view, self.lang))

    def _decisions_note(self) -> str:
        return t(f"审核决定写入 {self.work.decisions_path}", f"decisions are written to {self.work.decisions_path}",
                 self.lang)

    async def result_json(self, request: Request) -> Response:
        checked = self._kept(request)
        if isinstance(checked, Response):
            return checked
        name = Path(checked.name).stem + ".gongkai.json"
        return Response(checked.json, media_type="application/json; charset=utf-8",
                        headers={"content-disposition": _attachment(name)})

    async def annotated(self, request: Request) -> Response:
        checked = self._kept(request)
        if isinstance(checked, Response):
            return checked
        if not checked.name.lower().endswith(".docx"):
            return self._error(404, t("只有 Word（.docx）报告才有带批注的副本。",
                                      "Only a Word (.docx) report has an annotated copy.", self.lang))
        try:
            import checker.annotate.docx_comments  # noqa: F401
        except ModuleNotFoundError:
            return self._error(501, t("这个 gongkai 版本不能生成带批注的 Word 文档。",
                                      "This gongkai cannot write Word copies with comments.", self.lang),
                               t("请安装包含 checker.annotate 的版本：pip install 'gongkai[docx]'",
                                 "Install a gongkai that has checker.annotate: pip install 'gongkai[docx]'",
                                 self.lang))
        decided = await run_in_threadpool(self.work.decide, checked.result, checked.session)
        try:
            data = await run_in_threadpool(self.work.annotated_docx, checked, decided, self.lang)
        except GongkaiError as exc:
            return self._error(422, *self._gongkai_error(exc))
        name = Path(checked.name).stem + "-gongkai.docx"
        return Response(data, media_type=_DOCX, headers={"content-disposition": _attachment(name)})

    async def report_html(self, request: Request) -> Response:
        checked = self._kept(request)
        if isinstance(checked, Response):
            return checked
        decided = await run_in_threadpool(self.work.decide, checked.result, checked.session)
        view = ReportView(name=checked.name, lines=checked.lines, result=decided.result,
                          dismissed=decided.dismissed, decisions=decided.decisions)
        name = Path(checked.name).stem + "-gongkai.html"
        return HTMLResponse(render_report_view(view, self.lang),
                            headers={"content-disposition": _attachment(name)})

    # -- reviewers -------------------------------------------------------------------------
    def _no_folder(self) -> Response:
        return self._error(404, t("启动时没有给出报告文件夹。", "The server was started without a folder.",
                                  self.lang),
                           t("用 gongkai serve 文件夹 启动，即可批量评分和审核。",
                             "Start it as gongkai serve DIR to score and review a batch.", self.lang))

    async def batch(self, request: Request) -> Response:
        if self.work.folder is None:
            return self._no_folder()
        summaries = await run_in_threadpool(self.work.summaries)
        lang = self.lang
        statuses = {fp: d.status for fp, d in self.work.decisions().items()}

        def report_link(s: Any) -> str:
            href = "/batch/report?" + urlencode({"path": s.path})
            label = t("打开全文和问题位置", "open the text with the findings marked", lang)
            return f'<p><a class="open" href="{_esc(href)}">{_esc(label)}</a></p>'

        current: dict[str, str] = {}

        def finding(f: Any) -> str:
            nxt = "/batch#" + urlencode({"open": current.get(f.fingerprint, "")})
            return decision_form(f.fingerprint, statuses.get(f.fingerprint, ""), nxt, self.csrf.token, lang)

        for s in summaries:
            for f in (*s.findings, *s.dismissed):
                current[f.fingerprint] = s.path
        top = (nav(lang, True) + '<p class="muted" style="margin:8px 24px">'
               + _esc(self._decisions_note()) + "</p>")
        extras = PageExtras(top=top, report=report_link, finding=finding, script=_BATCH_JS,
                            css=_BATCH_CSS)
        return HTMLResponse(render_html(summaries, lang, self._stale_notes(summaries), extras))

    def _stale_notes(self, summaries: list[Any]) -> list[str]:
        """Decisions that match no finding of the folder, as ``gongkai score`` lists them."""
        from checker.cli_review import _notes

        seen = {fp for s in summaries for fp in s.decided}
        stale = dec.stale(self.work.decisions(), seen)
        return _notes(stale, [], self.work.decisions_path, self.lang)

    async def batch_report(self, request: Request) -> Response:
        if self.work.folder is None:
            return self._no_folder()
        rel = request.query_params.get("path", "")
        found = await run_in_threadpool(self.work.folder_report, rel)
        if found is None:
            return self._error(404, t(f"文件夹中没有这份报告：{rel}", f"No such report in the folder: {rel}",
                                      self.lang), back="/batch")
        _path, value = found
        if not isinstance(value, tuple):
            return self._error(422, t(f"无法读取 {rel}：{value.error}", f"Cannot read {rel}: {value.error}",
                                      self.lang), back="/batch")
        result, lines = value
        session = await run_in_threadpool(self.work.folder_session)
        decided = await run_in_threadpool(self.work.decide, result, session)
        here = "/batch/report?" + urlencode({"path": rel})
        statuses = {fp: s for fp, (s, _) in decided.decisions.items()}
        view = ReportView(name=rel, lines=lines, result=decided.result, dismissed=decided.dismissed,
                          decisions=decided.decisions, top=nav(self.lang, True),
                          actions=self._actions(lambda fp: f"{here}#f-{fp}", statuses),
                          note=self._decisions_note())
        return HTMLResponse(render_report_view(view, self.lang))

    async def decision(self, request: Request) -> Response:
        wants_json = "application/json" in request.headers.get("accept", "")
        if self.csrf.cross_site(request):
            return self._forbidden(wants_json)
        async with request.form(max_files=0, max_fields=8) as form:
            if not self.csrf.valid(request, form.get("csrf")):
                return self._forbidden(wants_json)
            fields = {k: form.get(k) for k in ("fingerprint", "status", "reason", "next", "reviewer")}
        back = _safe_next(fields["next"])
        fp, status = str(fields["fingerprint"] or ""), str(fields["status"] or "")
        reason = str(fields["reason"] or "").strip()
        reviewer = str(fields["reviewer"]).strip() if fields["reviewer"] else None

        def refuse(message: str, hint: str | None) -> Response:
            if wants_json:
                return JSONResponse({"error": message, "hint": hint}, status_code=400)
            return self._error(400, message, hint, back)

        if status not in (*dec.STATUSES, "clear"):
            return refuse(t("审核决定只能是确认、驳回或撤销。", "A decision is confirm, dismiss or undo.",
                            self.lang), None)
        if status == "dismissed" and not reason:
            return refuse(t("驳回需要写明理由。", "A dismissal needs a reason.", self.lang),
                          t("在“理由”栏写明为什么这不是问题，再点“驳回”。",
                            "Write why this is not a defect in the reason box, then press Dismiss.",
                            self.lang))
        try:
            await run_in_threadpool(dec.set_decision, self.work.decisions_path, fp,
                                    None if status == "clear" else status, reason, reviewer)
        except GongkaiError as exc:
            return refuse(*self._gongkai_error(exc))
        if wants_json:
            return JSONResponse({"fingerprint": fp, "status": status, "reason": reason})
        return RedirectResponse(back, status_code=303)


def _esc(value: str) -> str:
    from html import escape

    return escape(value, quote=True)


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
    from checker.api import MAX_INPUT_BYTES
    from checker.serve.guard import BODY_SLACK

    size = limit if limit is not None else MAX_INPUT_BYTES
    app = _App(work, lang, size, Csrf(token))
    routes = [
        Route("/", app.home, methods=["GET"]),
        Route("/upload", app.upload, methods=["POST"]),
        Route("/api/check", app.api_check, methods=["POST"]),
        Route("/r/{key}", app.report, methods=["GET"]),
        Route("/r/{key}/result.json", app.result_json, methods=["GET"]),
        Route("/r/{key}/annotated.docx", app.annotated, methods=["GET"]),
        Route("/r/{key}/report.html", app.report_html, methods=["GET"]),
        Route("/batch", app.batch, methods=["GET"]),
        Route("/batch/report", app.batch_report, methods=["GET"]),
        Route("/decision", app.decision, methods=["POST"]),
    ]
    middleware = [Middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts(host)),
                  Middleware(SecurityHeaders),
                  Middleware(BodyLimit, limit=size, slack=BODY_SLACK, lang=lang)]
    starlette = Starlette(routes=routes, middleware=middleware)
    starlette.state.csrf = app.csrf
    starlette.state.work = work
    return starlette
