import TuskCommands

/// The page's style sheet: inline, system fonts only, light on purpose (it prints well too).
/// The rules of the output's spans come from ``SpanStyle``, the table every medium shares.
enum NotebookStyle {
    static let css = """
        :root {
          --ink: #1f2430; --muted: #667085; --rule: #e4e7ec; --paper: #ffffff; --tint: #f6f8fb;
          --accent: #3563c9; --error: #b42318; --error-tint: #fef3f2; --warn: #b54708; --pass: #067647;
          --sans: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
          --mono: ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace;
        }
        * { box-sizing: border-box; }
        html { background: var(--paper); color: var(--ink); }
        body { margin: 0; font: 16px/1.6 var(--sans); -webkit-text-size-adjust: 100%; }
        main { max-width: 76rem; margin: 0 auto; padding: 2.5rem 2rem 4rem; }
        h1, h2, h3, h4, h5, h6 { line-height: 1.25; margin: 2.2rem 0 0.8rem; font-weight: 650; }
        h1 { font-size: 2rem; margin-top: 0.5rem; }
        h2 { font-size: 1.45rem; padding-bottom: 0.3rem; border-bottom: 1px solid var(--rule); }
        h3 { font-size: 1.15rem; }
        p, ul, ol, blockquote, table, dl { max-width: 46rem; margin: 0 0 1rem; }
        ul, ol { padding-left: 1.5rem; }
        li + li { margin-top: 0.25rem; }
        a { color: var(--accent); }
        code { font-family: var(--mono); font-size: 0.88em; background: var(--tint); padding: 0.1em 0.3em;
          border-radius: 4px; }
        blockquote { border-left: 3px solid var(--rule); margin-left: 0; padding-left: 1rem; color: var(--muted); }
        table { border-collapse: collapse; }
        th, td { border: 1px solid var(--rule); padding: 0.3rem 0.6rem; text-align: left; }
        hr { border: 0; border-top: 1px solid var(--rule); margin: 2rem 0; }
        pre { font-family: var(--mono); font-size: 13px; line-height: 1.45; margin: 0; overflow-x: auto;
          white-space: pre; tab-size: 4; }
        pre code { background: none; padding: 0; font-size: inherit; }
        pre.code { background: var(--tint); border-radius: 6px; padding: 0.8rem 1rem; margin: 0 0 1rem; }
        header.run { color: var(--muted); font-size: 0.9rem; border-bottom: 1px solid var(--rule);
          margin-bottom: 1.5rem; }
        header.run p { margin-bottom: 0.4rem; }
        dl.parameters { display: grid; grid-template-columns: max-content 1fr; gap: 0.1rem 1rem; font-size: 0.85rem; }
        dl.parameters dt { font-family: var(--mono); }
        dl.parameters dd { margin: 0; }
        section.cell { border: 1px solid var(--rule); border-radius: 8px; margin: 1.2rem 0 1.6rem;
          overflow: hidden; background: var(--paper); }
        section.cell > .note { margin: 0; padding: 0.4rem 1rem; font-size: 0.85rem; color: var(--muted);
          background: var(--tint); border-bottom: 1px solid var(--rule); }
        section.skipped { opacity: 0.7; }
        .step + .step { border-top: 1px solid var(--rule); }
        pre.input { background: var(--tint); padding: 0.55rem 1rem; color: var(--ink); font-weight: 600;
          white-space: pre-wrap; overflow-wrap: anywhere; }
        pre.input .line { display: block; padding-left: 1.2rem; text-indent: -1.2rem; }
        pre.input .prompt { color: var(--accent); user-select: none; }
        pre.output { padding: 0.6rem 1rem; color: #2c3340; white-space: pre-wrap; overflow-wrap: anywhere; }
        pre.output .line { display: block; min-height: 1.45em; padding-left: 4ch; text-indent: -4ch; }
        .error { display: inline-block; min-width: 100%; text-indent: 0; color: var(--error); background: var(--error-tint); }
        \(SpanStyle.css)
        figure.picture { margin: 0; padding: 0.8rem 1rem 1rem; border-top: 1px dashed var(--rule); overflow-x: auto; }
        figure.picture svg { display: block; max-width: 100%; height: auto; }
        @media print { section.cell { break-inside: avoid; } main { max-width: none; } }
        """
}
