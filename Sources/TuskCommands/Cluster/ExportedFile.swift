import TuskCore

/// One file of an export: where it goes (relative to the output directory), what it holds, and
/// the line that says so when it is written.
package struct ExportedFile: Sendable, Equatable {
    package enum Content: Sendable, Equatable {
        case text(String)
        /// Bytes made by the export (a model converted to ONNX).
        case bytes([UInt8])
        /// A file of the store, copied when written (data and models can be large).
        case stored(repo: RepoName, commit: CommitID, path: RepoPath)
    }

    /// Relative to the output directory, `/`-separated: `pipelines/income_training.json`.
    package let path: String
    package let content: Content
    /// What the file is, in a few words: `pipeline income_training: train, reads income_data@master:/`.
    package let summary: String

    package init(path: String, content: Content, summary: String) {
        self.path = path
        self.content = content
        self.summary = summary
    }

    /// The text of a text file; nil for a file copied from the store.
    package var text: String? {
        if case .text(let text) = content { return text }
        return nil
    }
}
