"""The authors' side of ``gongkai serve``: the upload page, ``POST /upload`` and
``POST /api/check``, an upload's page and its downloads (JSON, annotated Word copy, the page)."""
from __future__ import annotations

import secrets
import sys
import traceback
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from checker.errors import GongkaiError
from checker.render.report_view import ReportView, render_report_view
from checker.serve.base import Handlers, attachment
from checker.serve.guard import too_large_response
from checker.serve.pages import nav, t, upload_page
from checker.serve.work import Checked

__all__ = ["Authors"]

_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class Authors(Handlers):
    """Routes for people who check their own report."""

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
                        "No file in the request: send the report as the multipart form field "
                        "'file'.", self.lang)
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
                return JSONResponse({"error": message, "hint": hint, "file": exc.path},
                                    status_code=422)
            return self._error(422, message, hint)
        except Exception as exc:  # a reader bug: say so, log it, keep serving
            traceback.print_exc(file=sys.stderr)
            message = t(f"检查时内部出错：{type(exc).__name__}: {exc}",
                        f"internal error while checking: {type(exc).__name__}: {exc}", self.lang)
            return JSONResponse({"error": message}, 500) if api else self._error(500, message)

    async def home(self, request: Request) -> Response:
        limit_mb = self.limit // (1024 * 1024)
        return HTMLResponse(upload_page(self.csrf.token, self.lang, limit_mb,
                                        self.work.folder is not None,
                                        str(self.work.decisions_path)))

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
            gone = t("这份结果已不在服务器内存中（服务重启过，或之后上传了很多份）。",
                     "This result is no longer held (the server restarted, or many reports were "
                     "uploaded since).", self.lang)
            again = t("请重新上传报告。", "Upload the report again.", self.lang)
            return self._error(404, gone, again)
        return checked

    async def report(self, request: Request) -> Response:
        checked = self._kept(request)
        if isinstance(checked, Response):
            return checked
        key = request.path_params["key"]
        decided = await run_in_threadpool(self.work.decide, checked.result, checked.session)
        downloads = [(t("下载 JSON 结果", "Download the JSON results", self.lang),
                      f"/r/{key}/result.json")]
        if checked.name.lower().endswith(".docx"):
            downloads.append((t("下载带批注的 Word 文档", "Download the Word copy with comments",
                                self.lang), f"/r/{key}/annotated.docx"))
        else:
            downloads.append((t("下载本页（HTML）", "Download this page (HTML)", self.lang),
                              f"/r/{key}/report.html"))
        statuses = {fp: s for fp, (s, _) in decided.decisions.items()}
        view = ReportView(name=checked.name, lines=checked.lines, result=decided.result,
                          dismissed=decided.dismissed, decisions=decided.decisions,
                          downloads=downloads,
                          top=nav(self.lang, self.work.folder is not None),
                          actions=self._actions(lambda fp: f"/r/{key}#f-{fp}", statuses),
                          note=self._decisions_note())
        return HTMLResponse(render_report_view(view, self.lang))

    async def result_json(self, request: Request) -> Response:
        checked = self._kept(request)
        if isinstance(checked, Response):
            return checked
        name = Path(checked.name).stem + ".gongkai.json"
        return Response(checked.json, media_type="application/json; charset=utf-8",
                        headers={"content-disposition": attachment(name)})

    async def annotated(self, request: Request) -> Response:
        checked = self._kept(request)
        if isinstance(checked, Response):
            return checked
        if not checked.name.lower().endswith(".docx"):
            return self._error(404, t("只有 Word（.docx）报告才有带批注的副本。",
                                      "Only a Word (.docx) report has an annotated copy.",
                                      self.lang))
        try:
            import checker.workflows.annotate.docx_comments  # noqa: F401
        except ModuleNotFoundError:
            return self._error(501, t("这个 gongkai 版本不能生成带批注的 Word 文档。",
                                      "This gongkai cannot write Word copies with comments.",
                                      self.lang),
                               t("需要 checker.workflows.annotate 模块和 python-docx："
                                 "请升级 gongkai 并安装 pip install 'gongkai[docx]'。",
                                 "It needs the checker.workflows.annotate module and python-docx: "
                                 "upgrade gongkai and pip install 'gongkai[docx]'.", self.lang))
        decided = await run_in_threadpool(self.work.decide, checked.result, checked.session)
        try:
            data = await run_in_threadpool(self.work.annotated_docx, checked, decided, self.lang)
        except GongkaiError as exc:
            return self._error(422, *self._gongkai_error(exc))
        name = Path(checked.name).stem + "-gongkai.docx"
        return Response(data, media_type=_DOCX, headers={"content-disposition": attachment(name)})

    async def report_html(self, request: Request) -> Response:
        checked = self._kept(request)
        if isinstance(checked, Response):
            return checked
        decided = await run_in_threadpool(self.work.decide, checked.result, checked.session)
        view = ReportView(name=checked.name, lines=checked.lines, result=decided.result,
                          dismissed=decided.dismissed, decisions=decided.decisions)
        name = Path(checked.name).stem + "-gongkai.html"
        return HTMLResponse(render_report_view(view, self.lang),
                            headers={"content-disposition": attachment(name)})
