"""The HTML of ``gongkai serve`` beyond the report views: the navigation bar, the upload page,
a reviewer's decision form and the error page. Every value is escaped; no network."""
from __future__ import annotations

from html import escape
from typing import Any

from checker.render.report_view import VIEW_CSS

__all__ = ["decision_form", "error_page", "nav", "t", "upload_page"]

_UPLOAD_JS = """
(function(){
var drop=document.getElementById('drop'),input=document.getElementById('file');
var form=document.getElementById('upload'),chosen=document.getElementById('chosen');
function show(){chosen.textContent=input.files.length?input.files[0].name:'';}
input.addEventListener('change',show);
['dragenter','dragover'].forEach(function(n){drop.addEventListener(n,function(e){
  e.preventDefault();drop.classList.add('over');});});
['dragleave','drop'].forEach(function(n){drop.addEventListener(n,function(e){
  e.preventDefault();drop.classList.remove('over');});});
drop.addEventListener('drop',function(e){
  if(e.dataTransfer.files.length){input.files=e.dataTransfer.files;show();form.requestSubmit();}
});
})();
"""

_UPLOAD_CSS = """
.drop{display:block;border:2px dashed #8aa4c4;border-radius:8px;padding:36px;text-align:center;
 background:#f6f9fd;margin:12px 0;max-width:640px}\
.drop.over{background:#e3edf9;border-color:#24476b}
#chosen{display:block;margin-top:8px;color:#24476b;word-break:break-all}
button{padding:4px 14px}.muted{color:#666;font-size:13px}code{background:#f3f3f3;padding:0 3px}
"""


def t(zh: str, en: str, lang: str) -> str:
    return en if lang == "en" else zh


def _e(value: Any) -> str:
    return escape("" if value is None else str(value), quote=True)


def nav(lang: str, has_folder: bool) -> str:
    """The bar at the top of every page."""
    links = [f'<a href="/">{_e(t("检查一份报告", "Check a report", lang))}</a>']
    if has_folder:
        batch = t("批量评分与审核", "Batch scores and review", lang)
        links.append(f'<a href="/batch">{_e(batch)}</a>')
    return f'<header class="top"><span class="brand">gongkai</span>{"".join(links)}</header>'


def _page(title: str, body: str, lang: str, css: str = "", script: str = "") -> str:
    tail = f"<script>{script}</script>" if script else ""
    return (f'<!DOCTYPE html><html lang="{"en" if lang == "en" else "zh-CN"}"><head>'
            '<meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{_e(title)}</title><style>{VIEW_CSS}{css}</style></head><body>"
            f"{body}{tail}</body></html>\n")


def upload_page(csrf: str, lang: str, limit_mb: int, has_folder: bool, decisions_file: str) -> str:
    """``GET /``: drop or choose a report; it is checked and its page opens."""
    title = t("检查政府信息公开工作年度报告", "Check an annual report", lang)
    intro = t(f"选择或拖入一份报告（.txt、.html、.docx、.pdf，不超过{limit_mb} MB），"
              "即可看到评分和每个问题在文中的位置，并可下载 JSON 结果和带批注的 Word 文档。",
              f"Choose or drop a report (.txt, .html, .docx or .pdf, at most {limit_mb} MB) to see "
              "its score and where each finding is in its text, and to download the JSON results "
              "and a Word copy with the findings as comments.", lang)
    drop = t("把报告文件拖到这里，或点击选择文件",
             "Drop a report file here, or click to choose one", lang)
    privacy = t("上传的文件只在检查时写入临时文件夹，检查完立即删除；"
                "页面只保留最近几份的结果，服务停止即清除。",
                "An uploaded file is written only to a temporary folder while it is checked and "
                "deleted at once; the page keeps the last few results in memory until the "
                "server stops.", lang)
    written_to = t("审核决定写入：", "Reviewer decisions are written to: ", lang)
    api = t("（multipart 表单，字段 file）返回与 gongkai check --format json 相同的 JSON。",
            "(multipart form, field file) returns the JSON of gongkai check --format json.", lang)
    body = f"""{nav(lang, has_folder)}<main><h1>{_e(title)}</h1>
<p>{_e(intro)}</p>
<form id="upload" method="post" action="/upload" enctype="multipart/form-data">
<input type="hidden" name="csrf" value="{_e(csrf)}">
<label id="drop" class="drop">{_e(drop)}
<br><input type="file" name="file" id="file" accept=".txt,.html,.htm,.docx,.pdf,.json" required>
<span id="chosen"></span></label>
<button type="submit" id="check">{_e(t("检查", "Check", lang))}</button></form>
<p class="muted">{_e(privacy)}</p>
<p class="muted">{_e(written_to)}<code>{_e(decisions_file)}</code></p>
<p class="muted">API: <code>POST /api/check</code> {_e(api)}</p>
</main>"""
    return _page(title, body, lang, _UPLOAD_CSS, _UPLOAD_JS)


def decision_form(fingerprint: str, status: str, next_url: str, csrf: str, lang: str) -> str:
    """Confirm or dismiss one finding (a reason is required to dismiss), or undo a decision."""
    undo = ('<button name="status" value="clear" class="clear">'
            f'{_e(t("撤销审核决定", "Undo", lang))}</button>' if status else "")
    return (f'<form class="decide" method="post" action="/decision">'
            f'<input type="hidden" name="csrf" value="{_e(csrf)}">'
            f'<input type="hidden" name="fingerprint" value="{_e(fingerprint)}">'
            f'<input type="hidden" name="next" value="{_e(next_url)}">'
            f'<input type="text" name="reason" maxlength="500" '
            f'placeholder="{_e(t("理由（驳回时必填）", "reason (needed to dismiss)", lang))}">'
            '<button name="status" value="dismissed" class="dismiss">'
            f'{_e(t("驳回", "Dismiss", lang))}</button>'
            '<button name="status" value="confirmed" class="confirm">'
            f'{_e(t("确认", "Confirm", lang))}</button>'
            f"{undo}</form>")


def error_page(message: str, hint: str | None, lang: str, has_folder: bool, back: str = "/") -> str:
    """A page that says what went wrong and what to do."""
    title = t("无法完成", "Could not do that", lang)
    hint_html = f'<p class="muted">{_e(hint)}</p>' if hint else ""
    body = (f'{nav(lang, has_folder)}<main><h1>{_e(title)}</h1>'
            f'<p class="error" id="error">{_e(message)}</p>'
            f'{hint_html}<p><a href="{_e(back)}">{_e(t("返回", "Back", lang))}</a></p></main>')
    return _page(title, body, lang, _UPLOAD_CSS)
