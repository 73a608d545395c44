import Foundation
import TuskCommands

/// A run as a Jupyter notebook (nbformat 4.5): a markdown cell for each stretch of prose and a
/// code cell for each ```` ```tusk ```` cell, whose source is the cell's commands as a tusk
/// script and whose outputs are what they printed.
///
/// Output goes to `stdout` streams, its spans (a verdict, a diff line) coloured with the ANSI
/// escapes of ``SpanStyle`` as in the terminal, which Jupyter shows as colour; error lines
/// (without their `! ` mark) go to `stderr`, which Jupyter shows in red; each picture follows its command's output as `image/svg+xml` display
/// data, a standalone SVG document (with its namespace), since nbconvert and JupyterLab show it
/// as an `<img>` whose source is the SVG: without the namespace, the image is empty. Cell ids are the cell's position (`markdown-1`, `code-2`) or its `id=` option, so the
/// same run writes the same bytes.
package enum JupyterNotebook {
    /// The notebook as JSON text: keys sorted, two-space indentation, a line end at the end.
    package static func json(_ run: NotebookRun) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Encoding these plain values cannot fail.
        let data = (try? encoder.encode(document(run))) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    static func document(_ run: NotebookRun) -> Document {
        var cells: [Cell] = []
        var used: Set<String> = []
        var count = 0
        func id(_ preferred: String?, _ fallback: String) -> String {
            var id = preferred.map(Self.idText) ?? fallback
            if id.isEmpty || used.contains(id) { id = fallback }
            used.insert(id)
            return id
        }
        for (position, block) in run.blocks.enumerated() {
            switch block {
            case .prose(let lines):
                cells.append(
                    Cell(
                        id: id(nil, "markdown-\(position + 1)"), cellType: "markdown", source: multiline(lines),
                        executionCount: nil, outputs: nil))
            case .cell(let cell):
                let ran = cell.entries.contains(where: \.ran)
                if ran { count += 1 }
                var outputs: [Output] = []
                for entry in cell.entries where entry.ran {
                    outputs += streams(entry.output, spans: entry.spans)
                    outputs += entry.pictures.map { picture in
                        Output(
                            outputType: "display_data", name: nil, text: nil,
                            data: ["image/svg+xml": multiline(picture.standalone), "text/plain": [picture.title]],
                            metadata: [:])
                    }
                }
                let source = cell.entries.flatMap { entry in
                    let lines = entry.command.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                    // A tusk script continues a command on the next line after a `\`.
                    return lines.enumerated().map { $0 == lines.count - 1 ? $1 : $1 + " \\" }
                }
                cells.append(
                    Cell(
                        id: id(cell.options.id, "code-\(position + 1)"), cellType: "code", source: multiline(source),
                        executionCount: .some(ran ? count : nil), outputs: outputs,
                        metadata: cell.options.skip ? ["tusk": ["skip": true]] : [:]))
            }
        }
        return Document(
            cells: cells,
            metadata: Metadata(
                kernelspec: Kernelspec(displayName: "Tusk", language: "tusk", name: "tusk"),
                languageInfo: LanguageInfo(name: "tusk", fileExtension: ".tusk", mimetype: "text/x-tusk"),
                title: run.title, tusk: Scenario(path: run.scenario.path, parameters: run.parameters)),
            nbformat: 4, nbformatMinor: 5)
    }

    /// One stream per run of output lines of the same kind; spans coloured with ANSI escapes
    /// from ``SpanStyle``, which Jupyter shows as colour.
    static func streams(_ lines: [String], spans: [Span] = []) -> [Output] {
        let spans = SpanStyle.byLine(spans)
        var outputs: [Output] = []
        var name = ""
        var text: [String] = []
        func flush() {
            if !text.isEmpty {
                outputs.append(Output(outputType: "stream", name: name, text: multiline(text + [""])))
            }
            text = []
        }
        for (index, line) in lines.enumerated() {
            let isError = line.hasPrefix("! ") || line == "!"
            let kind = isError ? "stderr" : "stdout"
            if kind != name { flush() }
            name = kind
            text.append(isError ? String(line.dropFirst(2)) : SpanStyle.ansi(line, spans[index] ?? []))
        }
        flush()
        return outputs
    }

    /// Jupyter's multiline string: a list of lines, each but the last ending in `\n`.
    static func multiline(_ lines: [String]) -> [String] {
        let joined = lines.joined(separator: "\n")
        return multiline(joined)
    }

    static func multiline(_ text: String) -> [String] {
        guard !text.isEmpty else { return [] }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { String($0) + "\n" }
        lines[lines.count - 1].removeLast()
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    /// A cell id may hold letters, digits, `-` and `_`, up to 64 of them.
    static func idText(_ text: String) -> String {
        String(text.filter { ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "-" || $0 == "_" }.prefix(64))
    }

    // MARK: - nbformat 4.5

    struct Document: Encodable {
        let cells: [Cell]
        let metadata: Metadata
        let nbformat: Int
        let nbformatMinor: Int

        enum CodingKeys: String, CodingKey {
            case cells, metadata, nbformat
            case nbformatMinor = "nbformat_minor"
        }
    }

    struct Cell: Encodable {
        let id: String
        let cellType: String
        let source: [String]
        let executionCount: Int??
        let outputs: [Output]?
        var metadata: [String: [String: Bool]] = [:]

        enum CodingKeys: String, CodingKey {
            case id, source, outputs, metadata
            case cellType = "cell_type"
            case executionCount = "execution_count"
        }

        init(
            id: String, cellType: String, source: [String], executionCount: Int??, outputs: [Output]?,
            metadata: [String: [String: Bool]] = [:]
        ) {
            self.id = id
            self.cellType = cellType
            self.source = source
            self.executionCount = executionCount
            self.outputs = outputs
            self.metadata = metadata
        }

        /// A code cell has `execution_count` (null when it did not run) and `outputs`; a
        /// markdown cell has neither.
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(cellType, forKey: .cellType)
            try container.encode(source, forKey: .source)
            try container.encode(metadata, forKey: .metadata)
            if let executionCount {
                try container.encode(executionCount, forKey: .executionCount)
            }
            if let outputs { try container.encode(outputs, forKey: .outputs) }
        }
    }

    struct Output: Encodable {
        let outputType: String
        var name: String?
        var text: [String]?
        var data: [String: [String]]?
        var metadata: [String: String]?

        enum CodingKeys: String, CodingKey {
            case name, text, data, metadata
            case outputType = "output_type"
        }
    }

    struct Metadata: Encodable {
        let kernelspec: Kernelspec
        let languageInfo: LanguageInfo
        let title: String
        let tusk: Scenario

        enum CodingKeys: String, CodingKey {
            case kernelspec, title, tusk
            case languageInfo = "language_info"
        }
    }

    struct Kernelspec: Encodable {
        let displayName: String
        let language: String
        let name: String

        enum CodingKeys: String, CodingKey {
            case language, name
            case displayName = "display_name"
        }
    }

    struct LanguageInfo: Encodable {
        let name: String
        let fileExtension: String
        let mimetype: String

        enum CodingKeys: String, CodingKey {
            case name, mimetype
            case fileExtension = "file_extension"
        }
    }

    /// Where the notebook came from: the scenario and the parameter values of the run.
    struct Scenario: Encodable {
        let path: String
        let parameters: [String: String]
    }
}
