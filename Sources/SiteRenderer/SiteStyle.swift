/// `style.css`: light theme by default, dark when the system asks for it, print styles that
/// drop navigation. System fonts only: no web font, no request leaves the page. The chart
/// series colours (`--lb-series-N`) are brightened for the dark theme.
enum SiteStyle {
    static let css = """
    :root {
      --bg: #ffffff; --fg: #1d2125; --muted: #5d6670; --line: #d9dee3; --panel: #f5f7f9;
      --code-bg: #f6f8fa; --accent: #2457a6; --pass: #1a7f37; --fail: #c62828; --warn: #9a6700;
      --hl-keyword: #a626a4; --hl-string: #2e7d32; --hl-number: #b35900; --hl-comment: #6a737d;
      --hl-type: #0b62a8; --hl-attribute: #8a4b08; --hit-bg: #ffe066; --hit-fg: #000;
    }
    @media (prefers-color-scheme: dark) {
      :root {
        --bg: #16181b; --fg: #e3e6e9; --muted: #9aa4ae; --line: #30353b; --panel: #1e2125;
        --code-bg: #1f2328; --accent: #7fb0ff; --pass: #4cc06a; --fail: #ff6b6b; --warn: #e3b341;
        --hl-keyword: #d787e0; --hl-string: #8fd18b; --hl-number: #f0a45d; --hl-comment: #8b949e;
        --hl-type: #74b9ff; --hl-attribute: #e0b072; --hit-bg: #8a6d00; --hit-fg: #fff;
        --lb-series-0: #7aa6da; --lb-series-1: #f5a35c; --lb-series-2: #f07f80; --lb-series-3: #84c27a;
        --lb-series-4: #c99bbd; --lb-series-5: #95cdc8; --lb-series-6: #f1d672; --lb-series-7: #bf9a84;
      }
    }
    * { box-sizing: border-box; }
    html { color-scheme: light dark; }
    body { margin: 0; background: var(--bg); color: var(--fg); display: flex; align-items: flex-start;
      font: 16px/1.6 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
    a { color: var(--accent); }
    code, pre { font-family: ui-monospace, "SF Mono", Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: 0.88em; }
    /* The skip link is the first Tab stop: fixed and on top when focused, or the sticky
       sidebar (later in the page) would paint over it. */
    .skip { position: absolute; left: -999px; }
    .skip:focus { position: fixed; left: 8px; top: 8px; z-index: 100; background: var(--bg); color: var(--accent);
      padding: 6px 10px; border: 2px solid var(--accent); border-radius: 6px; }
    /* Every Tab stop shows where it is. Inside cells (overflow: hidden, rounded) the ring is
       drawn inwards, so the cell's edge cannot clip it. */
    :focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
    .cell :focus-visible, figure.plot :focus-visible, .table-wrap:focus-visible { outline-offset: -3px; }
    main:focus { outline: none; }
    mark.search-hit { background: var(--hit-bg); color: var(--hit-fg); border-radius: 2px; }
    .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
    .sidebar { position: sticky; top: 0; height: 100vh; overflow-y: auto; width: 280px; flex: none;
      padding: 20px 16px; border-right: 1px solid var(--line); background: var(--panel); font-size: 0.92em; }
    .book-title { font-weight: 700; font-size: 1.1em; margin: 0 0 12px; }
    .book-title a { color: var(--fg); text-decoration: none; }
    .toc, .outline { list-style: none; padding: 0; margin: 0; }
    .toc > li { margin: 2px 0; }
    .toc a { display: block; padding: 3px 6px; border-radius: 4px; color: var(--fg); text-decoration: none; }
    .toc a:hover { background: var(--line); }
    .toc li.current > a { background: var(--accent); color: var(--bg); }
    .toc .num { color: var(--muted); display: inline-block; min-width: 1.4em; }
    .toc li.current .num { color: inherit; }
    .outline { margin: 2px 0 6px 18px; font-size: 0.92em; } .outline a { color: var(--muted); padding: 1px 6px; }
    .search input { width: 100%; padding: 6px 8px; border: 1px solid var(--line); border-radius: 6px;
      background: var(--bg); color: var(--fg); font: inherit; }
    #search-results { list-style: none; padding: 0; margin: 6px 0 12px; }
    #search-results li { padding: 4px 0; border-bottom: 1px solid var(--line); }
    #search-results small, #search-results .result-chapter { display: block; color: var(--muted); }
    #search-results .result-chapter { font-size: 0.85em; }
    #search-results mark { background: var(--hit-bg); color: var(--hit-fg); }
    main { flex: 1; min-width: 0; max-width: 900px; padding: 24px 40px 64px; }
    h1, h2, h3 { line-height: 1.25; } h2 { margin-top: 2em; }
    .anchor { margin-left: 0.4em; color: var(--muted); text-decoration: none; opacity: 0; }
    h2:hover .anchor, h3:hover .anchor, .anchor:focus-visible { opacity: 1; }
    .eyebrow { color: var(--muted); margin: 0; text-transform: uppercase; letter-spacing: 0.06em; font-size: 0.8em; }
    .chapter-head h1 { margin-top: 0.2em; } .summary { color: var(--muted); font-size: 1.08em; }
    .run-info { color: var(--muted); font-size: 0.88em; }
    .badge { display: inline-block; padding: 0 8px; border-radius: 999px; font-size: 0.8em; font-weight: 600;
      border: 1px solid currentColor; }
    .badge.passed { color: var(--pass); } .badge.failed, .badge.compileError, .badge.timedOut { color: var(--fail); }
    .badge.notRun { color: var(--muted); } .badge.expectedFailure { color: var(--warn); }
    .cell { margin: 1.2em 0; border: 1px solid var(--line); border-radius: 8px; overflow: hidden; }
    .cell.status-failed, .cell.status-compileError, .cell.status-timedOut { border-color: var(--fail); }
    .hidden-cell { border-style: dashed; padding: 0 0 4px; }
    .cell-head { display: flex; gap: 10px; align-items: center; padding: 4px 12px; font-size: 0.82em;
      background: var(--panel); border-bottom: 1px solid var(--line); color: var(--muted); }
    .cell-head .where { margin-left: auto; } .cell-id { font-family: ui-monospace, monospace; }
    .tag { border: 1px dashed var(--line); padding: 0 6px; border-radius: 4px; }
    pre { margin: 0; padding: 10px 14px; overflow-x: auto; white-space: pre; }
    pre.code { background: var(--code-bg); }
    pre.stdout, pre.show { border-top: 1px solid var(--line); }
    pre.stderr { border-top: 1px solid var(--line); color: var(--fail); }
    .hl-keyword { color: var(--hl-keyword); } .hl-string { color: var(--hl-string); }
    .hl-number { color: var(--hl-number); } .hl-comment { color: var(--hl-comment); font-style: italic; }
    .hl-type { color: var(--hl-type); } .hl-attribute { color: var(--hl-attribute); }
    figure.plot { margin: 0; padding: 8px 12px; border-top: 1px solid var(--line); color: var(--fg); }
    figure.plot svg { width: 100%; height: auto; max-width: 720px; display: block; margin: 0 auto; }
    /* Below 560 px wide a chart's 12-unit text would shrink under 10.5 px: the chart keeps
       that width and scrolls sideways instead (the page script makes it a Tab stop then). */
    .plot-frame { overflow-x: auto; } .plot-frame svg { min-width: 560px; }
    .plot-data > summary { cursor: pointer; color: var(--muted); font-size: 0.88em; padding: 2px 0; }
    .plot-data .table-wrap { padding: 0; border-top: 0; }
    .table-wrap { overflow-x: auto; }
    table { border-collapse: collapse; margin: 0.8em 0; font-size: 0.92em; }
    th, td { border: 1px solid var(--line); padding: 4px 10px; text-align: left; vertical-align: top; }
    .cell .table-wrap { padding: 0 12px; border-top: 1px solid var(--line); }
    .metrics { display: flex; flex-wrap: wrap; gap: 4px 16px; margin: 0; padding: 6px 14px; font-size: 0.88em;
      border-top: 1px solid var(--line); }
    .metrics div { display: flex; gap: 6px; } .metrics dt { color: var(--muted); } .metrics dd { margin: 0; font-weight: 600; }
    .claims { list-style: none; margin: 0; padding: 6px 14px; border-top: 1px solid var(--line); }
    .claim .mark { font-weight: 700; } .claim.pass .mark { color: var(--pass); } .claim.fail .mark { color: var(--fail); } .claim.inconclusive .mark { color: var(--muted); }
    .claim.fail { color: var(--fail); } .measure { color: var(--muted); font-size: 0.88em; }
    .error, .expected-error, .problems { padding: 8px 14px; border-top: 1px solid var(--line); }
    .error { color: var(--fail); } .expected-error { color: var(--warn); }
    .error .message, .expected-error .message, .problems .message { white-space: pre-wrap; }
    .problems { border: 1px solid var(--fail); border-radius: 8px; color: var(--fail); }
    details.disclosure > summary { cursor: pointer; padding: 6px 12px; font-weight: 600; background: var(--panel); }
    .cell.exercise { border-color: var(--accent); } .cell.solution { border-style: dashed; }
    .pager { display: flex; justify-content: space-between; gap: 16px; margin-top: 48px; padding-top: 16px;
      border-top: 1px solid var(--line); } .pager .next { margin-left: auto; text-align: right; }
    .chapter-list { padding-left: 1.4em; } .chapter-entry { margin: 0 0 1em; }
    .chapter-entry .title { font-weight: 600; font-size: 1.08em; } .chapter-entry p { margin: 2px 0; }
    .facts, .totals { color: var(--muted); font-size: 0.88em; } .some-fail { color: var(--fail); }
    .progress-table td span { display: block; font-size: 0.85em; color: var(--muted); }
    .progress-table meter { width: 100%; } .untouched { color: var(--muted); text-align: center; }
    a.api-link { color: inherit; text-decoration: underline dotted; text-underline-offset: 2px; }
    .api-place, .api-kind, .api-source, .api-undocumented { color: var(--muted); font-size: 0.92em; }
    .api-page h3 { margin-bottom: 0.3em; } .api-list li { margin: 0 0 0.4em; }
    pre.api-declaration { padding: 8px 12px; border-radius: 6px; border: 1px solid var(--line); }
    @media (max-width: 800px) {
      body { display: block; } .sidebar { position: static; width: auto; height: auto; border-right: 0;
        border-bottom: 1px solid var(--line); } main { padding: 16px; }
    }
    @media print {
      :root { --bg: #fff; --fg: #000; --panel: #fff; --code-bg: #fff; }
      body { display: block; font-size: 11pt; } .sidebar, .pager, .skip, .anchor { display: none; }
      main { max-width: none; padding: 0; } a { color: inherit; }
      .cell, figure.plot, table, pre { break-inside: avoid; } pre { white-space: pre-wrap; }
      .plot-frame svg { min-width: 0; } .plot-data { display: none; }
      .print-hint { display: none; }
      .print-chapter { break-before: page; }
    }

    """
}
