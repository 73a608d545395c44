import TuskCommands

/// Markdown to HTML for what scenarios write between cells: ATX and setext headings,
/// paragraphs, `*emphasis*` and `**strong**`, `` `code` ``, links, lists, block quotes, fenced
/// code, pipe tables and rules.
///
/// Written here rather than taken from a package: scenarios use a small subset, every piece of
/// text must come out escaped (raw HTML in prose is shown as text, never passed through), and a
/// link may not run a script. A construct outside the subset comes out as its escaped text.
///
///     MarkdownHTML.render(["# Title", "", "Some *prose* with `code`."])
///     // <h1 id="title">Title</h1>\n<p>Some <em>prose</em> with <code>code</code>.</p>
package struct MarkdownHTML {
    /// Heading ids already given, so two headings with the same text get distinct anchors.
    private var slugs: [String: Int] = [:]

    package init() {}

    /// One document's worth of prose blocks, rendered in order with unique heading ids.
    package mutating func render(_ lines: [String]) -> String {
        blocks(lines[...]).joined(separator: "\n")
    }

    /// A single block of prose, with a fresh set of heading ids.
    package static func render(_ lines: [String]) -> String {
        var renderer = MarkdownHTML()
        return renderer.render(lines)
    }

    // MARK: - Blocks

    private mutating func blocks(_ lines: ArraySlice<String>) -> [String] {
        var out: [String] = []
        var paragraph: [String] = []
        func endParagraph() {
            if !paragraph.isEmpty {
                out.append(
                    "<p>" + Self.inline(paragraph.map { $0.trimmingCharacters(in: " ") }.joined(separator: "\n"))
                        + "</p>")
            }
            paragraph = []
        }
        var index = lines.startIndex
        while index < lines.endIndex {
            let line = lines[index]
            let trimmed = line.trimmingCharacters(in: " ")
            if trimmed.isEmpty {
                endParagraph()
                index += 1
                continue
            }
            // A setext heading underlines the paragraph above it.
            if !paragraph.isEmpty, Self.isUnderline(trimmed) {
                let text = paragraph.map { $0.trimmingCharacters(in: " ") }.joined(separator: " ")
                paragraph = []
                out.append(heading(level: trimmed.hasPrefix("=") ? 1 : 2, text))
                index += 1
                continue
            }
            if let fence = Self.fence(trimmed) {
                endParagraph()
                var code: [String] = []
                index += 1
                while index < lines.endIndex, !lines[index].trimmingCharacters(in: " ").hasPrefix(fence.marker) {
                    code.append(lines[index])
                    index += 1
                }
                index += 1
                let language = fence.language.isEmpty ? "" : " class=\"language-\(Markup.escape(fence.language))\""
                out.append(
                    "<pre class=\"code\"><code\(language)>" + code.map(Markup.escape).joined(separator: "\n")
                        + "</code></pre>")
                continue
            }
            if let (level, text) = Self.atxHeading(trimmed) {
                endParagraph()
                out.append(heading(level: level, text))
                index += 1
                continue
            }
            if paragraph.isEmpty, Self.isRule(trimmed) {
                out.append("<hr>")
                index += 1
                continue
            }
            if trimmed.hasPrefix(">") {
                endParagraph()
                var quoted: [String] = []
                while index < lines.endIndex, lines[index].trimmingCharacters(in: " ").hasPrefix(">") {
                    var text = Substring(lines[index].trimmingCharacters(in: " ").dropFirst())
                    if text.first == " " { text = text.dropFirst() }
                    quoted.append(String(text))
                    index += 1
                }
                out.append("<blockquote>\n" + blocks(quoted[...]).joined(separator: "\n") + "\n</blockquote>")
                continue
            }
            if paragraph.isEmpty, trimmed.hasPrefix("|"), index + 1 < lines.endIndex,
                Self.isTableDelimiter(lines[index + 1])
            {
                var rows: [String] = []
                while index < lines.endIndex, lines[index].trimmingCharacters(in: " ").hasPrefix("|") {
                    rows.append(lines[index])
                    index += 1
                }
                out.append(Self.table(rows))
                continue
            }
            if let item = Self.listItem(line), paragraph.isEmpty || item.ordered == false || item.start == 1 {
                endParagraph()
                let (html, next) = list(lines, from: index, ordered: item.ordered, start: item.start)
                out.append(html)
                index = next
                continue
            }
            paragraph.append(line)
            index += 1
        }
        endParagraph()
        return out
    }

    private mutating func heading(level: Int, _ text: String) -> String {
        var slug = ""
        var dash = false
        for character in text.lowercased() {
            if character.isLetter || character.isNumber {
                if dash, !slug.isEmpty { slug.append("-") }
                slug.append(character)
                dash = false
            } else if character == " " || character == "-" || character == "_" {
                dash = true
            }
        }
        if slug.isEmpty { slug = "section" }
        let seen = slugs[slug, default: 0]
        slugs[slug] = seen + 1
        if seen > 0 { slug += "-\(seen + 1)" }
        return "<h\(level) id=\"\(Markup.escape(slug))\">" + Self.inline(text) + "</h\(level)>"
    }

    /// Items of one list, each up to the next marker at the same indentation; an item's lines are
    /// rendered as blocks of their own (so an item can hold a nested list).
    private mutating func list(_ lines: ArraySlice<String>, from start: Int, ordered: Bool, start number: Int)
        -> (String, Int)
    {
        var items: [[String]] = []
        var index = start
        var loose = false
        var sawBlank = false
        let indent = lines[start].prefix { $0 == " " }.count
        while index < lines.endIndex {
            let line = lines[index]
            let lineIndent = line.prefix { $0 == " " }.count
            if line.trimmingCharacters(in: " ").isEmpty {
                sawBlank = true
                index += 1
                continue
            }
            if let item = Self.listItem(line), item.ordered == ordered, lineIndent == indent {
                if sawBlank, !items.isEmpty { loose = true }
                sawBlank = false
                items.append([item.text])
                index += 1
                continue
            }
            if lineIndent > indent, !items.isEmpty {
                if sawBlank { items[items.count - 1].append("") }
                sawBlank = false
                // Continuation: strip the item's content indentation, at most that of its text.
                items[items.count - 1].append(String(line.dropFirst(min(lineIndent, indent + 2))))
                index += 1
                continue
            }
            if !sawBlank, !items.isEmpty, Self.listItem(line) == nil, !Self.startsBlock(line) {
                items[items.count - 1].append(line.trimmingCharacters(in: " "))  // a lazy continuation
                index += 1
                continue
            }
            break
        }
        // A trailing blank line belongs to what follows.
        var html = ordered ? (number == 1 ? "<ol>" : "<ol start=\"\(number)\">") : "<ul>"
        for item in items {
            let inner = blocks(item[...])
            if !loose, let first = inner.first, first.hasPrefix("<p>") {
                html +=
                    "\n<li>" + first.dropFirst(3).dropLast(4) + inner.dropFirst().map { "\n" + $0 }.joined() + "</li>"
            } else {
                html += "\n<li>" + inner.joined(separator: "\n") + "</li>"
            }
        }
        html += ordered ? "\n</ol>" : "\n</ul>"
        return (html, index)
    }

    private static func table(_ rows: [String]) -> String {
        func cells(_ row: String) -> [String] {
            var text = Substring(row.trimmingCharacters(in: " "))
            if text.hasPrefix("|") { text = text.dropFirst() }
            if text.hasSuffix("|") && !text.hasSuffix("\\|") { text = text.dropLast() }
            var out: [String] = []
            var current = ""
            var escaped = false
            for character in text {
                if escaped {
                    current.append(character == "|" ? "|" : "\\")
                    if character != "|" { current.append(character) }
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == "|" {
                    out.append(current.trimmingCharacters(in: " "))
                    current = ""
                } else {
                    current.append(character)
                }
            }
            if escaped { current.append("\\") }
            out.append(current.trimmingCharacters(in: " "))
            return out
        }
        let alignments = cells(rows[1]).map { spec -> String in
            switch (spec.hasPrefix(":"), spec.hasSuffix(":")) {
            case (true, true): " style=\"text-align: center\""
            case (false, true): " style=\"text-align: right\""
            default: ""
            }
        }
        func row(_ text: String, _ tag: String) -> String {
            "<tr>"
                + cells(text).enumerated().map { i, cell in
                    "<\(tag)\(i < alignments.count ? alignments[i] : "")>" + inline(cell) + "</\(tag)>"
                }.joined() + "</tr>"
        }
        var html = "<table>\n<thead>" + row(rows[0], "th") + "</thead>\n<tbody>"
        for text in rows.dropFirst(2) { html += "\n" + row(text, "td") }
        return html + "\n</tbody>\n</table>"
    }

    // MARK: - Recognizers

    static func atxHeading(_ line: String) -> (Int, String)? {
        let level = line.prefix { $0 == "#" }.count
        guard (1...6).contains(level) else { return nil }
        let rest = line.dropFirst(level)
        guard rest.isEmpty || rest.first == " " else { return nil }
        var text = rest.trimmingCharacters(in: " ")
        // A closing run of #s is not part of the text.
        let closing = text.reversed().prefix { $0 == "#" }.count
        if closing > 0, closing == text.count || text.dropLast(closing).last == " " {
            text = String(text.dropLast(closing)).trimmingCharacters(in: " ")
        }
        return (level, text)
    }

    static func fence(_ line: String) -> (marker: String, language: String)? {
        for mark: Character in ["`", "~"] {
            let run = line.prefix { $0 == mark }.count
            if run >= 3 {
                let language = line.dropFirst(run).trimmingCharacters(in: " ").split(separator: " ").first ?? ""
                return (String(repeating: mark, count: run), String(language))
            }
        }
        return nil
    }

    static func isRule(_ line: String) -> Bool {
        let marks = line.filter { $0 != " " }
        guard marks.count >= 3, let first = marks.first, "-*_".contains(first) else { return false }
        return marks.allSatisfy { $0 == first }
    }

    static func isUnderline(_ line: String) -> Bool {
        guard let first = line.first, first == "=" || first == "-" else { return false }
        return line.allSatisfy { $0 == first }
    }

    static func isTableDelimiter(_ line: String) -> Bool {
        let text = line.trimmingCharacters(in: " ")
        return text.contains("-") && text.contains("|") && text.allSatisfy { "|-: ".contains($0) }
    }

    static func startsBlock(_ line: String) -> Bool {
        let trimmed = line.trimmingCharacters(in: " ")
        return atxHeading(trimmed) != nil || fence(trimmed) != nil || trimmed.hasPrefix(">") || isRule(trimmed)
    }

    /// `- text`, `* text`, `+ text`, `1. text`, `1) text`.
    static func listItem(_ line: String) -> (ordered: Bool, start: Int, text: String)? {
        let body = line.drop { $0 == " " }
        if let first = body.first, "-*+".contains(first), body.dropFirst().first == " " {
            if isRule(String(body)) { return nil }
            return (false, 1, String(body.dropFirst(2)).trimmingCharacters(in: " "))
        }
        let digits = body.prefix { $0.isASCII && $0.isNumber }
        guard (1...9).contains(digits.count), let start = Int(digits) else { return nil }
        let rest = body.dropFirst(digits.count)
        guard let mark = rest.first, mark == "." || mark == ")", rest.dropFirst().first == " " else { return nil }
        return (true, start, String(rest.dropFirst(2)).trimmingCharacters(in: " "))
    }

    // MARK: - Inline

    /// Inline Markdown to HTML: code spans, emphasis, links and autolinks; everything else is
    /// escaped text.
    package static func inline(_ text: String) -> String {
        let chars = Array(text)
        var out = ""
        var plain = ""
        func flush() {
            out += Markup.escape(plain)
            plain = ""
        }
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "\\", i + 1 < chars.count, chars[i + 1].isASCII, chars[i + 1].isPunctuation || chars[i + 1].isSymbol
            {
                plain.append(chars[i + 1])
                i += 2
                continue
            }
            if c == "`" {
                let run = count(chars, from: i, of: "`")
                if let close = closingCode(chars, from: i + run, run: run) {
                    flush()
                    var code = String(chars[(i + run)..<close]).replacingNewlines()
                    if code.count > 2, code.first == " ", code.last == " " {
                        code = String(code.dropFirst().dropLast())
                    }
                    out += "<code>" + Markup.escape(code) + "</code>"
                    i = close + run
                } else {
                    plain += String(repeating: "`", count: run)
                    i += run
                }
                continue
            }
            if c == "[" || (c == "!" && i + 1 < chars.count && chars[i + 1] == "["), let link = link(chars, at: i) {
                flush()
                out += link.html
                i = link.end
                continue
            }
            if c == "<", let close = chars[i...].firstIndex(of: ">") {
                let target = String(chars[(i + 1)..<close])
                if !target.contains(" "),
                    target.hasPrefix("https://") || target.hasPrefix("http://")
                        || target.hasPrefix("mailto:")
                {
                    flush()
                    out += "<a href=\"\(Markup.escape(target))\">" + Markup.escape(target) + "</a>"
                    i = close + 1
                    continue
                }
            }
            if c == "*" || c == "_" {
                let run = min(3, count(chars, from: i, of: c))
                let before = i > 0 ? chars[i - 1] : " "
                let after = i + run < chars.count ? chars[i + run] : " "
                let opens = !after.isWhitespace && !(c == "_" && (before.isLetter || before.isNumber))
                if opens, let close = closingEmphasis(chars, from: i + run, mark: c, run: run) {
                    flush()
                    let inner = inline(String(chars[(i + run)..<close]))
                    let wrapped =
                        switch run {
                        case 1: "<em>" + inner + "</em>"
                        case 2: "<strong>" + inner + "</strong>"
                        default: "<strong><em>" + inner + "</em></strong>"
                        }
                    out += wrapped
                    i = close + run
                    continue
                }
                plain += String(repeating: c, count: count(chars, from: i, of: c))
                i += count(chars, from: i, of: c)
                continue
            }
            plain.append(c)
            i += 1
        }
        flush()
        return out
    }

    private static func count(_ chars: [Character], from start: Int, of mark: Character) -> Int {
        var end = start
        while end < chars.count, chars[end] == mark { end += 1 }
        return end - start
    }

    /// Where a code span of `run` backticks closes: a run of exactly as many.
    private static func closingCode(_ chars: [Character], from start: Int, run: Int) -> Int? {
        var j = start
        while j < chars.count {
            if chars[j] == "`" {
                let length = count(chars, from: j, of: "`")
                if length == run { return j }
                j += length
            } else {
                j += 1
            }
        }
        return nil
    }

    /// Where emphasis opened with `run` marks closes: the same marks after a non-blank, not
    /// inside a code span, and for `_` not inside a word (`max_categories` stays as it is).
    private static func closingEmphasis(_ chars: [Character], from start: Int, mark: Character, run: Int) -> Int? {
        var j = start
        while j < chars.count {
            if chars[j] == "`" {
                let length = count(chars, from: j, of: "`")
                if let close = closingCode(chars, from: j + length, run: length) {
                    j = close + length
                    continue
                }
                j += length
                continue
            }
            if chars[j] == "\\" {
                j += 2
                continue
            }
            if chars[j] == mark {
                let length = count(chars, from: j, of: mark)
                let after = j + length < chars.count ? chars[j + length] : " "
                if length == run, j > start, !chars[j - 1].isWhitespace,
                    !(mark == "_" && (after.isLetter || after.isNumber))
                {
                    return j
                }
                j += length
                continue
            }
            j += 1
        }
        return nil
    }

    /// `[text](url "title")` or `![alt](url)`. Only http, https, mailto and relative targets
    /// become links (never `javascript:`); an image is a link to its file, since the page loads
    /// nothing.
    private static func link(_ chars: [Character], at start: Int) -> (html: String, end: Int)? {
        let image = chars[start] == "!"
        let open = image ? start + 1 : start
        var depth = 0
        var j = open
        var close: Int?
        while j < chars.count {
            if chars[j] == "\\" {
                j += 2
                continue
            }
            if chars[j] == "[" { depth += 1 }
            if chars[j] == "]" {
                depth -= 1
                if depth == 0 {
                    close = j
                    break
                }
            }
            j += 1
        }
        guard let close, close + 1 < chars.count, chars[close + 1] == "(",
            let end = chars[(close + 1)...].firstIndex(of: ")")
        else { return nil }
        let inside = String(chars[(close + 2)..<end]).trimmingCharacters(in: " ")
        var target = inside
        var title: String?
        if let space = inside.firstIndex(of: " ") {
            target = String(inside[..<space])
            let rest = inside[inside.index(after: space)...].trimmingCharacters(in: " ")
            if rest.count >= 2, rest.first == "\"", rest.last == "\"" { title = String(rest.dropFirst().dropLast()) }
        }
        if target.hasPrefix("<") && target.hasSuffix(">") { target = String(target.dropFirst().dropLast()) }
        let text = String(chars[(open + 1)..<close])
        let label = image ? Markup.escape(text.isEmpty ? target : text) : inline(text)
        guard safe(target) else { return (label, end + 1) }
        let titled = title.map { " title=\"\(Markup.escape($0))\"" } ?? ""
        return ("<a href=\"\(Markup.escape(target))\"\(titled)>" + label + "</a>", end + 1)
    }

    /// A link target that navigates and runs nothing: a web or mail address, or a relative path.
    static func safe(_ target: String) -> Bool {
        let lower = target.lowercased()
        if lower.hasPrefix("http://") || lower.hasPrefix("https://") || lower.hasPrefix("mailto:") { return true }
        guard let colon = lower.firstIndex(of: ":") else { return true }
        // A colon after a slash, `?` or `#` is part of a path, not a scheme.
        return lower[..<colon].contains { $0 == "/" || $0 == "?" || $0 == "#" }
    }
}

extension String {
    /// Line ends in a code span read as spaces.
    fileprivate func replacingNewlines() -> String { String(map { $0 == "\n" ? " " : $0 }) }
}
