/// The fields of Pachyderm's pipeline spec, level by level (from its `CreatePipelineRequest`
/// JSON schema): those tusk runs, and those it knows and refuses, each with the nearest tusk way.
/// Where that way is a command, the help here says it in plain words and the field is named in
/// ``byCommand``: the DSL words the command (the engine knows no command's syntax).
///
/// Why refuse rather than ignore: a spec that runs here is exported to a cluster as it is; a
/// `parallelism_spec` or a `join` accepted and ignored would run one way here and another there.
public enum SpecFields {
    /// One level of the spec: the fields tusk reads, and Pachyderm's others with why not.
    public struct Level: Sendable {
        public let known: [String]
        /// Pachyderm's protojson (camelCase) name → the nearest tusk way.
        let refused: [(name: String, help: String)]

        /// The nearest tusk way for a field Pachyderm has, in either spelling (`parallelism_spec`
        /// or `parallelismSpec`), and whether that way is a command; nil for a field Pachyderm
        /// does not have.
        public func unsupported(_ field: String) -> (help: String, command: Bool)? {
            let camel = SpecFields.camelCase(field)
            guard let refusal = refused.first(where: { $0.name == camel || $0.name == field }) else { return nil }
            return (refusal.help, SpecFields.byCommand.contains(refusal.name))
        }

        /// Pachyderm's names at this level, in both spellings (for did-you-mean).
        public var pachydermNames: [String] { refused.flatMap { [$0.name, SpecFields.snakeCase($0.name)] } }
    }

    /// The refused fields whose nearest tusk way is a command.
    public static let byCommand: Set<String> = [
        "egress", "outputBranch", "service", "spout", "salt", "datumTries", "cron", "trigger", "errCmd", "errStdin",
        "debug",
    ]

    static let dropIt = "tusk runs every step in its own process, with no pods or containers: remove it"

    public static let top = Level(
        known: ["pipeline", "description", "input", "transform", "reprocess_spec", "reprocessSpec"],
        refused: [
            ("tfJob", "train with a tusk step instead: transform.cmd: [tusk, train, ...]"),
            ("parallelismSpec", "tusk processes a job's datums one after another, in one process: remove it"),
            ("egress", "copy the output out of the pipeline's repo"),
            ("outputBranch", "a pipeline writes to PIPELINE@master; move another branch to its commits"),
            ("s3Out", "a step writes its output as files under /pfs/out"),
            ("resourceRequests", dropIt), ("resourceLimits", dropIt), ("sidecarResourceLimits", dropIt),
            ("sidecarResourceRequests", dropIt),
            ("service", "serve a released model with tusk's HTTP server"),
            ("spout", "add data by putting files in an input repo"),
            ("datumSetSpec", "tusk processes datums one at a time: remove it"),
            ("datumTimeout", "stop a job with Ctrl-C: remove it"), ("jobTimeout", "stop a job with Ctrl-C: remove it"),
            ("salt", "run the pipeline again instead"),
            ("datumTries", "a failed datum fails the job; run the pipeline again"),
            ("schedulingSpec", dropIt), ("podSpec", dropIt), ("podPatch", dropIt), ("tolerations", dropIt),
            ("autoscaling", dropIt), ("determined", dropIt), ("maximumExpectedUptime", dropIt),
            ("metadata", "say what the pipeline is for in description"),
        ])

    public static let pipeline = Level(
        known: ["name"], refused: [("project", "tusk has one project, the store: remove it")])

    public static let input = Level(
        known: ["pfs", "cross", "union"],
        refused: [
            ("join", "cross the inputs (cross: [...]) and let the step pick the files that belong together"),
            ("group", "give the input glob / so that one datum holds every file"),
            (
                "cron",
                "start jobs by moving an input branch, or by running the pipeline again"
            ),
        ])

    public static let pfs = Level(
        known: ["repo", "branch", "glob", "name", "empty_files", "emptyFiles"],
        refused: [
            ("project", "tusk has one project, the store: remove it"),
            ("repoType", "tusk has one kind of repo: remove it"),
            ("commit", "input cannot come from a commit; use a branch with head pointing to the commit"),
            ("joinOn", "join inputs are not supported by tusk: use cross"),
            ("outerJoin", "join inputs are not supported by tusk: use cross"),
            ("groupBy", "group inputs are not supported by tusk: use glob /"),
            ("lazy", "a step reads its input files from the store as it needs them already: remove it"),
            ("s3", "a step reads its input as files under /pfs/NAME"),
            ("trigger", "move the input branch by hand"),
            ("propagationSpec", "every new head of an input branch starts a job: remove it"),
            ("reference", "remove it"),
        ])

    public static let transform = Level(
        known: ["cmd", "image", "stdin"],
        refused: [
            ("errCmd", "a failed datum fails the job: its log says why"),
            ("errStdin", "a failed datum fails the job: its log says why"),
            ("env", "pass values to the step as options of its command"),
            ("secrets", dropIt), ("imagePullSecrets", dropIt),
            ("acceptReturnCode", "a tusk command that fails fails its datum: remove it"),
            ("debug", "a job's log holds what its steps printed"), ("user", dropIt), ("workingDir", dropIt),
            ("dockerfile", dropIt), ("memoryVolume", dropIt), ("datumBatching", dropIt),
        ])

    /// A level with `fields` read rather than refused: a deploy step's `podPatch` and
    /// `transform.env`, in the shape `tusk export k8s` writes (``SpecParser/DeployStep``).
    static func reading(_ fields: [String], in level: Level) -> Level {
        Level(known: level.known + fields, refused: level.refused.filter { !fields.contains($0.name) })
    }

    /// `parallelism_spec` → `parallelismSpec`.
    static func camelCase(_ name: String) -> String {
        var result = ""
        var upper = false
        for character in name {
            if character == "_" {
                upper = true
            } else {
                result += upper ? character.uppercased() : String(character)
                upper = false
            }
        }
        return result
    }

    /// `parallelismSpec` → `parallelism_spec`.
    static func snakeCase(_ name: String) -> String {
        name.reduce(into: "") { result, character in
            result += character.isUppercase ? "_" + character.lowercased() : String(character)
        }
    }
}
