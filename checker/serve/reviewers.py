"""The reviewers' side of ``gongkai serve`` (with DIR): the batch's live HTML report, one
report's page, and ``POST /decision`` (confirm, dismiss with a reason, undo)."""
from __future__ import annotations

from html import escape
from typing import Any
from urllib.parse import quote, urlencode

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from checker.errors import GongkaiError
from checker.render.html_report import PageExtras, render_html
from checker.render.report_view import ReportView, render_report_view
from checker.serve.base import Handlers, safe_next
from checker.serve.pages import decision_form, nav, t
from checker.workflows import decisions as dec

__all__ = ["Reviewers"]

_BATCH_CSS = """
body{margin:0 24px 24px}header.top{margin:0 -24px}
header.top{background:#24476b;color:#fff;padding:10px 24px;display:flex;gap:18px;align-items:center}
header.top a{color:#fff}header.top .brand{font-weight:600;font-size:16px}\
.muted{color:#666;font-size:13px}
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



class Reviewers(Handlers):
    """Routes for people who score and review a folder of reports."""

    def _no_folder(self) -> Response:
        return self._error(404, t("启动时没有给出报告文件夹。",
                                  "The server was started without a folder.", self.lang),
                           t("用 gongkai serve 文件夹 启动，即可批量评分和审核。",
                             "Start it as gongkai serve DIR to score and review a batch.",
                             self.lang))

    async def batch(self, request: Request) -> Response:
        if self.work.folder is None:
            return self._no_folder()
        summaries = await run_in_threadpool(self.work.summaries)
        lang = self.lang
        statuses = {fp: d.status for fp, d in self.work.decisions().items()}

        def report_link(s: Any) -> str:
            href = "/batch/report?" + urlencode({"path": s.path})
            label = t("打开全文和问题位置", "open the text with the findings marked", lang)
            return f'<p><a class="open" href="{escape(href)}">{escape(label)}</a></p>'

        report_of = {f.fingerprint: s.path for s in summaries for f in (*s.findings, *s.dismissed)}

        def finding(f: Any) -> str:  # after the decision, back to this report, opened
            nxt = "/batch#open=" + quote(report_of.get(f.fingerprint, ""), safe="")
            return decision_form(f.fingerprint, statuses.get(f.fingerprint, ""), nxt,
                                 self.csrf.token, lang)
        top = (nav(lang, True) + '<p class="muted">'
               + escape(self._decisions_note()) + "</p>")
        extras = PageExtras(top=top, report=report_link, finding=finding, script=_BATCH_JS,
                            css=_BATCH_CSS)
        return HTMLResponse(render_html(summaries, lang, self._stale_notes(summaries), extras))

    def _stale_notes(self, summaries: list[Any]) -> list[str]:
        """Decisions that match no finding of the folder, as ``gongkai score`` lists them."""
        from checker.cli.score import _notes

        seen = {fp for s in summaries for fp in s.decided}
        stale = dec.stale(self.work.decisions(), seen)
        return _notes(stale, [], self.work.decisions_path, self.lang)

    async def batch_report(self, request: Request) -> Response:
        if self.work.folder is None:
            return self._no_folder()
        rel = request.query_params.get("path", "")
        found = await run_in_threadpool(self.work.folder_report, rel)
        if found is None:
            return self._error(404, t(f"文件夹中没有这份报告：{rel}",
                                      f"No such report in the folder: {rel}", self.lang),
                               back="/batch")
        _path, value = found
        if not isinstance(value, tuple):
            return self._error(422, t(f"无法读取 {rel}：{value.error}",
                                      f"Cannot read {rel}: {value.error}", self.lang),
                               back="/batch")
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
            fields = {k: form.get(k)
                      for k in ("fingerprint", "status", "reason", "next", "reviewer")}
        back = safe_next(fields["next"])
        fp, status = str(fields["fingerprint"] or ""), str(fields["status"] or "")
        reason = str(fields["reason"] or "").strip()
        reviewer = str(fields["reviewer"]).strip() if fields["reviewer"] else None

        def refuse(message: str, hint: str | None) -> Response:
            if wants_json:
                return JSONResponse({"error": message, "hint": hint}, status_code=400)
            return self._error(400, message, hint, back)

        if status not in (*dec.STATUSES, "clear"):
            return refuse(t("审核决定只能是确认、驳回或撤销。",
                            "A decision is confirm, dismiss or undo.", self.lang), None)
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
