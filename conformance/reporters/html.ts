import type { RunReport } from './report.ts';
import { caseViews, gateTexts, runTexts } from './report.ts';

/**
 * A self-contained HTML compliance matrix: adapters × families, each cell counting the cases by
 * the level they reached; a cell opens its cases, and a case opens the diff of header and payload.
 * One file, no network: the data is embedded and the page script is plain DOM code.
 */
export function renderHtml(report: RunReport): string {
  const data = {
    tool: report.tool,
    started: report.started,
    finished: report.finished,
    vectorCount: report.vectorCount,
    exitCode: report.gate.exitCode,
    verdict: gateTexts(report).summary,
    adapters: report.runs.map((r) => {
      const texts = runTexts(r);
      return { name: r.name, profile: r.profile ?? null, unavailable: texts.unavailable ?? texts.startError ?? null };
    }),
    cases: caseViews(report),
  };
  // `<` escaped so that no string in the data can close the script element.
  const json = JSON.stringify(data).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>twilio-jwt-conformance report</title>
<style>
  body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5rem; color: #1b1b1b; }
  h1 { font-size: 1.3rem; }
  table.matrix { border-collapse: collapse; margin: 1rem 0; }
  .matrix th, .matrix td { border: 1px solid #ccc; padding: .35rem .6rem; text-align: left; vertical-align: top; }
  .matrix td.cell { cursor: pointer; }
  .matrix td.cell:hover { background: #f3f6ff; }
  .ok { color: #1a7f37; } .bad { color: #cf222e; } .warn { color: #9a6700; } .muted { color: #777; }
  .badge { display: inline-block; margin-right: .4rem; white-space: nowrap; }
  #cases li { cursor: pointer; margin: .15rem 0; }
  #cases li:hover { text-decoration: underline; }
  pre { background: #f6f8fa; padding: .6rem; overflow-x: auto; white-space: pre-wrap; word-break: break-all; }
  mark { background: #ffd8d3; }
  .pane { margin-top: 1rem; }
</style>
</head>
<body>
<h1>twilio-jwt-conformance</h1>
<p id="meta"></p>
<table class="matrix" id="matrix"></table>
<div class="pane"><h2 id="cases-title"></h2><ul id="cases"></ul></div>
<div class="pane" id="diff"></div>
<script type="application/json" id="report-data">${json}</script>
<script>
(function () {
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var esc = function (s) { return String(s).replace(/[&<>"]/g, function (c) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]; }); };
  var families = Array.from(new Set(data.cases.map(function (c) { return c.family; }))).sort();
  document.getElementById('meta').textContent = data.vectorCount + ' vectors · ' + data.started + ' → ' + data.finished +
    ' · exit ' + data.exitCode + ' (' + data.verdict + ')';
  var classOf = function (status) { return status === 'pass' ? 'ok' : status === 'fail' || status === 'error' ? 'bad' : 'muted'; };
  var label = function (c) { return c.status === 'pass' || c.status === 'fail' ? c.status + ':' + (c.level || '') : c.status; };
  var m = document.getElementById('matrix');
  var head = '<tr><th>adapter</th><th>profile</th>' + families.map(function (f) { return '<th>' + esc(f) + '</th>'; }).join('') + '</tr>';
  var rows = data.adapters.map(function (a) {
    if (a.unavailable) return '<tr><td>' + esc(a.name) + '</td><td colspan="' + (families.length + 1) + '" class="warn">' + esc(a.unavailable) + '</td></tr>';
    var cells = families.map(function (f) {
      var mine = data.cases.filter(function (c) { return c.adapter === a.name && c.family === f; });
      var counts = {};
      mine.forEach(function (c) { var k = label(c); counts[k] = (counts[k] || 0) + 1; });
      var body = Object.keys(counts).sort().map(function (k) {
        return '<span class="badge ' + classOf(k.split(':')[0]) + '">' + esc(k) + ' ' + counts[k] + '</span>';
      }).join('') || '<span class="muted">—</span>';
      return '<td class="cell" data-adapter="' + esc(a.name) + '" data-family="' + esc(f) + '">' + body + '</td>';
    }).join('');
    return '<tr><td>' + esc(a.name) + '</td><td>' + esc(a.profile || '-') + '</td>' + cells + '</tr>';
  }).join('');
  m.innerHTML = head + rows;
  var firstDiff = function (a, b) { var i = 0; while (i < a.length && i < b.length && a[i] === b[i]) i++; return i; };
  var marked = function (s, at) { return esc(s.slice(0, at)) + '<mark>' + esc(s.slice(at, at + 1) || ' ') + '</mark>' + esc(s.slice(at + 1)); };
  var showCase = function (c) {
    var d = document.getElementById('diff');
    var parts = ['<h2 id="diff-title">' + esc(c.adapter + ' · ' + c.id) + '</h2>', '<p>' + esc(c.description || '') + '</p>',
      '<p>status <b class="' + classOf(c.status) + '">' + esc(label(c)) + '</b>' + (c.verifies === undefined ? '' : ' · signature ' + (c.verifies ? 'verifies' : 'does not verify')) + '</p>'];
    if (c.detail) parts.push('<pre>' + esc(c.detail) + '</pre>');
    var e = c.expected || {}, g = c.got || {};
    ['header', 'payload'].forEach(function (part) {
      if (e[part] === undefined && g[part] === undefined) return;
      var want = e[part] || '', got = g[part] || '';
      var at = firstDiff(want, got);
      parts.push('<h3>' + part + '</h3><p>expected</p><pre class="want">' + (want === got ? esc(want) : marked(want, at)) + '</pre><p>got</p><pre class="got">' + (want === got ? esc(got) : marked(got, at)) + '</pre>');
    });
    ['error', 'unsupported'].forEach(function (k) { if (e[k] !== undefined) parts.push('<p>expected ' + k + '</p><pre>' + esc(e[k]) + '</pre>'); });
    ['error', 'skipped', 'errored'].forEach(function (k) { if (g[k] !== undefined) parts.push('<p>got ' + k + '</p><pre>' + esc(g[k]) + '</pre>'); });
    d.innerHTML = parts.join('');
  };
  m.addEventListener('click', function (ev) {
    var td = ev.target.closest('td.cell');
    if (!td) return;
    var mine = data.cases.filter(function (c) { return c.adapter === td.dataset.adapter && c.family === td.dataset.family; });
    // Failures first: they are what a reader opens the report for.
    var order = { fail: 0, error: 1, skip: 2, unjudged: 3, pass: 4 };
    mine.sort(function (a, b) { return order[a.status] - order[b.status] || (a.id < b.id ? -1 : 1); });
    document.getElementById('cases-title').textContent = td.dataset.adapter + ' · ' + td.dataset.family + ' (' + mine.length + ')';
    var ul = document.getElementById('cases');
    ul.innerHTML = mine.map(function (c, i) { return '<li data-i="' + i + '" class="' + classOf(c.status) + '">' + esc(label(c) + ' · ' + c.id) + '</li>'; }).join('');
    ul.onclick = function (e2) { var li = e2.target.closest('li'); if (li) showCase(mine[Number(li.dataset.i)]); };
  });
})();
</script>
</body>
</html>
`;
}
