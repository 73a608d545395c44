import Foundation
import TuskCore
import TuskPipelines

/// A pipeline spec as Pachyderm 2's `pachctl create pipeline -f` reads it: protojson field names
/// (camelCase), a container image and the command it runs.
///
/// Steps map one to one. A tusk step that writes under `/pfs/out` runs the same command line in
/// the image. A step that writes no file (an `evaluate`, a `drift`, a deploy step's `release`)
/// has its result saved by the embedded engine as `/pfs/out/result.json`; in a container the
/// command does that itself (``SpecParser/ResultStep``). A collector runs `tusk collect`.
struct PachydermPipeline: Encodable, Sendable, Equatable {
    /// What a step is, for the summary and the README.
    enum Step: Sendable, Equatable {
        /// A tusk command that writes its own files under `/pfs/out`.
        case command
        /// A tusk command whose printed result is saved as `/pfs/out/result.json`.
        case result
        /// `tusk collect`: every input file linked into the output.
        case collect
        /// `tusk release DEPLOYMENT …` in every job.
        case deploy(deployment: DeploymentName)

        init(_ spec: PipelineSpec) {
            if spec.collects {
                self = .collect
            } else if let deployment = spec.deployment {
                self = .deploy(deployment: deployment)
            } else if !spec.stdin.isEmpty || spec.command.contains(where: { $0.hasPrefix("/pfs/out/") }) {
                // A script's lines write their own files (the container keeps nothing they print).
                self = .command
            } else {
                self = .result
            }
        }
    }

    struct Name: Encodable, Sendable, Equatable { let name: String }

    struct Transform: Encodable, Sendable, Equatable {
        let image: String
        let cmd: [String]
        /// The script `tusk` reads on its standard input; nil for a one-command step.
        let stdin: [String]?
        /// What a deploy step's script reads (``SpecParser/DeployStep/environment``).
        let env: [String: String]?
    }

    indirect enum Input: Encodable, Sendable, Equatable {
        case pfs(PFS)
        case cross([Input])
        case union([Input])

        struct PFS: Encodable, Sendable, Equatable {
            let repo: String
            let branch: String
            let glob: String
            /// Written only when true, as protojson omits a default.
            let emptyFiles: Bool?
            /// Where the step sees the input, `/pfs/NAME`; written only when the spec names it.
            let name: String?
        }

        init(_ input: PipelineSpec.Input) {
            switch input {
            case .pfs(let pfs):
                self = .pfs(
                    PFS(
                        repo: pfs.repo.rawValue, branch: pfs.branch.rawValue, glob: pfs.glob,
                        emptyFiles: pfs.emptyFiles ? true : nil, name: pfs.name))
            case .cross(let inputs): self = .cross(inputs.map(Input.init))
            case .union(let inputs): self = .union(inputs.map(Input.init))
            }
        }

        enum CodingKeys: String, CodingKey { case pfs, cross, union }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            switch self {
            case .pfs(let pfs): try container.encode(pfs, forKey: .pfs)
            case .cross(let inputs): try container.encode(inputs, forKey: .cross)
            case .union(let inputs): try container.encode(inputs, forKey: .union)
            }
        }
    }

    let pipeline: Name
    let description: String?
    let input: Input
    let transform: Transform
    let reprocessSpec: String?
    /// A deploy step's pod runs under the service account that may apply Seldon's resources.
    let podPatch: String?

    init(_ spec: PipelineSpec, options: ClusterExport.Options) {
        pipeline = Name(name: spec.name.rawValue)
        description = spec.description.isEmpty ? nil : spec.description
        input = Input(spec.input)
        let stdin = spec.stdin.isEmpty ? nil : spec.stdin
        switch Step(spec) {
        case .command, .collect:
            transform = Transform(image: options.image, cmd: spec.cmd, stdin: stdin, env: nil)
            podPatch = nil
        case .result:
            transform = Transform(
                image: options.image, cmd: SpecParser.ResultStep.command(spec.cmd), stdin: stdin, env: nil)
            podPatch = nil
        case .deploy:
            // Step(spec) is .deploy only for `tusk release D /pfs/…`, which DeployStep writes.
            transform = Transform(
                image: options.deployImage, cmd: SpecParser.DeployStep.command(spec.cmd) ?? spec.cmd, stdin: nil,
                env: [
                    "SELDON_NAMESPACE": options.seldonNamespace, "TUSK_STORAGE": options.trimmedStorage,
                    "TUSK_RCLONE_STORAGE": options.rcloneStorage ?? "",
                ])
            podPatch = SpecParser.DeployStep.podPatch(serviceAccount: ClusterRBAC.serviceAccount)
        }
        reprocessSpec = spec.reprocessSpec
    }

    /// Pretty-printed JSON with sorted keys: the same bytes on every run.
    var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Strings, booleans and arrays of them always encode.
        let data = (try? encoder.encode(self)) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// Pachyderm's rule for repo and pipeline names (stricter than tusk's, which allows `.`).
    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 63
            && name.unicodeScalars.allSatisfy {
                ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_"
                    || $0 == "-"
            }
    }
}
