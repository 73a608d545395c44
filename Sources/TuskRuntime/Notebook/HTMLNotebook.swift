import TuskCommands
import TuskCore

/// A run as one self-contained HTML page: the prose rendered from its Markdown, each cell's
/// commands and outputs (errors and verdicts highlighted), and a picture after each output that
/// is better looked at than read.
///
/// The page loads nothing: its style is inline, it has no script, it names only system fonts,
/// and its pictures are inline SVG, so it opens the same with no network. Every text is escaped,
/// and the same run gives the same bytes (no date, no random id).
///
///     try HTMLNotebook.page(NotebookRun(scenario, outcomes)).write(toFile: "serving.html", …)
package enum HTMLNotebook {
    package static func page(_ run: NotebookRun) -> String {
        var html = [
            "<!DOCTYPE html>",
            "<html lang=\"en\">",
            "<head>",
            "<meta charset=\"utf-8\">",
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
            "<meta name=\"generator\" content=\"tusk\">",
            "<title>" + Markup.escape(run.title) + "</title>",
            "<style>",
            NotebookStyle.css,
            "</style>",
            "</head>",
            "<body>",
            "<main>",
        ]
        html.append(header(run))
        var prose = MarkdownHTML()
        var cellNumber = 0
        var usedIDs: Set<String> = []
        for block in run.blocks {
            switch block {
            case .prose(let lines):
                html.append(prose.render(lines))
            case .cell(let cell):
                cellNumber += 1
                var id = "cell-\(cellNumber)"
                if let name = cell.options.id, !usedIDs.contains("cell-" + name) { id = "cell-" + name }
                usedIDs.insert(id)
                html.append(self.cell(cell, id: id))
            }
        }
        html += ["</main>", "</body>", "</html>"]
        return html.joined(separator: "\n") + "\n"
    }

    /// Which file this is a run of, and with which parameters.
    static func header(_ run: NotebookRun) -> String {
        var html = "<header class=\"run\">\n<p>A run of <code>" + Markup.escape(run.scenario.path) + "</code>"
        html += run.outcomes.contains { $0.unexpectedError != nil } ? ", with unexpected errors.</p>" : ".</p>"
        if !run.parameters.isEmpty {
            html += "\n<dl class=\"parameters\">"
            for name in run.parameters.keys.sorted() {
                html +=
                    "\n<dt>" + Markup.escape(name) + "</dt><dd><code>" + Markup.escape(run.parameters[name] ?? "")
                    + "</code></dd>"
            }
            html += "\n</dl>"
        }
        return html + "\n</header>"
    }

    static func cell(_ cell: NotebookRun.Cell, id: String) -> String {
        var classes = ["cell"]
        if cell.options.skip || cell.entries.contains(where: { !$0.ran }) { classes.append("skipped") }
        var html = "<section class=\"\(classes.joined(separator: " "))\" id=\"\(Markup.escape(id))\">"
        if cell.options.skip {
            html += "\n<p class=\"note\">skipped: not run; the recorded output is shown</p>"
        } else if cell.entries.contains(where: { !$0.ran }) {
            html += "\n<p class=\"note\">not run: the run stopped before this cell; the recorded output is shown</p>"
        } else if cell.options.ignoreOutput {
            html += "\n<p class=\"note\">output not checked: it varies from run to run</p>"
        }
        for entry in cell.entries {
            html += "\n<div class=\"step\">"
            let lines = entry.command.split(separator: "\n", omittingEmptySubsequences: false)
            html +=
                "\n<pre class=\"input\">"
                + lines.enumerated().map { i, line in
                    "<span class=\"line\"><span class=\"prompt\">\(i == 0 ? "&gt;" : ".") </span>"
                        + Markup.escape(String(line)) + "</span>"
                }.joined() + "</pre>"
            if !entry.output.isEmpty {
                html += "\n<pre class=\"output\">" + output(entry) + "</pre>"
            }
            for picture in entry.pictures {
                html += "\n<figure class=\"picture\">\n" + picture.svg + "\n</figure>"
            }
            html += "\n</div>"
        }
        return html + "\n</section>"
    }

    /// Output lines, escaped, each a block of its own (a line too long for the page wraps under
    /// itself, indented, instead of hiding behind a scrollbar): an error line (a recording's
    /// `! ` lines, shown without the mark) as an error, other lines with their spans' classes
    /// (``SpanStyle``).
    static func output(_ entry: NotebookRun.Entry) -> String {
        let spans = SpanStyle.byLine(entry.spans)
        return entry.output.enumerated().map { index, line in
            let html =
                line.hasPrefix("! ") || line == "!"
                ? "<span class=\"error\">" + Markup.escape(String(line.dropFirst(2))) + "</span>"
                : SpanStyle.html(line, spans[index] ?? [])
            return "<span class=\"line\">" + html + "</span>"
        }.joined()
    }
}
