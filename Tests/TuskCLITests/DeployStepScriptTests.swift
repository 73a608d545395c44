import Foundation
import TestSupport
import Testing
import TuskPipelines

/// The script an exported deploy pipeline runs, run by `sh` as a Pachyderm container would, as far
/// as this machine can: its `tusk export seldon-model` line for real, with Pachyderm's
/// `REPO_COMMIT` variable; `rclone` and `kubectl` need a bucket and an API server, and are only
/// checked to be there, in a script `sh -n` reads.
@Suite(.ownThread) struct DeployStepScriptTests {
    let directory: String
    let script: String

    init() throws {
        directory =
            FileManager.default.temporaryDirectory.appendingPathComponent("tusk-deploy-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(
            atPath: directory + "/pfs/income_training", withIntermediateDirectories: true)
        script = try #require(
            SpecParser.DeployStep.command(["tusk", "release", "production", "/pfs/income_training"]))[2]
    }

    static let datasets = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../datasets").standardizedFileURL.path

    /// The script's first lines (`set -eu` and the tusk command), with `/pfs` under the test's
    /// directory and `tusk` this build's.
    func exportLines() throws -> String {
        let lines = script.split(separator: "\n").prefix(3).joined(separator: "\n")
        // Pachyderm's mounts are here under the test's directory: --pfs says where.
        return lines.replacingOccurrences(of: "/pfs/", with: directory + "/pfs/")
            .replacingOccurrences(of: "\ntusk ", with: "\n\"$TUSK\" ") + " --pfs " + directory + "/pfs"
    }

    @Test func theTuskLineWritesTheModelForTheInputCommit() throws {
        let trained = try Spawn.tusk([
            "train", "logistic", "on", Self.datasets + "/census.csv", "--target", "income", "-o",
            directory + "/pfs/income_training/model.json",
        ])
        #expect(trained.status == 0, "\(trained.error)")
        let tusk = try PseudoTerminal.tuskBinary()
        let commit = "8a1f0c2d3e4b5a69788796a5b4c3d2e1"
        let ran = try Spawn.run(
            "/bin/sh", ["-c", try exportLines()], in: directory,
            environment: ["TUSK": tusk, "income_training_COMMIT": commit, "TUSK_STORAGE": "gs://bucket/tusk"])
        #expect(ran.status == 0, "\(ran.error)")
        #expect(ran.output.contains("wrote \(directory)/pfs/out/seldon/production.yaml: Model production"))
        let yaml = String(
            decoding: FileManager.default.contents(atPath: directory + "/pfs/out/seldon/production.yaml") ?? Data(),
            as: UTF8.self)
        #expect(yaml.contains("    tusk/commit: \"\(commit)\"\n"))
        #expect(yaml.contains("  storageUri: gs://bucket/tusk/income_training-8a1f0c2d3e4b\n"))
        #expect(
            FileManager.default.fileExists(
                atPath: directory + "/pfs/out/models/income_training-8a1f0c2d3e4b/1/model.onnx"))

        // Without Pachyderm's variable the step fails before uploading or applying anything.
        let missing = try Spawn.run(
            "/bin/sh", ["-c", try exportLines().replacingOccurrences(of: "/pfs/out", with: directory + "/other")],
            in: directory, environment: ["TUSK": tusk, "TUSK_STORAGE": "gs://bucket/tusk"])
        #expect(missing.status == 65)
        #expect(missing.error.contains("error: '' is not a commit id"))
        #expect(!FileManager.default.fileExists(atPath: directory + "/other"))
    }

    @Test func theWholeScriptParsesAndUsesTheImagesTools() throws {
        let checked = try Spawn.run("/bin/sh", ["-n", "-c", script])
        #expect(checked.status == 0, "\(checked.error)")
        let commands = script.split(separator: "\n").compactMap { $0.split(separator: " ").first.map(String.init) }
        #expect(commands == ["#", "set", "tusk", "rclone", "kubectl", "kubectl"])
    }

    @Test func theCommandHasHelp() throws {
        let help = try Spawn.tusk(["help", "export", "seldon-model"])
        #expect(help.status == 0)
        #expect(help.output.contains("USAGE: tusk export seldon-model <DEPLOYMENT> <MODEL> --commit <ID>"))
        let usage = try Spawn.tusk(["export", "seldon-model", "production"])
        #expect(usage.status == 64)
        #expect(usage.error.contains("Missing expected argument '<MODEL>'"))
    }
}
