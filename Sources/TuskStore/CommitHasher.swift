import Foundation
import TuskCore

/// Computes commit ids from a canonical text of everything that defines a commit.
///
/// The text is versioned (`tusk-commit-v1`) and sorted, with no wall-clock time in it, so the
/// same history gives the same ids on every machine; the logical sequence number keeps two
/// otherwise identical commits apart.
enum CommitHasher {
    static func id(
        repo: RepoName, branch: BranchName, parent: CommitID?, sequence: Int, message: String,
        provenance: [CommitAddress], tree: [RepoPath: ContentHash]
    ) -> CommitID {
        var text = "tusk-commit-v1\n"
        text += "repo \(repo)\nbranch \(branch)\nparent \(parent?.hex ?? "-")\nsequence \(sequence)\n"
        text += "message \(escape(message))\n"
        for source in provenance.sorted() { text += "provenance \(source.repo) \(source.id.hex)\n" }
        for (path, hash) in tree.sorted(by: { $0.key < $1.key }) {
            text += "file \(hash.hex) \(escape(path.description))\n"
        }
        return CommitID(ContentHash(ofText: text))
    }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
    }
}
