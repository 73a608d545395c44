import TuskArtifacts
import TuskCore
import TuskPipelines
import TuskServing
import TuskStore

/// What a command may touch, passed in one small value: the store and the local files under a
/// base directory (later the pipeline runner and the router).
///
/// The REPL, the player, scripts and one-shot shell commands build it the same way, so a
/// command behaves the same wherever it runs.
package struct CommandContext: Sendable {
    package let workspace: Workspace
    /// The seed of commands that sample when they are given none (a scenario's front matter sets it).
    package var seed: Int
    /// Raised by Ctrl-C in the REPL: a command checks it before it writes anything, so an
    /// interrupted command leaves the store and the disk as they were.
    package var cancellation: CancellationFlag?
    /// Whether served requests have their latency measured: a scenario replay runs on a logical
    /// clock instead, so its output and its request log are the same bytes on every run.
    package var measuresLatency = true
    /// Models the router has loaded, shared by every command of a session.
    package var models = ModelCache()
    /// The session the command runs in, for `format` and `save`; nil where there is none (a
    /// pipeline step), and those commands refuse.
    package var session: (any SessionCapability)?

    package init(workspace: Workspace, seed: Int = 0) {
        self.workspace = workspace
        self.seed = seed
    }

    /// A context on `store` with relative local paths starting at `baseDirectory` (and relative
    /// outputs going to `outputDirectory` when given); outputs are never written into the store's
    /// own directory.
    package init(store: Store, baseDirectory: String, outputDirectory: String? = nil, seed: Int = 0) {
        self.init(
            store: DeferredStore(store), baseDirectory: baseDirectory, outputDirectory: outputDirectory, seed: seed)
    }

    /// A context whose store is opened only when a command first needs it (one-shot shell commands).
    package init(store: DeferredStore, baseDirectory: String, outputDirectory: String? = nil, seed: Int = 0) {
        let files = LocalFiles(
            baseDirectory: baseDirectory, protectedDirectories: store.directory.map { [$0] } ?? [],
            outputDirectory: outputDirectory)
        self.init(workspace: Workspace(store: store, files: files), seed: seed)
    }

    /// The store, opened now if no command has used it yet.
    package var store: Store {
        get throws(StoreError) { try workspace.store }
    }
    package var files: LocalFiles { workspace.files }

    /// Throws when the user asked the command to stop; called before anything is written.
    func checkCancelled() throws(Diagnostic) {
        guard let cancellation, cancellation.isCancelled else { return }
        throw Diagnostic("interrupted: nothing was written", help: "run the command again", category: .cancelled)
    }

    /// The pipeline engine on this store (opened now if no command has used it yet); its steps
    /// run tusk commands against `/pfs`.
    package var pipelines: PipelineEngine {
        get throws(PipelineError) {
            do {
                let store = try store
                return PipelineEngine(
                    store: store,
                    runner: CommandStepRunner(store: store, files: files, seed: seed, cancellation: cancellation),
                    cancellation: cancellation)
            } catch {
                throw .store(error)
            }
        }
    }

    /// The router on this store.
    package var serving: ServingEngine {
        ServingEngine(workspace: workspace, measuresLatency: measuresLatency, cache: models, cancellation: cancellation)
    }

    /// Whether a command has opened the store: one that has not cannot have moved a branch.
    package var storeIsOpen: Bool { workspace.deferredStore.isOpen }
}
