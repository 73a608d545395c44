import ArgumentParser
import Foundation
import TuskCore
import TuskRuntime

/// `tusk` / `tusk repl`: the interactive prompt, or a script read from a pipe.
struct ReplCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repl",
        abstract: "Open the interactive prompt (the default); with piped input, run it as a script.")

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        let storePath = storeOptions.store ?? ".tusk"
        let storeIsNew = REPL.isNewStore(at: storePath)
        let session = Session(store: try storeOptions.open(fallback: storePath))
        guard Terminal.inputIsInteractive else {
            let data = FileHandle.standardInput.readDataToEndOfFile()
            let text = String(decoding: data, as: UTF8.self)
            return try ScriptRunner.run(Script.commands(in: text, name: "<stdin>"), on: session)
        }
        REPL(session: session, storePath: storePath, storeIsNew: storeIsNew).loop()
    }
}
