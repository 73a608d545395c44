import TuskCore

/// Reads a scenario file into a ``Scenario``; a malformed file gets a diagnostic with its line.
package enum ScenarioParser {
    package static func parse(path: String, text: String) throws(LocatedDiagnostic) -> Scenario {
        let lines = TextLines.split(text)
        func fail(_ message: String, line: Int, help: String? = nil) -> LocatedDiagnostic {
            LocatedDiagnostic(
                Diagnostic(message, at: SourceSpan(line: 1, column: 1, length: lines[line - 1].count), help: help),
                in: SourceText(name: path, text: lines[line - 1], firstLine: line))
        }

        var index = 0
        var title: String?
        var seed = 0
        var parameters: [String: String] = [:]
        var parameterLines: [String: Int] = [:]
        var base: String?
        if lines.first == "---" {
            guard let end = lines.dropFirst().firstIndex(of: "---") else {
                throw fail("front matter is not closed", line: 1, help: "end it with a line '---'")
            }
            var inParams = false
            for number in 1..<end {
                let line = lines[number]
                if line.trimmingCharacters(in: " ").isEmpty || line.hasPrefix("#") { continue }
                guard let colon = line.firstIndex(of: ":") else {
                    throw fail("expected 'key: value' in the front matter", line: number + 1)
                }
                let key = line[..<colon].trimmingCharacters(in: " ")
                let value = line[line.index(after: colon)...].trimmingCharacters(in: " ")
                if line.hasPrefix(" ") && inParams {
                    parameters[key] = Self.unquoted(value)
                    parameterLines[key] = number
                    continue
                }
                inParams = false
                switch key {
                case "title": title = value
                case "seed":
                    guard let number = Int(value) else { throw fail("seed must be an integer", line: number + 1) }
                    seed = number
                case "params": inParams = true
                case "base":
                    guard !value.isEmpty else {
                        throw fail("base names no folder", line: number + 1, help: "write base: ../scenarios")
                    }
                    base = Self.unquoted(value)
                default:
                    throw fail(
                        "unknown front matter key '\(key)'", line: number + 1,
                        help: "known keys: title, seed, base, params")
                }
            }
            index = end + 1
        }

        var steps: [Scenario.Step] = []
        while index < lines.count {
            let line = lines[index]
            index += 1
            guard line.hasPrefix("```") else { continue }
            let options: Scenario.CellOptions
            do {
                guard let parsed = try cellOptions(line) else {
                    // Another language's block: skip to its closing fence, so a tusk cell shown
                    // inside it as an example is not run.
                    let fence = String(line.prefix { $0 == "`" })
                    while index < lines.count, !lines[index].hasPrefix(fence) { index += 1 }
                    index += 1
                    continue
                }
                options = parsed
            } catch {
                throw fail(error.message, line: index, help: error.help)
            }
            let open = index
            // A cell: commands and outputs up to the closing fence.
            var current: (command: [String], line: Int, outputStart: Int)?
            func finish(at end: Int) {
                guard let step = current else { return }
                var last = end
                while last > step.outputStart, lines[last - 1].trimmingCharacters(in: " ").isEmpty { last -= 1 }
                steps.append(
                    Scenario.Step(
                        command: step.command.joined(separator: "\n"), line: step.line,
                        expected: Array(lines[step.outputStart..<last]), outputLines: step.outputStart..<last,
                        options: options))
                current = nil
            }
            while index < lines.count, !lines[index].hasPrefix("```") {
                let text = lines[index]
                if text.hasPrefix("> ") || text == ">" {
                    finish(at: index)
                    current = ([String(text.dropFirst(2))], index + 1, index + 1)
                } else if text.hasPrefix(". ") || text == ".", var step = current, step.outputStart == index {
                    step.command.append(String(text.dropFirst(2)))
                    step.outputStart = index + 1
                    current = step
                } else if current == nil, !text.trimmingCharacters(in: " ").isEmpty {
                    throw fail(
                        "output before any command in this cell", line: index + 1,
                        help: "start a command with '> '")
                }
                index += 1
            }
            guard index < lines.count else {
                throw fail("cell opened here is not closed", line: open, help: "end it with a line '```'")
            }
            finish(at: index)
            index += 1
        }
        return Scenario(
            path: path, lines: lines, title: title, seed: seed, parameters: parameters,
            parameterLines: parameterLines, base: base, steps: steps)
    }

    /// The options of a ```` ```tusk ```` fence, nil for a fence of another language, or an error
    /// for a fence that looks meant for tusk but would be silently ignored.
    static func cellOptions(_ fence: String) throws(Diagnostic) -> Scenario.CellOptions? {
        let ticks = fence.prefix { $0 == "`" }.count
        let words = fence.dropFirst(ticks).split(whereSeparator: { $0 == " " || $0 == "," })
        guard let language = words.first, language.lowercased() == "tusk" else { return nil }
        guard language == "tusk" else {
            throw Diagnostic("'\(language)' is not a tusk cell", help: "write ```tusk in lower case")
        }
        guard ticks == 3 else {
            throw Diagnostic(
                "a tusk cell opens with three backticks, not \(ticks)",
                help: "write ```tusk (put it inside another fence to show it as an example)")
        }
        var options = Scenario.CellOptions()
        for word in words.dropFirst() {
            switch word {
            case "skip": options.skip = true
            case "ignore-output": options.ignoreOutput = true
            case _ where word.hasPrefix("id=") && word.count > 3: options.id = String(word.dropFirst(3))
            default:
                throw Diagnostic(
                    "unknown cell option '\(word)'",
                    help: Suggestion.closest(to: String(word), among: ["skip", "ignore-output", "id"]).map {
                        "did you mean '\($0 == "id" ? "id=NAME" : $0)'?"
                    } ?? "known options: skip, ignore-output, id=NAME")
            }
        }
        return options
    }
}

extension Substring {
    func trimmingCharacters(in set: Character) -> String {
        String(self).trimmingCharacters(in: set)
    }
}

extension String {
    func trimmingCharacters(in set: Character) -> String {
        var text = Substring(self)
        while text.first == set { text = text.dropFirst() }
        while text.last == set { text = text.dropLast() }
        return String(text)
    }
}

extension ScenarioParser {
    /// A front matter value without the quotes YAML allows around it (`">50K"` is `>50K`).
    static func unquoted(_ value: String) -> String {
        guard value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first else {
            return value
        }
        return String(value.dropFirst().dropLast())
    }
}
