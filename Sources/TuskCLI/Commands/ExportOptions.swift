import ArgumentParser
import Foundation
import TuskRuntime

/// `--md`, `--html`, `--ipynb`: the run written as a notebook, besides printing it.
///
/// The folders are checked before the run, so a long scenario does not end in a path typo; the
/// files are written after it (also when a command failed: the export shows the error), each
/// beside its final name and then renamed, so a reader never sees half a file.
struct ExportOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Also write the run as Markdown: the scenario with fresh outputs.", valueName: "OUT.md"))
    var md: String?

    @Option(
        help: ArgumentHelp(
            "Also write the run as one self-contained HTML page, with pictures.", valueName: "OUT.html"))
    var html: String?

    @Option(help: ArgumentHelp("Also write the run as a Jupyter notebook (nbformat 4.5).", valueName: "OUT.ipynb"))
    var ipynb: String?

    private var requested: [(option: String, path: String)] {
        [("--md", md), ("--html", html), ("--ipynb", ipynb)].compactMap { option, path in path.map { (option, $0) } }
    }

    /// Refuses exports of a plain script, a missing folder, and the scenario file itself.
    func check(scenario: String?) throws {
        for (option, path) in requested {
            guard let scenario else {
                throw CLIFailure("\(option) applies to scenarios (.md files) only", .usage)
            }
            if URL(fileURLWithPath: path).standardizedFileURL == URL(fileURLWithPath: scenario).standardizedFileURL {
                throw CLIFailure(
                    "\(option) '\(path)' is the scenario itself; 'tusk test --update \(scenario)' rewrites its outputs",
                    .usage)
            }
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue
            else {
                throw CLIFailure("\(option) '\(path)': no folder '\(folder)' to write it in", .usage)
            }
        }
    }

    /// Writes each requested export of `run`.
    func write(_ run: NotebookRun) throws {
        for (option, path) in requested {
            let text =
                switch option {
                case "--md": run.scenario.relocated(run.markdown, to: path)
                case "--html": HTMLNotebook.page(run)
                default: JupyterNotebook.json(run)
                }
            do {
                try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            } catch {
                throw CLIFailure("\(option) '\(path)': cannot write it: \(error.localizedDescription)", .usage)
            }
        }
    }
}
