import Foundation
import Testing
import TuskCore
import TuskServing
import TuskStore

@testable import TuskRuntime

/// A record the store holds but cannot read back (bytes damaged under it) fails the command that
/// reads it, naming the record, instead of silently dropping it from a list.
@Suite struct CorruptRecordTests {
    let store: Store
    let session: Session

    init() throws {
        store = try Store.inMemory()
        session = Session(store: store)
        for line in [
            "create deployment production", "create deployment staging", "create repo r",
            "create pipeline copy --input r@master:/ --collect",
        ] {
            #expect(run(line).succeeded, "\(line)")
        }
    }

    func run(_ text: String) -> CommandResult { session.execute(SourceText(name: "<t>", text: text)) }

    /// Damages one record's bytes through the store's own document API.
    func damage(_ collection: String, _ key: String) throws {
        #expect(try store.document(in: collection, key: key) != nil)
        try store.write(
            documents: [Document(collection: collection, key: key, value: Data(#"{"name": "\#(key)", "#.utf8))])
    }

    @Test func aCorruptDeploymentIsNamedNotDropped() throws {
        #expect(run("list deployment").succeeded)
        try damage(DeploymentRegistry.collection, "staging")
        let listed = run("list deployment")
        #expect(
            listed.error?.message.hasPrefix("store is damaged: the deployment record 'staging' is unreadable: ")
                == true,
            "\(String(describing: listed.error))")
        #expect(listed.error?.help == "restore it from a copy")
        #expect(listed.output.isEmpty)
        // The damaged one fails wherever it is read; the others still answer.
        #expect(run("inspect deployment staging").error?.message.contains("record 'staging' is unreadable") == true)
        #expect(run("rollback staging").error?.message.contains("record 'staging' is unreadable") == true)
        #expect(run("inspect deployment production").succeeded)
    }

    @Test func aCorruptPipelineIsNamedNotDropped() throws {
        #expect(run("list pipeline").succeeded)
        try damage("pipeline", "copy")
        let listed = run("list pipeline")
        #expect(
            listed.error?.message == "the pipeline record 'copy' is unreadable", "\(String(describing: listed.error))")
    }
}
