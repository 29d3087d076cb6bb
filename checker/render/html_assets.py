"""The inline stylesheet and script of the batch HTML report (no network, no libraries).

The script sorts the report table by a clicked header (numbers numerically, blanks last,
ties in input order), filters by free text and by grade, and opens a report's findings when
its row is clicked or Enter is pressed on it.
"""
from __future__ import annotations

__all__ = ["CSS", "JS"]

# A backslash at the end of a line joins the next line to it: the page's bytes are unchanged.

CSS = """
body{font:14px/1.5 system-ui,"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:24px;color:#222}
h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin-top:28px}
.controls{margin:12px 0;display:flex;gap:8px;align-items:center}
#filter{width:320px;padding:4px 6px}#shown{color:#666}
table{border-collapse:collapse;width:100%}
th,td{border-bottom:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}
th{cursor:pointer;background:#f4f4f4;user-select:none;white-space:nowrap}
th.asc::after{content:" \\25B2"}th.desc::after{content:" \\25BC"}
tr.row{cursor:pointer}tr.row:hover,tr.row.open{background:#eef4ff}
td.c-score,td.c-year,td.c-error,td.c-warning,td.c-info,td.c-findings{text-align:right}
.detail td{background:#fafafa;padding:8px 16px}
ol.findings{padding-left:20px;margin:4px 0}
li.finding{margin:6px 0}li.finding.dismissed{opacity:.55}\
li.finding.dismissed .msg{text-decoration:line-through}
.badge{display:inline-block;padding:0 6px;border-radius:3px;color:#fff;font-size:12px}
.badge.sev-blocker{background:#7a0010}.badge.sev-error{background:#c62828}
.badge.sev-warning{background:#b26a00}.badge.sev-info{background:#2e6da4}
.code{font-weight:600}.status{color:#555;font-style:italic}.points{color:#c62828}
.where,.fp,.cats,.prev{color:#666;font-size:12px}
pre.excerpt{white-space:pre-wrap;background:#fff;border-left:3px solid #ccc;\
padding:4px 8px;margin:4px 0}
mark{background:#ffe066;padding:0 1px}
table.pair{width:100%;table-layout:fixed;margin:4px 0}\
table.pair th{cursor:default;font-weight:normal;color:#555}
table.pair td{white-space:pre-wrap;background:#fff;border:1px solid #e0c0c0;vertical-align:top}
.coverage{color:#555;font-size:12px}#review{margin-top:8px}
.error{color:#c62828}.none{color:#2e7d32}
#rule-chart text{font-size:12px;fill:#333}#rule-chart rect{fill:#4a78b5}
"""

JS = """
(function(){
var table=document.getElementById('reports');
var filter=document.getElementById('filter');
var grade=document.getElementById('grade-filter');
var shown=document.getElementById('shown');
var state={col:-1,dir:1};
function bodies(){return Array.prototype.slice.call(table.tBodies);}
function idx(tb){return +tb.getAttribute('data-i');}
function key(tb,col,type){
  var v=tb.rows[0].cells[col].getAttribute('data-v');
  if(v===''){return null;}
  return type==='num'?parseFloat(v):v;
}
function sortBy(th){
  var col=+th.getAttribute('data-col'),type=th.getAttribute('data-type');
  state.dir=(state.col===col)?-state.dir:1;state.col=col;
  var list=bodies();
  list.sort(function(a,b){
    var x=key(a,col,type),y=key(b,col,type),c;
    if(x===null||y===null){c=(x===null)-(y===null);return c||idx(a)-idx(b);}
    c=(type==='num')?x-y:x.localeCompare(y,'zh');
    return c?c*state.dir:idx(a)-idx(b);
  });
  list.forEach(function(tb){table.appendChild(tb);});
  Array.prototype.forEach.call(table.tHead.rows[0].cells,function(h){
    h.classList.remove('asc','desc');h.removeAttribute('aria-sort');});
  th.classList.add(state.dir>0?'asc':'desc');
  th.setAttribute('aria-sort',state.dir>0?'ascending':'descending');
}
function toggle(tr){
  var d=tr.nextElementSibling,open=d.hidden;
  d.hidden=!open;tr.classList.toggle('open',open);
  tr.setAttribute('aria-expanded',open?'true':'false');
}
function apply(){
  var q=filter.value.trim().toLowerCase(),g=grade.value,n=0,all=bodies();
  all.forEach(function(tb){
    var tr=tb.rows[0];
    var ok=(!q||tr.getAttribute('data-search').indexOf(q)>=0)&&\
(!g||tr.getAttribute('data-grade')===g);
    tb.hidden=!ok;if(ok){n++;}
  });
  shown.textContent=n+' / '+all.length;
}
table.tHead.addEventListener('click',function(e){\
var th=e.target.closest('th');if(th){sortBy(th);}});
table.tHead.addEventListener('keydown',function(e){\
var th=e.target.closest('th');if(th&&e.key==='Enter'){sortBy(th);}});
table.addEventListener('click',function(e){var tr=e.target.closest('tr.row');if(tr){toggle(tr);}});
table.addEventListener('keydown',function(e){\
var tr=e.target.closest('tr.row');if(tr&&e.key==='Enter'){toggle(tr);}});
filter.addEventListener('input',apply);grade.addEventListener('change',apply);
var review=document.getElementById('review');
if(review){
  review.addEventListener('click',function(e){\
var tr=e.target.closest('tr.row');if(tr){toggle(tr);}});
  review.addEventListener('keydown',function(e){\
var tr=e.target.closest('tr.row');if(tr&&e.key==='Enter'){toggle(tr);}});
}
apply();
})();
"""
