import { agreement, differences, diffLines, inferenceLines, profileCell, reportModel, type ReportModel, type RunReport } from './report.ts';

/**
 * A self-contained HTML compliance report: the verdict and the differences that recur across
 * failing cases at the top, then the matrix of adapters × families (each cell counting the cases
 * by the level they reached). A cell opens its cases in a list, and a case opens its structural
 * diff beside the list. One file, no network: the data is embedded and the page script is plain
 * DOM code that inserts every text as text.
 */
export function renderHtml(report: RunReport | ReportModel): string {
  const model = reportModel(report);
  const data = {
    tool: model.tool,
    started: model.started,
    finished: model.finished,
    vectorCount: model.vectorCount,
    exitCode: model.gate.exitCode,
    verdict: model.gate.summary,
    adapters: model.adapters.map((a) => ({
      name: a.name,
      label: a.label,
      profile: profileCell(a),
      unavailable: a.unavailable ?? a.startError ?? null,
      inference: inferenceLines(a),
    })),
    differences: differences(model),
    agreement: agreement(model),
    cases: model.cases.map((c) => ({ ...c, diffLines: diffLines(c) })),
  };
  // `<` escaped so that no string in the data can close the script element.
  const json = JSON.stringify(data)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>twilio-jwt-conformance report</title>
<style>
  * { box-sizing: border-box; }
  body { font: 14px/1.4 system-ui, sans-serif; margin: 1rem 1.25rem; color: #1b1b1b; max-width: 100%; }
  h1 { font-size: 1.25rem; margin: 0 0 .25rem; }
  h2 { font-size: 1.05rem; margin: 1rem 0 .4rem; }
  #verdict { font-size: 1.1rem; font-weight: 600; margin: .3rem 0; }
  .summary { border: 1px solid #d0d7de; border-radius: 6px; padding: .6rem .9rem; background: #fbfcfd; }
  .summary table { border-collapse: collapse; }
  .summary td, .summary th { padding: .15rem .6rem .15rem 0; text-align: left; vertical-align: top; }
  .summary td.n { white-space: nowrap; text-align: right; font-variant-numeric: tabular-nums; }
  table.matrix { border-collapse: collapse; margin: .6rem 0; table-layout: fixed; width: 100%; }
  .matrix th, .matrix td { border: 1px solid #ccc; padding: .3rem .45rem; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
  .matrix th.adapter { width: 15rem; } .matrix th.profile { width: 9rem; }
  .matrix td.cell { cursor: pointer; }
  .matrix td.cell:hover { background: #f3f6ff; }
  .ok { color: #1a7f37; } .bad { color: #cf222e; } .warn { color: #9a6700; } .muted { color: #777; }
  .badge { display: inline-block; margin-right: .35rem; white-space: nowrap; font-size: 12.5px; }
  .detail-row { display: grid; grid-template-columns: minmax(16rem, 26rem) minmax(0, 1fr); gap: 1rem; align-items: start; }
  #cases { list-style: none; padding: 0; margin: 0; max-height: 75vh; overflow-y: auto; border: 1px solid #eee; }
  #cases li { cursor: pointer; padding: .15rem .4rem; overflow-wrap: anywhere; }
  #cases li:hover, #cases li.open { background: #eef3ff; }
  pre { background: #f6f8fa; padding: .5rem; overflow-x: auto; white-space: pre-wrap; word-break: break-all; margin: .2rem 0 .6rem; }
  mark { background: #ffd8d3; }
  ul.diff { margin: .2rem 0 .6rem; padding-left: 1.2rem; }
  .note { font-size: 12.5px; color: #9a6700; }
</style>
</head>
<body>
<h1>twilio-jwt-conformance</h1>
<div class="summary" id="summary">
  <div id="verdict"></div>
  <div id="meta" class="muted"></div>
  <div id="differences"></div>
  <div id="inference"></div>
</div>
<table class="matrix" id="matrix"></table>
<div class="detail-row">
  <div><h2 id="cases-title">Open a cell to list its cases</h2><ul id="cases"></ul></div>
  <div id="diff"></div>
</div>
<div id="agreement"></div>
<script type="application/json" id="report-data">${json}</script>
<script>
(function () {
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var esc = function (s) { return String(s).replace(/[&<>"]/g, function (c) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]; }); };
  var labelOf = {};
  data.adapters.forEach(function (a) { labelOf[a.name] = a.label; });
  var families = Array.from(new Set(data.cases.map(function (c) { return c.family; }))).sort();
  var verdict = document.getElementById('verdict');
  verdict.textContent = (data.exitCode === 0 ? '✔ ' : data.exitCode === 1 ? '✘ ' : '⚠ ') + data.verdict + ' (exit ' + data.exitCode + ')';
  verdict.className = data.exitCode === 0 ? 'ok' : data.exitCode === 1 ? 'bad' : 'warn';
  document.getElementById('meta').textContent = data.vectorCount + ' vectors · ' + data.started + ' → ' + data.finished;
  if (data.differences.length) {
    document.getElementById('differences').innerHTML = '<h2>Differences across failing cases</h2><table><tr><th>adapter</th><th>family</th><th>difference</th><th>cases</th></tr>' +
      data.differences.map(function (d) {
        return '<tr><td>' + esc(labelOf[d.adapter] || d.adapter) + '</td><td>' + esc(d.family) + '</td><td>' + esc(d.text) + '</td><td class="n">' + d.count + ' of ' + d.of + '</td></tr>';
      }).join('') + '</table>';
  }
  var inferred = data.adapters.filter(function (a) { return a.inference.length; });
  if (inferred.length) {
    document.getElementById('inference').innerHTML = inferred.map(function (a) {
      return '<h2>' + esc(a.label) + ': profile inferred (it declares none)</h2><ul>' + a.inference.map(function (l) { return '<li>' + esc(l) + '</li>'; }).join('') + '</ul>';
    }).join('');
  }
  var classOf = function (status) { return status === 'pass' ? 'ok' : status === 'fail' || status === 'error' ? 'bad' : 'muted'; };
  var label = function (c) { return c.status === 'pass' || c.status === 'fail' ? c.status + ':' + (c.level || '') : c.status; };
  var m = document.getElementById('matrix');
  var head = '<tr><th class="adapter">adapter</th><th class="profile">profile</th>' + families.map(function (f) { return '<th>' + esc(f) + '</th>'; }).join('') + '</tr>';
  var rows = data.adapters.map(function (a) {
    var name = '<td title="--adapter ' + esc(a.name) + '">' + esc(a.label) + '</td>';
    if (a.unavailable) return '<tr>' + name + '<td colspan="' + (families.length + 1) + '" class="warn">' + esc(a.unavailable) + '</td></tr>';
    var cells = families.map(function (f) {
      var mine = data.cases.filter(function (c) { return c.adapter === a.name && c.family === f; });
      var counts = {};
      mine.forEach(function (c) { var k = label(c); counts[k] = (counts[k] || 0) + 1; });
      var body = Object.keys(counts).sort().map(function (k) {
        return '<span class="badge ' + classOf(k.split(':')[0]) + '">' + esc(k) + ' ' + counts[k] + '</span>';
      }).join('') || '<span class="muted">—</span>';
      return '<td class="cell" data-adapter="' + esc(a.name) + '" data-family="' + esc(f) + '">' + body + '</td>';
    }).join('');
    return '<tr>' + name + '<td>' + esc(a.profile) + '</td>' + cells + '</tr>';
  }).join('');
  m.innerHTML = head + rows;
  if (data.agreement.length) {
    document.getElementById('agreement').innerHTML = '<h2>Agreement (identical answers, on cases both answered)</h2><ul>' + data.agreement.map(function (p) {
      return '<li>' + esc((labelOf[p.a] || p.a) + ' ~ ' + (labelOf[p.b] || p.b)) + ': ' + p.same + '/' + p.both + '</li>';
    }).join('') + '</ul>';
  }
  var firstDiff = function (a, b) { var i = 0; while (i < a.length && i < b.length && a[i] === b[i]) i++; return i; };
  var marked = function (s, at) { return esc(s.slice(0, at)) + '<mark>' + esc(s.slice(at, at + 1) || ' ') + '</mark>' + esc(s.slice(at + 1)); };
  var showCase = function (c) {
    var d = document.getElementById('diff');
    var parts = ['<h2 id="diff-title">' + esc((labelOf[c.adapter] || c.adapter) + ' · ' + c.id) + '</h2>', '<p>' + esc(c.description || '') + '</p>',
      '<p>status <b class="' + classOf(c.status) + '">' + esc(label(c)) + '</b>' + (c.profile ? ' · against profile ' + esc(c.profile) : '') + (c.verifies === undefined ? '' : ' · signature ' + (c.verifies ? 'verifies' : 'does not verify')) + '</p>'];
    if (c.diffLines.length) parts.push('<ul class="diff" id="diff-lines">' + c.diffLines.map(function (l) { return '<li>' + esc(l) + '</li>'; }).join('') + '</ul>');
    if (c.detail) parts.push('<pre class="detail">' + esc(c.detail) + '</pre>');
    var e = c.expected || {}, g = c.got || {};
    ['header', 'payload'].forEach(function (part) {
      if (e[part] === undefined && g[part] === undefined) return;
      var want = e[part] || '', got = g[part] || '';
      var at = firstDiff(want, got);
      var note = function (side) { return (side.latin1 || []).indexOf(part) >= 0 ? ' <span class="note">(not UTF-8: shown as latin1 bytes, as the library wrote them)</span>' : ''; };
      parts.push('<h3>' + part + '</h3><p>expected' + note(e) + '</p><pre class="want">' + (want === got ? esc(want) : marked(want, at)) + '</pre><p>got' + note(g) + '</p><pre class="got">' + (want === got ? esc(got) : marked(got, at)) + '</pre>');
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
    document.getElementById('cases-title').textContent = (labelOf[td.dataset.adapter] || td.dataset.adapter) + ' · ' + td.dataset.family + ' (' + mine.length + ')';
    var ul = document.getElementById('cases');
    ul.innerHTML = mine.map(function (c, i) { return '<li data-i="' + i + '" class="' + classOf(c.status) + '">' + esc(label(c) + ' · ' + c.id) + '</li>'; }).join('');
    ul.onclick = function (e2) {
      var li = e2.target.closest('li');
      if (!li) return;
      Array.prototype.forEach.call(ul.children, function (x) { x.classList.remove('open'); });
      li.classList.add('open');
      showCase(mine[Number(li.dataset.i)]);
    };
  });
})();
</script>
</body>
</html>
`;
}
