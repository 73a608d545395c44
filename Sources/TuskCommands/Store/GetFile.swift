import TuskArtifacts
import TuskCore
import TuskLang
import TuskStore

/// `get file REPO@REF:/PATH [-o LOCAL]`: print a text file, or write a copy.
package struct GetFile: TuskCommand {
    static let output = Option<String>(
        "output", short: "o", value: "LOCAL", "write to this local file", kind: .localPath, writes: true)
    static let table = Flag(
        "table", "print a step's result (the result.json of an evaluate, audit or drift step) as that command prints it"
    )

    package static let declaration = CommandDeclaration(
        "get file", "Print a file of a commit, or write it to a local file.",
        arguments: [.init("REPO@REF:/PATH", .address)],
        options: [output, table],
        details: """
            An existing local file is replaced atomically; nothing is written inside the store's directory.
            A pipeline step that writes no file of its own (evaluate, audit, drift) saves what it found as
            /pfs/out/result.json, every figure at full precision; --table prints it as tables instead, the
            way the command itself prints it.
            """,
        examples: [
            "get file income_data@master:/train.csv", "get file income_data@master^:/train.csv -o old.csv",
            "get file models@master:/evaluation/result.json --table",
        ])

    let address: Address
    let path: RepoPath
    let output: Located<String>?
    let table: Bool

    package init(_ call: Invocation) throws(Diagnostic) {
        address = try AddressSyntax.address(call.argument(0))
        guard let path = address.path?.value else {
            throw Diagnostic(
                "'get file' needs a file path", at: address.span,
                help: "add ':/PATH', e.g. \(address.repo.value)@master:/train.csv")
        }
        self.path = path
        output = try call.located(Self.output)
        table = try call[Self.table]
        if table, let output {
            throw Diagnostic(
                "--table prints the result; -o writes the file as it is", at: output.span, help: "keep one")
        }
    }

    package func run(_ context: CommandContext) throws(Diagnostic) -> FileContents {
        let repo = address.repo.value
        let commit = try context.store(StoreSpans(address)) { store throws(StoreError) in
            try store.resolve(repo, address.refOrMaster)
        }
        if let output {
            // Streamed from the store's chunks into a file beside the target, then renamed.
            try context.checkCancelled()
            let pending: PendingFile
            do { pending = try context.files.beginWrite(output.value) } catch {
                throw Diagnose.localFile(error, at: output.span)
            }
            let bytes: Int
            do { bytes = try context.store.readFile(repo, commit.id, path, to: pending.handle) } catch {
                pending.discard()
                throw Diagnose.store(error, StoreSpans(address))
            }
            let outcome: LocalFiles.WriteOutcome
            do { outcome = try pending.finish() } catch { throw Diagnose.localFile(error, at: output.span) }
            let written = (outcome: outcome, bytes: bytes)
            return FileContents(
                repo: repo.rawValue, commit: commit.id.hex, path: path.description, bytes: written.bytes, text: nil,
                written: WriteReceipt(
                    kind: written.outcome == .created ? .wroteFile : .replacedFile, target: output.value,
                    bytes: written.bytes, commit: nil))
        }
        let bytes = try context.store(StoreSpans(address)) { store throws(StoreError) in
            try store.readFile(repo, commit.id, path)
        }
        if table {
            let (command, result): (String, any CommandOutput)
            do { (command, result) = try ResultFile.decode(bytes) } catch {
                switch error {
                case .notAResult:
                    throw Diagnostic(
                        "'\(path)' is not the result of an evaluate, audit or drift step", at: address.path?.span,
                        help: "drop --table to print the file as it is")
                case .damaged(let command, let reason):
                    throw Diagnostic(
                        "'\(path)' is the result of \(command), but cannot be read: \(reason)", at: address.path?.span,
                        help: "drop --table to print the file as it is")
                }
            }
            var contents = FileContents(
                repo: repo.rawValue, commit: commit.id.hex, path: path.description, bytes: bytes.count,
                text: result.textLines(), written: nil, resultOf: command)
            contents.pictures = (result as? any Drawable)?.pictures ?? []
            return contents
        }
        guard let lines = FileText.lines(bytes) else {
            throw Diagnostic(
                "'\(path)' is binary (\(NumberFormat.bytes(bytes.count)))", at: address.path?.span,
                help: "write it to a local file with -o LOCAL")
        }
        return FileContents(
            repo: repo.rawValue, commit: commit.id.hex, path: path.description, bytes: bytes.count, text: lines,
            written: nil)
    }
}

package struct FileContents: CommandOutput, Drawable {
    package let repo: String
    package let commit: String
    package let path: String
    package let bytes: Int
    /// The file's lines, when printed.
    package let text: [String]?
    /// The local copy, when written.
    package let written: WriteReceipt?
    /// With `--table`: the command whose result the file holds (`evaluate`, `audit`, `drift`);
    /// `text` is then that result as the command prints it.
    package var resultOf: String? = nil
    /// With `--table`, the pictures of the command whose result the file is (an audit's selection
    /// and flip rates, a drift chart), as that command draws them; not part of the JSON.
    package var pictures: [Picture] = []

    enum CodingKeys: String, CodingKey {
        case repo, commit, path, bytes, text, written, resultOf
    }

    package func render(_ text: inout TextOutput) {
        if let written {
            text.line(
                "\(written.kind == .replacedFile ? "replaced" : "wrote") \(written.target) (\(NumberFormat.bytes(written.bytes)))"
            )
        } else {
            if let resultOf { text.line("\(repo)@\(CommitText.short(commit)):\(path), the result of '\(resultOf)':") }
            text.lines(self.text ?? [])
        }
    }
}

/// Text files as lines; nil for binary content (NUL bytes or invalid UTF-8).
enum FileText {
    static func lines(_ bytes: [UInt8]) -> [String]? { TextRecords.lines(bytes) }
}
