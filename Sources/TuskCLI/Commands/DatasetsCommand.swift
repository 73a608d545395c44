import ArgumentParser
import Foundation
import TuskML

/// `tusk datasets`: writes the project's generated datasets (deterministic: same bytes every time).
struct DatasetsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "datasets",
        abstract: "Write the generated census, vendor, collected and request datasets.",
        discussion: "The files are the same, byte for byte, on every run and every machine.")

    @Option(name: .shortAndLong, help: ArgumentHelp("The directory to write to.", valueName: "DIR"))
    var output = "datasets"

    func run() throws {
        do {
            try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
            for (name, text) in DatasetFiles.all() {
                try Data(text.utf8).write(
                    to: URL(fileURLWithPath: output).appendingPathComponent(name), options: .atomic)
                Terminal.print(["wrote \(output)/\(name)"])
            }
        } catch {
            throw CLIFailure("cannot write to '\(output)': \(error.localizedDescription)", .usage)
        }
    }
}
