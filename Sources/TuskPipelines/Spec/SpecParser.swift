import TuskCore
import Yams

/// Reads Pachyderm pipeline specs (YAML or JSON; JSON is YAML) as Pachyderm reads them, with a
/// located error (`file:line:col`) for each mistake.
///
/// - A stream of specs (YAML documents separated by `---`, or JSON objects one after another, as
///   `pachctl create pipeline -f` reads them) is a list of pipelines.
/// - Field names are accepted in both spellings Pachyderm reads: the proto names of its docs
///   (`reprocess_spec`, `empty_files`) and the protojson names `pachctl` prints and
///   `tusk export k8s` writes (`reprocessSpec`, `emptyFiles`).
/// - An input's `name` is where the step sees it (`/pfs/NAME`); `glob` is required, as in
///   Pachyderm, and follows its glob syntax (``Glob``), cleaned as Pachyderm cleans it.
/// - `transform.stdin` with `cmd: [tusk]` is a script of tusk commands, one a line.
/// - Every other field of Pachyderm's spec is known and refused by name as not supported by
///   tusk, with the nearest tusk way (``SpecFields``); a field
///   Pachyderm does not have either is an unknown field, with a did-you-mean.
public enum SpecParser {
    /// A command a step runs: the words of `transform.cmd` (without `tusk`), or a line of its
    /// `stdin` script.
    public enum StepCommand: Sendable, Equatable {
        case words([String])
        case line(String)
    }

    /// A check the caller makes of each command a step runs (the DSL parses it, the sandbox
    /// allows it): nil when fine, else the message and the help.
    /// `deployment` is what the spec's deploy step releases to (see ``PipelineSpec/deployment``).
    public typealias CommandCheck =
        @Sendable (_ command: StepCommand, _ deployment: DeploymentName?) -> (
            message: String, help: String?
        )?

    /// The one spec in `text`; a stream of several is refused (use ``parseAll(_:file:check:)``).
    public static func parse(_ text: String, file: String, check: CommandCheck? = nil) throws(PipelineError)
        -> PipelineSpec
    {
        let specs = try parseAll(text, file: file, check: check)
        guard specs.count == 1 else {
            throw PipelineError(.invalidSpec, "the file holds \(specs.count) specs, not one", file: file)
        }
        return specs[0]
    }

    /// Every spec of a stream, in order.
    public static func parseAll(_ text: String, file: String, check: CommandCheck? = nil) throws(PipelineError)
        -> [PipelineSpec]
    {
        let reader = Reader(file: file, check: check)
        var specs: [PipelineSpec] = []
        for root in try documents(text, file: file) { specs.append(try reader.spec(root)) }
        guard !specs.isEmpty else {
            throw PipelineError(.invalidSpec, "the spec is empty", remedy: .specFormat, file: file)
        }
        return specs
    }

    /// The documents of a YAML stream, or of a stream of JSON objects (each composed with its
    /// place in the file kept, so errors point into the file).
    static func documents(_ text: String, file: String) throws(PipelineError) -> [Node] {
        var nodes: [Node] = []
        do {
            for chunk in jsonObjects(text) ?? [text] {
                var stream = try Yams.compose_all(yaml: chunk)
                while let node = stream.next() { nodes.append(node) }
                if let error = stream.error { throw error }
            }
        } catch let error as YamlError {
            throw located(error, file: file)
        } catch {
            throw PipelineError(.invalidSpec, "cannot read the spec: \(VisibleText.clipped("\(error)"))", file: file)
        }
        return nodes
    }

    /// Top-level JSON objects one after another (`{…} {…}`), each padded with the lines and
    /// columns before it so positions stay those of the file; nil when the text is not such a
    /// stream of two or more objects (YAML, or one object).
    static func jsonObjects(_ text: String) -> [String]? {
        let scalars = Array(text.unicodeScalars)
        var objects: [String] = []
        var index = 0
        var line = 0
        var column = 0
        func advance() {
            if scalars[index] == "\n" {
                line += 1
                column = 0
            } else {
                column += 1
            }
            index += 1
        }
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" {
                advance()
                continue
            }
            guard scalar == "{" else { return nil }
            let start = (line, column)
            var body = String.UnicodeScalarView()
            var depth = 0
            var inString = false
            var escaped = false
            repeat {
                let c = scalars[index]
                body.append(c)
                if inString {
                    if escaped {
                        escaped = false
                    } else if c == "\\" {
                        escaped = true
                    } else if c == "\"" {
                        inString = false
                    }
                } else if c == "\"" {
                    inString = true
                } else if c == "{" {
                    depth += 1
                } else if c == "}" {
                    depth -= 1
                }
                advance()
            } while depth > 0 && index < scalars.count
            objects.append(
                String(repeating: "\n", count: start.0) + String(repeating: " ", count: start.1) + String(body))
        }
        return objects.count > 1 ? objects : nil
    }

    static func located(_ error: YamlError, file: String) -> PipelineError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return PipelineError(
                .invalidSpec, "not valid YAML or JSON: \(VisibleText.clipped(problem, to: 80))", file: file,
                line: mark.line, column: mark.column)
        case .duplicatedKeysInMapping(let duplicates, let context):
            return PipelineError(
                .invalidSpec, "the field '\(VisibleText.clipped(duplicates.first ?? ""))' is given twice",
                help: "keep one",
                file: file, line: context.mark.line, column: context.mark.column)
        default:
            return PipelineError(
                .invalidSpec, "not valid YAML or JSON: \(VisibleText.clipped("\(error)", to: 80))", file: file)
        }
    }

    /// Walks nodes, turning each surprise into a located error.
    struct Reader {
        let file: String
        let check: CommandCheck?

        func spec(_ root: Node) throws(PipelineError) -> PipelineSpec {
            // A deploy step as `tusk export k8s` writes it also names its pod's service account.
            let deployScript = Self.deployScript(root)
            let top = try mapping(
                root, "the spec", deployScript ? SpecFields.reading(["podPatch"], in: SpecFields.top) : SpecFields.top)
            if let patch = top["podPatch"] {
                guard SpecParser.DeployStep.serviceAccount(try string(patch, "podPatch")) != nil else {
                    throw error(
                        "podPatch is read only as a deploy step's service account, as the cluster export writes it",
                        at: patch, help: SpecFields.dropIt)
                }
            }
            guard let pipeline = top["pipeline"] else {
                throw missing("pipeline", in: root, example: "pipeline: {name: NAME}")
            }
            let nameNode = try mapping(pipeline, "pipeline", SpecFields.pipeline)["name"]
            guard let nameNode else {
                throw missing("pipeline.name", in: pipeline, example: "name: income_training")
            }
            let name: RepoName = try value(nameNode, "pipeline.name") { text throws in try RepoName(text) }
            let description =
                try top["description"].map { node throws(PipelineError) in
                    try string(node, "description")
                } ?? ""
            guard let inputNode = top["input"] else {
                throw missing("input", in: root, example: "input: {pfs: {repo: REPO, glob: /}}")
            }
            let input = try self.input(inputNode, "input")
            if let clash = input.clashingMount {
                throw clash == "out"
                    ? error(
                        "input cannot be named out", at: inputNode,
                        help: "/pfs/out is the output: give the input another name")
                    : error(
                        "name \"\(VisibleText.clipped(clash))\" was used more than once", at: inputNode,
                        help: "give one of the inputs another name (name: NAME): the step sees it at /pfs/NAME")
            }
            guard let transformNode = top["transform"] else {
                throw missing("transform", in: root, example: "transform: {cmd: [tusk, ...]}")
            }
            var reprocess: String?
            if case let (field, node)? = try either("reprocess_spec", "reprocessSpec", in: top) {
                let value = try string(node, field)
                guard value == "until_success" || value == PipelineSpec.everyJob else {
                    throw error(
                        "\(field) is 'until_success' or 'every_job', not '\(VisibleText.clipped(value))'", at: node,
                        help: "every_job runs every datum again in each job (a deploy step)")
                }
                reprocess = value == PipelineSpec.everyJob ? value : nil
            }
            let (cmd, stdin) = try transform(transformNode, reprocess: reprocess, deployScript: deployScript)
            return PipelineSpec(
                name: name, description: description, input: input, cmd: cmd, stdin: stdin, reprocessSpec: reprocess)
        }

        /// `transform.cmd` (and `transform.stdin`): tusk with its command, or tusk reading a script.
        func transform(_ node: Node, reprocess: String?, deployScript: Bool) throws(PipelineError) -> (
            [String], [String]
        ) {
            let transform = try mapping(
                node, "transform",
                deployScript ? SpecFields.reading(["env"], in: SpecFields.transform) : SpecFields.transform)
            if let env = transform["env"] {
                // What the script reads on a cluster; the embedded engine releases into its router.
                let names = try mapping(
                    env, "transform.env", SpecFields.Level(known: SpecParser.DeployStep.environment, refused: []))
                for name in SpecParser.DeployStep.environment {
                    guard let value = names[name] else {
                        throw missing("transform.env.\(name)", in: env, example: "\(name): VALUE")
                    }
                    _ = try string(value, "transform.env.\(name)")
                }
            }
            guard let cmdNode = transform["cmd"] else {
                throw missing("transform.cmd", in: node, example: "cmd: [tusk, train, ...]")
            }
            guard case .sequence(let items) = cmdNode, !items.isEmpty else {
                throw error("transform.cmd must be a list of words", at: cmdNode, help: "cmd: [tusk, train, ...]")
            }
            var cmd: [String] = []
            for item in items { cmd.append(try string(item, "transform.cmd")) }
            if let words = ResultStep.words(cmd) ?? DeployStep.words(cmd) { cmd = words }
            guard PipelineSpec.isTusk(cmd.first) else {
                throw error(
                    "transform.cmd must run tusk, not '\(VisibleText.clipped(cmd[0]))'", at: items.first ?? cmdNode,
                    help:
                        "the embedded engine runs tusk commands: cmd: [tusk, train, ...], or cmd: [tusk] with a script in stdin"
                )
            }
            var stdin: [String] = []
            if let stdinNode = transform["stdin"] {
                guard case .sequence(let lines) = stdinNode else {
                    throw error(
                        "transform.stdin must be a list of lines", at: stdinNode, help: "stdin: [\"train ...\"]")
                }
                guard cmd.count == 1 else {
                    throw error(
                        "transform.stdin is a script for tusk alone, and cmd also names a command", at: stdinNode,
                        help: "set cmd: [tusk] to run the script, or drop stdin")
                }
                for line in lines {
                    let text = try string(line, "transform.stdin")
                    stdin.append(text)
                    for command in PipelineSpec.scriptLines([text]) {
                        try checked(.line(command), deployment: nil, at: line, what: "transform.stdin")
                    }
                }
                guard !PipelineSpec.scriptLines(stdin).isEmpty else {
                    throw error(
                        "transform.stdin holds no command", at: stdinNode,
                        help: "one tusk command a line, e.g. stdin: [\"describe /pfs/data/train.csv\"]")
                }
            } else if cmd.count == 1 {
                throw error(
                    "transform.cmd runs tusk with nothing to run", at: cmdNode,
                    help: "add the command, e.g. cmd: [tusk, train, ...], or a script: stdin: [\"train ...\"]")
            } else if cmd.dropFirst() != ["collect"] {
                let deployment = PipelineSpec.deployment(cmd: cmd, stdin: [], reprocessSpec: reprocess)
                try checked(.words(Array(cmd.dropFirst())), deployment: deployment, at: cmdNode, what: "transform.cmd")
            }
            return (cmd, stdin)
        }

        /// Whether the spec's `transform.cmd` is a deploy step's script (``DeployStep``).
        static func deployScript(_ root: Node) -> Bool {
            func field(_ node: Node, _ name: String) -> Node? {
                guard case .mapping(let mapping) = node else { return nil }
                return mapping.first { $0.key.string == name }?.value
            }
            guard let transform = field(root, "transform"), let cmd = field(transform, "cmd"),
                case .sequence(let items) = cmd
            else { return false }
            let words = items.compactMap(\.string)
            return words.count == items.count && DeployStep.words(words) != nil
        }

        func checked(_ command: StepCommand, deployment: DeploymentName?, at node: Node, what: String)
            throws(PipelineError)
        {
            guard let check, let problem = check(command, deployment) else { return }
            throw error("\(what): \(problem.message)", at: node, help: problem.help)
        }

        func error(_ message: String, at node: Node, help: String? = nil, remedy: PipelineError.Remedy? = nil)
            -> PipelineError
        {
            PipelineError(
                .invalidSpec, message, help: help, remedy: remedy, file: file, line: node.mark?.line,
                column: node.mark?.column)
        }

        func missing(_ field: String, in node: Node, example: String) -> PipelineError {
            error("the spec has no '\(field)'", at: node, help: "add \(example)")
        }

        /// The fields of a mapping; a field Pachyderm has and tusk does not run is refused by name.
        func mapping(_ node: Node, _ what: String, _ fields: SpecFields.Level) throws(PipelineError) -> [String: Node] {
            guard case .mapping(let mapping) = node else {
                throw error("\(what) must be a mapping of fields", at: node)
            }
            var result: [String: Node] = [:]
            for (key, value) in mapping {
                let name = key.string ?? ""
                if fields.known.contains(name) {
                    result[name] = value
                    continue
                }
                if let refusal = fields.unsupported(name) {
                    throw error(
                        "'\(name)' in \(what) is Pachyderm's, not supported by tusk", at: key, help: refusal.help,
                        remedy: refusal.command ? .unsupportedField(SpecFields.camelCase(name)) : nil)
                }
                throw error(
                    "unknown field '\(VisibleText.clipped(name))' in \(what)", at: key,
                    help: Suggestion.didYouMean(name, among: fields.known + fields.pachydermNames)
                        ?? "known: " + fields.known.joined(separator: ", "))
            }
            return result
        }

        /// The field spelled either way (proto or protojson), with the spelling used; both is an error.
        func either(_ proto: String, _ json: String, in fields: [String: Node]) throws(PipelineError) -> (
            String, Node
        )? {
            switch (fields[proto], fields[json]) {
            case (let node?, nil): return (proto, node)
            case (nil, let node?): return (json, node)
            case (_?, let node?): throw error("'\(proto)' and '\(json)' are the same field", at: node, help: "keep one")
            case (nil, nil): return nil
            }
        }

        /// A string: a quoted scalar, or a plain one YAML reads as a string (`5`, `true` and
        /// `null` are a number, a boolean and nothing, as protojson reads them).
        func string(_ node: Node, _ what: String) throws(PipelineError) -> String {
            guard case .scalar(let scalar) = node else { throw error("\(what) must be a string", at: node) }
            if scalar.style == .plain, node.tag.rawValue != Tag.Name.str.rawValue {
                throw error(
                    "\(what) must be a string, not \(VisibleText.clipped(scalar.string))", at: node,
                    help: "quote it: \"\(VisibleText.clipped(scalar.string))\"")
            }
            return scalar.string
        }

        /// A string read as a typed value (a repo or branch name), its error located at the node.
        func value<T>(_ node: Node, _ what: String, _ make: (String) throws -> T) throws(PipelineError) -> T {
            let text = try string(node, what)
            do { return try make(text) } catch { throw self.error("\(error)", at: node) }
        }

        func input(_ node: Node, _ what: String) throws(PipelineError) -> PipelineSpec.Input {
            let fields = try mapping(node, what, SpecFields.input)
            guard fields.count == 1, let (kind, value) = fields.first else {
                throw error(
                    fields.isEmpty ? "\(what) sets no input" : "\(what) sets multiple input types", at: node,
                    help: "one of pfs, cross or union, e.g. input: {pfs: {repo: REPO, glob: /}}")
            }
            switch kind {
            case "pfs": return .pfs(try pfs(value, "\(what).pfs"))
            default:
                guard case .sequence(let items) = value, !items.isEmpty else {
                    throw self.error("\(what).\(kind) must be a list of inputs", at: value)
                }
                var inputs: [PipelineSpec.Input] = []
                for (index, item) in items.enumerated() { inputs.append(try input(item, "\(what).\(kind)[\(index)]")) }
                return kind == "cross" ? .cross(inputs) : .union(inputs)
            }
        }

        func pfs(_ value: Node, _ what: String) throws(PipelineError) -> PipelineSpec.Input.PFS {
            let pfs = try mapping(value, what, SpecFields.pfs)
            guard let repoNode = pfs["repo"] else {
                throw missing("\(what).repo", in: value, example: "repo: income_data")
            }
            let repo: RepoName = try self.value(repoNode, "\(what).repo") { text throws in try RepoName(text) }
            let branch: BranchName =
                try pfs["branch"].map { node throws(PipelineError) in
                    try self.value(node, "\(what).branch") { text throws in try BranchName(text) }
                } ?? .master
            var name: String?
            if let nameNode = pfs["name"] {
                let text = try string(nameNode, "\(what).name")
                guard !text.isEmpty, !text.contains("/"), text != ".", text != ".." else {
                    throw error(
                        "\(what).name '\(VisibleText.clipped(text))' cannot be a mount name", at: nameNode,
                        help: "a name is one path segment: the step sees the input at /pfs/NAME")
                }
                name = text
            }
            if repo.rawValue == "out" && name == nil {
                throw error(
                    "an input of a repo named out must set 'name'", at: repoNode,
                    help: "/pfs/out is the output: add name: NAME")
            }
            guard let globNode = pfs["glob"] else {
                throw error(
                    "input must specify a glob", at: value,
                    help: "add glob: / (the whole commit, one datum) or /* (one datum per top-level entry)")
            }
            let glob = try self.glob(try string(globNode, "\(what).glob"), at: globNode)
            var empty = false
            if case let (field, node)? = try either("empty_files", "emptyFiles", in: pfs) {
                guard case .scalar(let scalar) = node, let flag = Bool(scalar.string) else {
                    throw self.error("\(field) must be true or false", at: node)
                }
                empty = flag
            }
            return .init(repo: repo, branch: branch, glob: glob, emptyFiles: empty, name: name)
        }

        /// The glob as Pachyderm cleans it (`*.csv` is `/*.csv`, `/a//b/` is `/a/b`), once it is
        /// known to compile and to stay inside the commit.
        func glob(_ text: String, at node: Node) throws(PipelineError) -> String {
            let segments = text.split(separator: "/", omittingEmptySubsequences: true)
            if segments.contains(where: { $0 == ".." || $0 == "." }) {
                throw error(
                    "glob '\(VisibleText.clipped(text))' climbs out with '.' or '..'", at: node,
                    help: "a glob matches paths inside the input commit, from its root: e.g. /*")
            }
            let cleaned = "/" + segments.joined(separator: "/")
            do { _ = try Glob(cleaned) } catch {
                throw self.error(
                    "glob '\(VisibleText.clipped(text))' does not compile: \(error.message)", at: node, help: error.help
                )
            }
            return cleaned
        }
    }
}

extension SpecParser {
    /// A step that writes no file, as a Pachyderm container runs it: the embedded engine saves
    /// such a step's result as `/pfs/out/result.json` itself, but in a container nothing would
    /// catch what it prints, so `tusk export k8s` writes
    /// `["sh", "-c", "tusk evaluate … --format json > /pfs/out/result.json"]`, and this reads that
    /// form back as the tusk command it runs. Only this exact shape is read; any other shell
    /// command is refused as before.
    public enum ResultStep {
        /// What follows the tusk command in the script.
        public static let redirect = " --format json > /pfs/out/result.json"

        /// The `sh -c` command line that runs `cmd` (`tusk` first) and saves what it prints.
        public static func command(_ cmd: [String]) -> [String] {
            ["sh", "-c", cmd.map(quote).joined(separator: " ") + redirect]
        }

        /// The tusk command of a `sh -c` line written by ``command(_:)``; nil for anything else.
        public static func words(_ cmd: [String]) -> [String]? {
            guard cmd.count == 3, cmd[0] == "sh", cmd[1] == "-c", cmd[2].hasSuffix(redirect) else { return nil }
            guard let words = split(String(cmd[2].dropLast(redirect.count))), words.first == "tusk" else { return nil }
            return words
        }

        /// A word as POSIX sh reads it back: bare when it holds nothing the shell interprets,
        /// else in single quotes (a quote inside written as `'\''`).
        static func quote(_ word: String) -> String {
            let plain = word.unicodeScalars.allSatisfy {
                ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
                    || "_-./:@=,+%".unicodeScalars.contains($0)
            }
            if plain && !word.isEmpty { return word }
            return "'" + word.map { $0 == "'" ? "'\\''" : String($0) }.joined() + "'"
        }

        /// The words of a script made of bare and single-quoted words (and `\'`) only; nil when it
        /// holds anything else a shell would interpret.
        static func split(_ script: String) -> [String]? {
            var words: [String] = []
            var current = ""
            var inWord = false
            var quoted = false
            var characters = script[...]
            while let character = characters.popFirst() {
                if quoted {
                    if character == "'" { quoted = false } else { current.append(character) }
                    continue
                }
                switch character {
                case " ":
                    if inWord { words.append(current) }
                    current = ""
                    inWord = false
                case "'":
                    quoted = true
                    inWord = true
                case "\\":
                    guard characters.popFirst() == "'" else { return nil }
                    current.append("'")
                    inWord = true
                case _ where quote(String(character)) == String(character):
                    current.append(character)
                    inWord = true
                default:
                    return nil
                }
            }
            guard !quoted else { return nil }
            if inWord { words.append(current) }
            return words
        }
    }
}
