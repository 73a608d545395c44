import ArgumentParser
import TuskCommands

/// `tusk collect`: the step of a `--collect` pipeline as a Pachyderm container runs it.
struct CollectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "collect",
        abstract: "In a Pachyderm step: link every input file /pfs/REPO/PATH as /pfs/out/REPO/PATH.",
        discussion: """
            What a pipeline created with --collect runs once exported ('tusk export k8s'): the layout \
            of tusk's own collector. The outputs are symbolic links, which Pachyderm uploads by \
            reference, without copying the bytes.
            """)

    @Option(help: ArgumentHelp("Pachyderm's mount directory.", valueName: "DIR"))
    var pfs = "/pfs"

    func run() throws {
        do { Terminal.print(try PFSCollector.collect(root: pfs)) } catch {
            throw CLIFailure(
                ["error: " + error.message] + (error.help.map { ["help: " + $0] } ?? []),
                .usage)
        }
    }
}
