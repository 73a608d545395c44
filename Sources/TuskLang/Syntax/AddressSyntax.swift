import Foundation
import TuskCore

/// pachctl's addressing, read from a token with a span for each part: `repo@branch:/path`,
/// `repo@3f2a9c^2`, `"repo@master:/*.csv"`, and comma lists (`sex,race`).
public enum AddressSyntax {
    /// Whether a command's address may or must name a path.
    public enum PathRule: Sendable { case required, forbidden, optional }

    public static func repoName(_ token: Token) throws(Diagnostic) -> Located<RepoName> {
        do { return Located(try RepoName(token.text), at: token.span) } catch {
            throw Diagnostic(error.message, at: token.span)
        }
    }

    public static func commitRef(_ text: String, _ span: SourceSpan) throws(Diagnostic) -> Located<CommitRef> {
        guard let ref = CommitRef(parsing: text) else {
            throw Diagnostic(
                "malformed reference '\(text)'", at: span,
                help: "write a branch or commit id, optionally followed by ^ or ^N, e.g. master^2")
        }
        return Located(ref, at: span)
    }

    /// An address whose ref must be a branch (for commands that write).
    public static func branchAddress(_ token: Token, path rule: PathRule) throws(Diagnostic) -> BranchAddress {
        let parsed = try address(token)
        guard let ref = parsed.ref else {
            throw Diagnostic(
                "'\(token.text)' names no branch", at: token.span,
                help: "write REPO@BRANCH, e.g. \(parsed.repo.value)@master")
        }
        let branch: BranchName
        do { branch = try BranchName(ref.value.base) } catch { throw Diagnostic(error.message, at: ref.span) }
        if ref.value.ancestors > 0 {
            throw Diagnostic(
                "'\(ref.value)' is a commit, not a branch", at: ref.span, help: "write a branch name without '^'")
        }
        switch (rule, parsed.path) {
        case (.required, nil):
            throw Diagnostic(
                "'\(token.text)' names no file path", at: token.span,
                help: "write REPO@BRANCH:/PATH, e.g. \(token.text):/data.csv")
        case (.forbidden, let path?):
            throw Diagnostic("this command takes a branch, not a path", at: path.span, help: "remove ':\(path.value)'")
        default:
            return BranchAddress(repo: parsed.repo, branch: Located(branch, at: ref.span), path: parsed.path)
        }
    }

    public static func address(_ token: Token) throws(Diagnostic) -> Address {
        try address(token, pathIsPattern: false).address
    }

    /// Splits `repo@ref:/path`, giving each part its own span for diagnostics. With
    /// `pathIsPattern`, the part after `:` is returned as text (a glob) instead of a path.
    public static func address(_ token: Token, pathIsPattern: Bool) throws(Diagnostic) -> (
        address: Address, patternText: Located<String>?
    ) {
        guard token.kind == .word || token.kind == .string else {
            throw Diagnostic("expected an address like repo@branch:/path", at: token.span)
        }
        let text = Array(token.text)
        // Inside quotes the text starts one column later.
        let startColumn = token.span.column + (token.kind == .string ? 1 : 0)
        func span(_ from: Int, _ to: Int) -> SourceSpan {
            SourceSpan(line: token.span.line, column: startColumn + from, length: max(1, to - from))
        }
        let at = text.firstIndex(of: "@")
        let colon = text.firstIndex(of: ":")
        let repoEnd = [at, colon].compactMap { $0 }.min() ?? text.count
        let repo: Located<RepoName>
        do { repo = Located(try RepoName(String(text[..<repoEnd])), at: span(0, repoEnd)) } catch {
            throw Diagnostic(error.message, at: span(0, repoEnd), help: "write REPO@BRANCH:/PATH")
        }
        var ref: Located<CommitRef>?
        if let at, colon.map({ at < $0 }) ?? true {
            let end = colon ?? text.count
            ref = try commitRef(String(text[(at + 1)..<end]), span(at + 1, end))
        }
        var path: Located<RepoPath>?
        var pattern: Located<String>?
        if let colon {
            let raw = String(text[(colon + 1)...])
            let pathSpan = span(colon + 1, text.count)
            if pathIsPattern {
                pattern = Located(raw.hasPrefix("/") ? raw : "/" + raw, at: pathSpan)
            } else {
                do { path = Located(try RepoPath(raw), at: pathSpan) } catch {
                    throw Diagnostic(
                        error.message, at: pathSpan, help: "paths stay inside the repo, e.g. /data/train.csv")
                }
            }
        }
        return (Address(repo: repo, ref: ref, path: path, span: token.span), pattern)
    }

    /// `a,b,c` split into located items.
    public static func listItems(_ token: Token) -> [Located<String>] {
        var items: [Located<String>] = []
        var column = token.span.column + (token.kind == .string ? 1 : 0)
        for part in token.text.split(separator: ",", omittingEmptySubsequences: false) {
            let name = part.trimmingCharacters(in: .whitespaces)
            if !name.isEmpty {
                items.append(Located(name, at: SourceSpan(line: token.span.line, column: column, length: part.count)))
            }
            column += part.count + 1
        }
        return items
    }
}
