import TuskCore
import TuskLang
import TuskPipelines
import TuskStore

/// `blame REPO@REF[:/PATH] [--rows]`: for each file, the commit that last wrote it, its message,
/// the job that made it and the data commits it was computed from; with `--rows`, which commit
/// wrote each run of rows of one file.
package struct Blame: TuskCommand {
    static let rows = Flag("rows", "attribute runs of rows (CSV) or lines (other text) of one file to their commits")

    package static let declaration = CommandDeclaration(
        "blame", "Show which commit, job and data last wrote each file, or each run of rows of a file.",
        arguments: [.init("REPO@REF[:/PATH]", .address)], options: [rows] + ReadArguments.layoutOptions,
        details: """
            For each file at or under PATH (every file of the commit without one): the commit that last
            wrote it, its message, the job that made that commit (or 'by hand' for a command typed by
            hand), and DATA: the commits upstream of that write that were computed from nothing,
            following provenance through every pipeline between. For a model, that is the data commit
            it was trained on. It costs one lookup per file, however long the history.

            With --rows, PATH names one text file: a .csv file is cut into rows (a quoted field may
            span lines), the first being the header unless --schema or --columns says the file has
            none, as the trainer reads it; rows are numbered from 1 after the header, and other files
            are cut into lines numbered from 1. Each run of rows gets the commit that wrote it, as git
            blame finds it: the newest version of the file is diffed against the one before it, the
            rows it kept are followed into that version, and so on. It reads one version per step,
            back to the oldest row still there; two versions more than 4,000 rows apart in their
            middle count that whole middle as rewritten. Rows end at line ends outside quotes
            whatever the field separator, so blame takes no --delimiter.
            """,
        examples: [
            "blame copy_models@master", "blame income_data@master:/train.csv --rows",
            "blame income_data@master:/adult.data --rows --schema uci-adult",
        ])

    let address: Address
    let byRows: Bool
    let read: ReadArguments

    package init(_ call: Invocation) throws(Diagnostic) {
        address = try AddressSyntax.address(call.argument(0))
        byRows = try call[Self.rows]
        read = try ReadArguments(call)
        if !byRows, let given = ReadArguments.layoutOptions.first(where: { call.optionSpan($0) != nil }) {
            throw Diagnostic(
                "--\(given.name) says how to cut a file into rows: it needs --rows",
                at: call.optionSpan(given), help: "add --rows, or remove --\(given.name)")
        }
        if byRows, address.path == nil {
            throw Diagnostic(
                "--rows blames one file: name it", at: address.span,
                help: "e.g. \(address.repo.value)@\(address.ref?.value.description ?? "master"):/train.csv")
        }
    }

    package func run(_ context: CommandContext) throws(Diagnostic) -> BlameReport {
        let repo = address.repo.value
        let path = address.path?.value ?? .root
        let commit = try context.store(StoreSpans(address)) { store throws(StoreError) in
            try store.resolve(repo, address.refOrMaster)
        }
        let pipelines: PipelineEngine
        let files: [FileBlame]
        do {
            pipelines = try context.pipelines
            files = try pipelines.blame(repo: repo, commit: commit.id, path: path)
        } catch {
            throw diagnose(error)
        }
        let shown = "\(repo)@\(commit.id.hex)"
        guard byRows else {
            return BlameReport(
                commit: AddressText(full: shown), path: address.path.map { $0.value.description },
                files: files.map(BlameReport.File.init), rows: nil)
        }
        guard files.count == 1, files[0].origin.path == path else {
            throw Diagnostic(
                "--rows blames one file, and \(path) is a directory", at: address.path?.span ?? address.span,
                help: "name a file under it: " + files.prefix(3).map { "\($0.origin.path)" }.joined(separator: ", "))
        }
        let csv = path.name.lowercased().hasSuffix(".csv")
        let options = try read.options(in: context)
        let header = csv && (options.schema?.format.hasHeader ?? (options.columns == nil))
        let runs: [RecordBlame]?
        do {
            runs = try pipelines.blameRecords(
                repo: repo, commit: commit.id, path: path, split: csv ? TextRecords.csv : TextRecords.lines)
        } catch {
            throw diagnose(error)
        }
        guard let runs else {
            throw Diagnostic(
                "\(path) is not a text file: it has no rows to blame", at: address.path?.span ?? address.span,
                help: "blame it without --rows")
        }
        return BlameReport(
            commit: AddressText(full: shown), path: path.description, files: files.map(BlameReport.File.init),
            rows: BlameReport.Rows(unit: csv ? "row" : "line", header: header, runs: runs))
    }
}

extension Blame {
    /// A store error points at the part of the address it is about.
    fileprivate func diagnose(_ error: PipelineError) -> Diagnostic {
        if case .store(let store) = error.kind { return Diagnose.store(store, StoreSpans(address)) }
        return Diagnose.pipeline(error, at: address.span)
    }
}

package struct BlameReport: CommandOutput {
    /// Who wrote one file.
    package struct File: Codable, Sendable {
        package let path: String
        package let size: Int
        /// The commit that last wrote it, and who made that commit.
        package let writer: WriterText
        /// What that write was computed from, `repo@id`.
        package let provenance: [AddressText]
        /// The data commits upstream of the write (for a model, what it was trained on).
        package let data: [AddressText]

        init(_ blame: FileBlame) {
            path = blame.origin.path.description
            size = blame.origin.size
            writer = WriterText(blame.origin.commit, job: blame.job)
            provenance = blame.origin.provenance.map(AddressText.init)
            data = blame.data.map(AddressText.init)
        }
    }

    /// Who wrote each run of rows of one file.
    package struct Rows: Codable, Sendable {
        package struct Run: Codable, Sendable {
            /// The first and last row of the run, from 1 (0 is the header).
            package let first: Int
            package let last: Int
            package let writer: WriterText
        }

        /// `row` (CSV rows) or `line`.
        package let unit: String
        /// Whether the first row is a header (row 0).
        package let header: Bool
        package let runs: [Run]

        init(unit: String, header: Bool, runs blamed: [RecordBlame]) {
            self.unit = unit
            self.header = header
            // Records count from 0; rows from 1 after a header (row 0), lines from 1.
            let shift = header ? 0 : 1
            var runs: [Run] = []
            for blame in blamed {
                var pieces = [blame.origin.records]
                if header, blame.origin.records.lowerBound == 0, blame.origin.records.count > 1 {
                    pieces = [0..<1, 1..<blame.origin.records.upperBound]
                }
                for records in pieces {
                    runs.append(
                        Run(
                            first: records.lowerBound + shift, last: records.upperBound - 1 + shift,
                            writer: WriterText(blame.origin.commit, job: blame.job)))
                }
            }
            self.runs = runs
        }
    }

    /// `repo@<64 hex>` of the commit blamed.
    package let commit: AddressText
    /// The file or directory blamed, when one was named.
    package let path: String?
    package let files: [File]
    /// With `--rows`.
    package let rows: Rows?

    package func render(_ text: inout TextOutput) {
        let what = commit.description + (path.map { ":\($0)" } ?? "")
        guard let rows else {
            guard !files.isEmpty else { return text.line("\(what): no files") }
            text.line("\(what): \(NumberFormat.plural(files.count, "file"))")
            var table = TextTable("PATH", "COMMIT", "MADE BY", "DATA", "MESSAGE")
            for file in files {
                table.add(
                    file.path, file.writer.commit.description, file.writer.madeBy,
                    file.data.isEmpty ? "-" : file.data.map(\.description).joined(separator: ", "), file.writer.message)
            }
            return text.table(table)
        }
        let count = rows.runs.last.map(\.last) ?? 0
        let noun = rows.unit == "row" ? "row" : "line"
        text.line(
            "\(what): \(NumberFormat.plural(count, noun))" + (rows.header ? " after the header" : "")
                + ", \(NumberFormat.plural(rows.runs.count, "run"))")
        guard !rows.runs.isEmpty else { return }
        var table = TextTable(rows.unit == "row" ? "ROWS" : "LINES", "COMMIT", "MADE BY", "MESSAGE")
        for run in rows.runs {
            let range =
                rows.header && run.first == 0
                ? "header" : run.first == run.last ? "\(run.first)" : "\(run.first)-\(run.last)"
            table.add(range, run.writer.commit.description, run.writer.madeBy, run.writer.message)
        }
        text.table(table)
    }
}
