import Foundation
import TuskCore

/// Computes commit ids from a canonical text of everything that defines a commit.
///
/// The text is versioned and sorted, with no wall-clock time in it, so the same history gives the
/// same ids on every machine; the logical sequence number keeps two otherwise identical commits
/// apart.
///
/// `tusk-commit-v2` names the files the commit wrote (path and content hash) and its parent's id,
/// which in turn names its parent's writes and so on: a hash chain that fixes the whole tree,
/// as git's parent and tree hashes do, at a cost that grows with what the commit changes rather
/// than with the tree. (`tusk-commit-v1`, used until the store's schema v2, listed every file of
/// the tree; those commits keep their ids.)
enum CommitHasher {
    static func id(
        repo: RepoName, branch: BranchName, parent: CommitID?, sequence: Int, message: String,
        provenance: [CommitAddress], writes: [(path: RepoPath, hash: ContentHash)]
    ) -> CommitID {
        var text = "tusk-commit-v2\n"
        text += "repo \(repo)\nbranch \(branch)\nparent \(parent?.hex ?? "-")\nsequence \(sequence)\n"
        text += "message \(escape(message))\n"
        for source in provenance.sorted() { text += "provenance \(source.repo) \(source.id.hex)\n" }
        for write in writes.sorted(by: { $0.path < $1.path }) {
            text += "put \(write.hash.hex) \(escape(write.path.description))\n"
        }
        return CommitID(ContentHash(ofText: text))
    }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
    }
}
