import Foundation
import TuskCommands
import TuskCore
import TuskStore

extension Session {
    /// Carries out `export k8s`: the cluster exporters live here, above the command layer. A
    /// relative directory goes where the session writes its outputs (a test's scratch directory).
    func export(_ request: ExportRequest, context: CommandContext) throws(Diagnostic) -> ClusterExported {
        if context.cancellation?.isCancelled == true {
            throw Diagnostic("interrupted: nothing was written", help: "run the command again", category: .cancelled)
        }
        let store: Store
        do { store = try context.store } catch {
            throw Diagnostic(error.message, help: Diagnose.help(for: error), category: .storeFailure)
        }
        var options = ClusterExport.Options()
        if let image = request.image { options.image = image }
        if let storage = request.storage { options.storage = storage }
        let export = ClusterExport(store: store, options: options)
        let directory = context.files.outputURL(request.out).path
        do {
            let files = try export.files()
            try export.write(files, to: directory)
            return ClusterExported(
                out: request.out, files: files.map { ClusterExported.File(path: $0.path, summary: $0.summary) })
        } catch {
            throw Diagnostic(
                error.message, at: error.kind == .io ? request.outSpan : nil, help: error.help,
                category: error.kind == .store ? .storeFailure : .input)
        }
    }
}
