import TuskCore
import TuskLang
import TuskStore

/// Store errors become diagnostics that point at the word of the command they are about.
extension Session {
    struct Spans {
        var repo: SourceSpan?
        var branch: SourceSpan?
        var ref: SourceSpan?
        var path: SourceSpan?
        var whole: SourceSpan?
    }

    @discardableResult
    func at<T>(repo: SourceSpan, _ body: () throws -> T) throws(Diagnostic) -> T {
        try at(Spans(repo: repo), body)
    }

    @discardableResult
    func at<T>(_ target: BranchAddress, _ body: () throws -> T) throws(Diagnostic) -> T {
        try at(
            Spans(repo: target.repo.span, branch: target.branch.span, ref: target.branch.span, path: target.path?.span),
            body)
    }

    @discardableResult
    func at<T>(_ address: Address, _ body: () throws -> T) throws(Diagnostic) -> T {
        try at(
            Spans(repo: address.repo.span, ref: address.ref?.span, path: address.path?.span, whole: address.span), body)
    }

    @discardableResult
    func at<T>(_ spans: Spans, _ body: () throws -> T) throws(Diagnostic) -> T {
        do {
            return try body()
        } catch let error as Diagnostic {
            throw error
        } catch let error as StoreError {
            let span: SourceSpan? =
                switch error.subject {
                case .repo: spans.repo
                case .branch: spans.branch ?? spans.ref
                case .ref: spans.ref ?? spans.branch
                case .path, .file: spans.path
                case .store: nil
                }
            throw Diagnostic(error.message, at: span ?? spans.whole, help: error.help)
        } catch {
            throw Diagnostic("\(error)", at: spans.whole)
        }
    }
}
