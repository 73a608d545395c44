import TuskArtifacts
import TuskCore
import TuskStore

/// What a command may touch, passed in one small value: the store and the local files under a
/// base directory (later the pipeline runner and the router).
///
/// The REPL, the player, scripts and one-shot shell commands build it the same way, so a
/// command behaves the same wherever it runs.
public struct CommandContext: Sendable {
    public let workspace: Workspace

    public init(workspace: Workspace) { self.workspace = workspace }

    /// A context on `store` with relative local paths starting at `baseDirectory`; outputs are
    /// never written into the store's own directory.
    public init(store: Store, baseDirectory: String) {
        let files = LocalFiles(baseDirectory: baseDirectory, protectedDirectories: store.directory.map { [$0] } ?? [])
        self.init(workspace: Workspace(store: store, files: files))
    }

    public var store: Store { workspace.store }
    public var files: LocalFiles { workspace.files }
}
