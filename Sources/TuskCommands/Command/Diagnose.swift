import TuskArtifacts
import TuskCore
import TuskML
import TuskStore

/// Engine errors become located diagnostics here, and only here: by their kind and subject,
/// never by their wording. The engines' errors name no command or flag: the DSL's advice ("create
/// it with 'create branch images@dev'") is worded here, from each error's kind and facts.
package enum Diagnose {
    static func store(_ error: StoreError, _ spans: StoreSpans) -> Diagnostic {
        let span: SourceSpan? =
            switch error.subject {
            case .repo: spans.repo
            case .branch: spans.branch ?? spans.ref
            case .ref: spans.ref ?? spans.branch
            case .path, .file: spans.path
            case .store: nil
            }
        return Diagnostic(error.message, at: span ?? spans.whole, help: help(for: error), category: category(of: error))
    }

    /// The store's help in the DSL's words: its "did you mean" when it has one, else the command
    /// that fixes it, made from the error's kind and the names it carries.
    package static func help(for error: StoreError) -> String? {
        let place = error.repo.map { repo in error.branch.map { "\(repo)@\($0)" } ?? "\(repo)" } ?? "REPO@BRANCH"
        switch error.kind {
        case .noStore:
            return "create it with 'tusk create repo NAME' (commands that only read never create a store), "
                + "or name another with --store PATH"
        case .cannotOpen: return "check the path, or pass --store"
        case .corrupt where error.storePath != nil: return "move the file away, or pass another --store"
        case .repoNotFound: return error.help ?? "see 'list repo'"
        case .repoExists: return "pick another name, or 'delete repo \(place)' first"
        case .branchNotFound: return error.help ?? "create it with 'create branch \(place)'"
        case .refNotFound:
            let repo = error.repo.map(\.rawValue) ?? "REPO"
            return error.help ?? "see 'list branch \(repo)' and 'list commit \(repo)'"
        case .fileNotFound where error.subject == .path: return error.help ?? "see 'list file'"
        case .isDirectory: return "name a file below it, or use 'list file'"
        case .commitAlreadyOpen: return "finish it with 'finish commit \(place)'"
        case .noOpenCommit: return "start one with 'start commit \(place)'"
        case .branchHasOpenCommit: return "finish it with 'finish commit \(place)' first"
        default: return error.help
        }
    }

    static func category(of error: StoreError) -> Diagnostic.Category {
        switch error.kind {
        case .busy: .busy
        case .cannotOpen, .corrupt, .io, .database: .storeFailure
        case .tooLarge: .input
        case .cancelled: .cancelled
        default: error.subject == .store ? .storeFailure : .input
        }
    }

    /// A trainer error; a column or group it names points at the word of the command that named
    /// it (`names["sex"]`, `names["sex=Male"]`), anything else at `span`.
    static func data(_ error: MLError, at span: SourceSpan?, names: [String: SourceSpan] = [:]) -> Diagnostic {
        if error.kind == .cancelled {
            return Diagnostic(error.message, help: error.help, category: .cancelled)
        }
        var at = span
        switch error.subject {
        case .column(let name)?: at = names[name] ?? span
        case .group(let attribute, let group)?: at = names["\(attribute)=\(group)"] ?? names[attribute] ?? span
        case .headerlessFile?, nil: break
        }
        return Diagnostic((error.location.map { "\($0): " } ?? "") + error.message, at: at, help: help(for: error))
    }

    static func artifact(_ error: ArtifactError, _ argument: DataArgument, names: [String: SourceSpan] = [:])
        -> Diagnostic
    {
        switch error {
        case .store(let error): return store(error, argument.spans)
        case .data(let error): return data(error, at: argument.span, names: names)
        case .localFile(let error): return localFile(error, at: argument.span)
        case .noFilePath(let repo, let ref, let reading):
            return Diagnostic(
                reading ? "'\(repo)@\(ref)' names no file" : "'\(repo)@\(ref)' names no file to write",
                at: argument.span,
                help: "add ':/PATH', e.g. \(repo)@\(ref):/\(reading ? "train.csv" : "predictions.csv")")
        case .outputNeedsBranch:
            return Diagnostic(
                "output must name a branch", at: argument.spans.ref ?? argument.span, help: "write REPO@BRANCH:/PATH")
        }
    }

    static func localFile(_ error: LocalFileError, at span: SourceSpan?) -> Diagnostic {
        Diagnostic(error.message, at: span, help: error.help)
    }
}

extension CommandContext {
    /// Runs a store call, turning its error into a diagnostic at the right word.
    @discardableResult
    func store<T>(_ spans: StoreSpans, _ body: (Store) throws(StoreError) -> T) throws(Diagnostic) -> T {
        // A pipeline step reads its inputs through /pfs and writes /pfs/out, never the store itself.
        if workspace.mounts != nil {
            throw Diagnostic(
                "a pipeline step cannot read or change the store: a step's world is its inputs under /pfs/NAME and its output under /pfs/out",
                at: spans.whole, help: StepSandbox.readPFS)
        }
        do { return try body(try store) } catch { throw Diagnose.store(error, spans) }
    }
}
