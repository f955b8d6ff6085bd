/** The stylesheet and script inlined in report.html (render-report.ts), kept apart from the markup. */

/** The report's stylesheet, inlined in its <style> (the CSP allows inline styles only). */
export const REPORT_STYLE = `
:root{--kept:#2e7d32;--duplicate:#ef6c00;--over-quota:#7e57c2;--dropped:#c62828;--unfiltered:#1e88e5;--ink:#1d2330;--muted:#5b6475;--line:#dde2ea;--panel:#f6f8fb}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans CJK SC","PingFang SC",sans-serif;color:var(--ink);background:#fff}
header{padding:20px 28px 12px;border-bottom:1px solid var(--line);background:var(--panel)}
h1{margin:0 0 4px;font-size:22px}
h1 .run-name{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
h2{margin:28px 0 8px;font-size:18px}
h3{margin:16px 0 6px;font-size:15px}
.meta{margin:0 0 12px;color:var(--muted)}
.numbers{display:flex;flex-wrap:wrap;gap:10px;margin:0}
.numbers div{background:#fff;border:1px solid var(--line);border-radius:6px;padding:6px 12px;min-width:110px}
.numbers dt{font-size:12px;color:var(--muted)}
.numbers dd{margin:0;font-size:18px;font-weight:600}
nav{padding:8px 28px;border-bottom:1px solid var(--line);position:sticky;top:0;background:#fff;z-index:2}
nav a{margin-right:16px;color:var(--ink)}
main{padding:0 28px 40px;max-width:1280px}
.note{color:var(--muted)}
.legend{display:flex;flex-wrap:wrap;gap:14px;margin:8px 0}
.legend span,.chart-legend span{display:inline-flex;align-items:center;gap:6px;margin-right:12px}
.swatch{display:inline-block;width:14px;height:10px;border-radius:2px}
.swatch.kept{background:var(--kept)}.swatch.duplicate{background:var(--duplicate)}.swatch.over-quota{background:var(--over-quota)}.swatch.dropped{background:var(--dropped)}.swatch.unfiltered{background:var(--unfiltered)}
.toolbar button{font:inherit;margin-right:8px;padding:3px 10px;border:1px solid var(--line);border-radius:4px;background:var(--panel);cursor:pointer}
details.root{border:1px solid var(--line);border-radius:6px;margin:6px 0;background:#fff}
details.root>summary{cursor:pointer;padding:6px 10px;display:flex;flex-wrap:wrap;gap:4px 14px;align-items:center}
details.root[open]>summary{border-bottom:1px solid var(--line);background:var(--panel)}
.root-id{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-weight:600}
.chips{display:inline-flex;gap:6px}
.chip{font-size:12px;padding:0 6px;border-radius:8px;color:#fff}
.chip.kept{background:var(--kept)}.chip.duplicate{background:var(--duplicate)}.chip.over-quota{background:var(--over-quota)}.chip.dropped{background:var(--dropped)}.chip.unfiltered{background:var(--unfiltered)}
.badge{font-size:12px;padding:0 6px;border-radius:8px;border:1px solid var(--dropped);color:var(--dropped)}
.root-body{padding:6px 10px 10px}
.pass-label{margin:6px 0 2px;font-weight:600;color:var(--muted)}
ul.tree,ul.children{list-style:none;margin:0;padding:0}
ul.children{padding-left:18px;border-left:1px dotted var(--line);margin-left:7px}
.node-row{display:grid;grid-template-columns:14px minmax(120px,38%) 1fr;gap:8px;align-items:center;padding:2px 4px;border-radius:4px;cursor:pointer}
.node-row:hover,.node-row:focus{background:var(--panel);outline:none}
.twisty{width:14px;color:var(--muted);font-size:11px}
li.has-children>.node-row>.twisty::before{content:"▶"}
li.has-children.open>.node-row>.twisty::before{content:"▼"}
.bar-track{display:block;height:12px;background:#eef1f5;border-radius:2px;overflow:hidden}
.bar{display:block;height:100%;min-width:2px;border-radius:2px}
.mark-kept>.node-row .bar{background:var(--kept)}.mark-duplicate>.node-row .bar{background:var(--duplicate)}.mark-over-quota>.node-row .bar{background:var(--over-quota)}.mark-dropped>.node-row .bar{background:repeating-linear-gradient(45deg,var(--dropped) 0 4px,#e57373 4px 8px)}.mark-unfiltered>.node-row .bar{background:var(--unfiltered)}
.node-label{white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.node-label code{color:var(--muted)}
.mark-name{font-size:12px;font-weight:600}
.mark-kept>.node-row .mark-name{color:var(--kept)}.mark-duplicate>.node-row .mark-name{color:var(--duplicate)}.mark-over-quota>.node-row .mark-name{color:var(--over-quota)}.mark-dropped>.node-row .mark-name{color:var(--dropped)}.mark-unfiltered>.node-row .mark-name{color:var(--unfiltered)}
.node-detail{margin:2px 0 6px 22px;padding:6px 10px;border-left:3px solid var(--line);background:var(--panel);max-width:900px}
.node-detail dl{margin:0;display:grid;grid-template-columns:110px 1fr;gap:2px 10px}
.node-detail dt{color:var(--muted)}
.node-detail dd{margin:0;white-space:pre-wrap;overflow-wrap:anywhere}
.charts{display:flex;flex-wrap:wrap;gap:24px}
.chart-box{flex:0 1 590px}
svg.chart{max-width:100%;height:auto;font-size:11px}
svg.chart .grid{stroke:#eef1f5}
svg.chart .axis{stroke:#9aa3b2}
svg.chart .tick{fill:var(--muted)}
svg.chart .axis-label{fill:var(--ink);font-size:12px}
svg.chart .empty{fill:var(--muted);font-size:14px}
.series-0{fill:#90a4ae;background:#90a4ae}
.series-1{fill:var(--kept);background:var(--kept)}
table{border-collapse:collapse;margin:6px 0 10px;min-width:420px}
th,td{border-bottom:1px solid var(--line);padding:4px 10px;text-align:left;vertical-align:top}
th{background:var(--panel);font-weight:600}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
td.wrap{max-width:520px;overflow-wrap:anywhere}
footer{padding:12px 28px;color:var(--muted);border-top:1px solid var(--line)}
`;

/** The report's script, inlined in its <script>: no network, no external file. */
export const REPORT_SCRIPT = `
(function () {
  function setOpen(node, open) {
    node.classList.toggle('open', open);
    if (node.classList.contains('has-children')) node.setAttribute('aria-expanded', open ? 'true' : 'false');
    var children = node.querySelector(':scope > ul.children');
    if (children) children.hidden = !open;
    var detail = node.querySelector(':scope > .node-detail');
    if (detail) detail.hidden = !open;
  }
  function toggle(row) {
    var node = row.parentElement;
    setOpen(node, !node.classList.contains('open'));
  }
  document.addEventListener('click', function (event) {
    var target = event.target;
    if (!(target instanceof Element)) return;
    var row = target.closest('.node-row');
    if (row) { toggle(row); return; }
    var button = target.closest('button[data-action]');
    if (!button) return;
    var open = button.getAttribute('data-action') === 'expand-all';
    document.querySelectorAll('details.root').forEach(function (root) { root.open = open; });
    document.querySelectorAll('li.node').forEach(function (node) { setOpen(node, open); });
  });
  document.addEventListener('keydown', function (event) {
    var target = event.target;
    if (!(target instanceof Element) || !target.classList.contains('node-row')) return;
    if (event.key === 'Enter' || event.key === ' ') { event.preventDefault(); toggle(target); }
  });
})();
`;
