extension SpecParser {
    /// A deploy step (`tusk release D /pfs/NAME`) as a Pachyderm container runs it. In tusk the
    /// step changes the deployment in the store; on a cluster there is no such store, so
    /// `tusk export k8s` writes a shell script that does what the original Pachyderm–Seldon
    /// demo's deployment pipeline did for its input commit:
    ///
    ///     # tusk release production /pfs/income_training
    ///     set -eu
    ///     tusk export seldon-model production /pfs/income_training --commit "$(printenv income_training_COMMIT)" \
    ///         --storage "$TUSK_STORAGE" -o /pfs/out
    ///     rclone copy /pfs/out/models "$TUSK_RCLONE_STORAGE"
    ///     kubectl apply -n "$SELDON_NAMESPACE" -f /pfs/out/seldon
    ///     kubectl wait -n "$SELDON_NAMESPACE" --for condition=ready --timeout 300s -f /pfs/out/seldon
    ///
    /// (on one line each). Pachyderm sets `NAME_COMMIT` to the input commit's id in every
    /// container; `printenv` reads it whatever characters the input's name holds. The variables
    /// in capitals are the spec's `transform.env` (``environment``), and the pod runs under the
    /// service account of ``podPatch(serviceAccount:)``.
    ///
    /// ``words(_:)`` reads that exact script back as the tusk command (its first line), so
    /// `create pipeline -f` of an exported deploy spec creates the tusk deploy step again; any
    /// other script is refused as before.
    public enum DeployStep {
        /// The variables the script reads from `transform.env`.
        public static let environment = ["SELDON_NAMESPACE", "TUSK_RCLONE_STORAGE", "TUSK_STORAGE"]

        /// The `sh -c` command line of the deploy step `cmd` (`tusk release D /pfs/NAME[/PATH]`).
        public static func command(_ cmd: [String]) -> [String]? {
            guard cmd.count == 4, PipelineSpec.isTusk(cmd.first), cmd[1] == "release",
                let input = PFSPath.input(cmd[3])
            else { return nil }
            let q = ResultStep.quote
            let script = [
                "# " + cmd.map(q).joined(separator: " "),
                "set -eu",
                "tusk export seldon-model \(q(cmd[2])) \(q(cmd[3])) --commit \"$(printenv \(q(input + "_COMMIT"))"
                    + ")\" --storage \"$TUSK_STORAGE\" -o /pfs/out",
                "rclone copy /pfs/out/models \"$TUSK_RCLONE_STORAGE\"",
                "kubectl apply -n \"$SELDON_NAMESPACE\" -f /pfs/out/seldon",
                "kubectl wait -n \"$SELDON_NAMESPACE\" --for condition=ready --timeout 300s -f /pfs/out/seldon",
            ]
            return ["sh", "-c", script.joined(separator: "\n") + "\n"]
        }

        /// The tusk command of a script written by ``command(_:)``; nil for anything else.
        public static func words(_ cmd: [String]) -> [String]? {
            guard cmd.count == 3, cmd[0] == "sh", cmd[1] == "-c", cmd[2].hasPrefix("# "),
                let first = cmd[2].split(separator: "\n", maxSplits: 1).first,
                let words = ResultStep.split(String(first.dropFirst(2))),
                command(words) == cmd
            else { return nil }
            return words
        }

        /// The JSON Patch (RFC 6902) Pachyderm applies to the pipeline's pod spec: the pod runs
        /// under `serviceAccount`, which may apply Seldon's resources.
        public static func podPatch(serviceAccount: String) -> String {
            "[{\"op\":\"add\",\"path\":\"/serviceAccountName\",\"value\":\"\(serviceAccount)\"}]"
        }

        /// Whether `patch` is one ``podPatch(serviceAccount:)`` writes, and for which account.
        public static func serviceAccount(_ patch: String) -> String? {
            let prefix = "[{\"op\":\"add\",\"path\":\"/serviceAccountName\",\"value\":\""
            guard patch.hasPrefix(prefix), patch.hasSuffix("\"}]") else { return nil }
            let name = String(patch.dropFirst(prefix.count).dropLast(3))
            let valid =
                !name.isEmpty
                && name.unicodeScalars.allSatisfy {
                    ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "."
                }
            return valid ? name : nil
        }
    }
}

/// `/pfs/NAME/…` paths.
enum PFSPath {
    /// The input a step's path is under: `income_training` for `/pfs/income_training/model.json`.
    static func input(_ path: String) -> String? {
        guard path.hasPrefix("/pfs/") else { return nil }
        let name = path.dropFirst(5).split(separator: "/", omittingEmptySubsequences: false).first.map(String.init)
        guard let name, !name.isEmpty, name != "out" else { return nil }
        return name
    }
}
