import TuskCore
import TuskLang

/// Where each part of a store request sits in the command, so a store error points at its word.
package struct StoreSpans: Sendable {
    var repo: SourceSpan?
    var branch: SourceSpan?
    var ref: SourceSpan?
    var path: SourceSpan?
    var whole: SourceSpan?

    init(
        repo: SourceSpan? = nil, branch: SourceSpan? = nil, ref: SourceSpan? = nil, path: SourceSpan? = nil,
        whole: SourceSpan? = nil
    ) {
        self.repo = repo
        self.branch = branch
        self.ref = ref
        self.path = path
        self.whole = whole
    }

    init(_ address: Address) {
        self.init(repo: address.repo.span, ref: address.ref?.span, path: address.path?.span, whole: address.span)
    }

    init(_ target: BranchAddress) {
        self.init(
            repo: target.repo.span, branch: target.branch.span, ref: target.branch.span, path: target.path?.span)
    }

    static func repo(_ span: SourceSpan) -> StoreSpans { StoreSpans(repo: span) }
}
