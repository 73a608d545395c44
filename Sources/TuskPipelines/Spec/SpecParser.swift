import TuskCore
import Yams

/// Reads a Pachyderm pipeline spec (YAML or JSON; JSON is YAML) with a located error for each
/// mistake: an unknown field (with did-you-mean), a wrong type, a missing input or command.
///
/// Field names are accepted in both spellings Pachyderm reads: the proto names of its docs
/// (`reprocess_spec`, `empty_files`) and the protojson names `pachctl` prints and
/// `tusk export k8s` writes (`reprocessSpec`, `emptyFiles`).
public enum SpecParser {
    public static func parse(_ text: String, file: String) throws(PipelineError) -> PipelineSpec {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw PipelineError(.invalidSpec, "the spec is empty", help: "see 'help create pipeline'", file: file)
            }
            root = node
        } catch let error as PipelineError {
            throw error
        } catch let error as YamlError {
            throw located(error, file: file)
        } catch {
            throw PipelineError(.invalidSpec, "cannot read the spec: \(error)", file: file)
        }
        let reader = Reader(file: file)
        let top = try reader.mapping(
            root, "the spec",
            known: ["pipeline", "description", "input", "transform", "reprocess_spec", "reprocessSpec"])
        guard let pipeline = top["pipeline"] else {
            throw reader.missing("pipeline", in: root, example: "pipeline: {name: NAME}")
        }
        let nameNode = try reader.mapping(pipeline, "pipeline", known: ["name"])["name"]
        guard let nameNode else {
            throw reader.missing("pipeline.name", in: pipeline, example: "name: income_training")
        }
        let name: RepoName
        do { name = try RepoName(try reader.string(nameNode, "pipeline.name")) } catch let error as PipelineError {
            throw error
        } catch {
            throw reader.error("\(error)", at: nameNode)
        }
        let description =
            try top["description"].map { node throws(PipelineError) in
                try reader.string(node, "description")
            } ?? ""
        guard let inputNode = top["input"] else {
            throw reader.missing("input", in: root, example: "input: {pfs: {repo: REPO, glob: /}}")
        }
        let input = try reader.input(inputNode, "input")
        guard let transformNode = top["transform"] else {
            throw reader.missing("transform", in: root, example: "transform: {cmd: [tusk, ...]}")
        }
        let transform = try reader.mapping(transformNode, "transform", known: ["cmd", "image", "stdin"])
        guard let cmdNode = transform["cmd"] else {
            throw reader.missing("transform.cmd", in: transformNode, example: "cmd: [tusk, train, ...]")
        }
        guard case .sequence(let items) = cmdNode, !items.isEmpty else {
            throw reader.error("transform.cmd must be a list of words", at: cmdNode, help: "cmd: [tusk, train, ...]")
        }
        var cmd: [String] = []
        for item in items { cmd.append(try reader.string(item, "transform.cmd")) }
        if let words = ResultStep.words(cmd) { cmd = words }
        guard cmd.first == "tusk" else {
            throw reader.error(
                "transform.cmd must run tusk, not '\(cmd[0])'", at: items.first ?? cmdNode,
                help: "the embedded engine runs tusk commands: cmd: [tusk, train, ...]")
        }
        var reprocess: String?
        if case let (field, node)? = try reader.either("reprocess_spec", "reprocessSpec", in: top) {
            let value = try reader.string(node, field)
            guard value == "until_success" || value == PipelineSpec.everyJob else {
                throw reader.error(
                    "\(field) is 'until_success' or 'every_job', not '\(value)'", at: node,
                    help: "every_job runs every datum again in each job (a deploy step)")
            }
            reprocess = value == PipelineSpec.everyJob ? value : nil
        }
        return PipelineSpec(name: name, description: description, input: input, cmd: cmd, reprocessSpec: reprocess)
    }

    static func located(_ error: YamlError, file: String) -> PipelineError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _):
            return PipelineError(
                .invalidSpec, "not valid YAML or JSON: \(problem)", file: file, line: mark.line, column: mark.column)
        default:
            return PipelineError(.invalidSpec, "not valid YAML or JSON: \(error)", file: file)
        }
    }

    /// Walks nodes, turning each surprise into a located error.
    struct Reader {
        let file: String

        func error(_ message: String, at node: Node, help: String? = nil) -> PipelineError {
            PipelineError(
                .invalidSpec, message, help: help, file: file, line: node.mark?.line, column: node.mark?.column)
        }

        func missing(_ field: String, in node: Node, example: String) -> PipelineError {
            error("the spec has no '\(field)'", at: node, help: "add \(example)")
        }

        func mapping(_ node: Node, _ what: String, known: [String]) throws(PipelineError) -> [String: Node] {
            guard case .mapping(let mapping) = node else {
                throw error("\(what) must be a mapping of fields", at: node)
            }
            var fields: [String: Node] = [:]
            for (key, value) in mapping {
                let name = key.string ?? ""
                guard known.contains(name) else {
                    throw error(
                        "unknown field '\(name)' in \(what)", at: key,
                        help: Suggestion.didYouMean(name, among: known) ?? "known: " + known.joined(separator: ", "))
                }
                fields[name] = value
            }
            return fields
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

        func string(_ node: Node, _ what: String) throws(PipelineError) -> String {
            guard case .scalar(let scalar) = node else { throw error("\(what) must be a string", at: node) }
            return scalar.string
        }

        func input(_ node: Node, _ what: String) throws(PipelineError) -> PipelineSpec.Input {
            let fields = try mapping(node, what, known: ["pfs", "cross", "union"])
            guard fields.count == 1, let (kind, value) = fields.first else {
                throw error(
                    "\(what) must be one of pfs, cross or union", at: node, help: "input: {pfs: {repo: REPO, glob: /}}")
            }
            switch kind {
            case "pfs":
                let pfs = try mapping(
                    value, "\(what).pfs", known: ["repo", "branch", "glob", "name", "empty_files", "emptyFiles"])
                guard let repoNode = pfs["repo"] else {
                    throw missing("\(what).pfs.repo", in: value, example: "repo: income_data")
                }
                let repo: RepoName
                let branch: BranchName
                do { repo = try RepoName(try string(repoNode, "repo")) } catch let error as PipelineError {
                    throw error
                } catch {
                    throw self.error("\(error)", at: repoNode)
                }
                let branchNode = pfs["branch"]
                do {
                    branch = try BranchName(
                        try branchNode.map { n throws(PipelineError) in try string(n, "branch") } ?? "master")
                } catch let error as PipelineError {
                    throw error
                } catch {
                    throw self.error("\(error)", at: branchNode ?? value)
                }
                let glob = try pfs["glob"].map { n throws(PipelineError) in try string(n, "glob") } ?? "/"
                guard glob.hasPrefix("/") else {
                    throw self.error(
                        "glob '\(glob)' must start with '/'", at: pfs["glob"] ?? value, help: "e.g. / or /*")
                }
                var empty = false
                if case let (field, node)? = try either("empty_files", "emptyFiles", in: pfs) {
                    guard case .scalar(let scalar) = node, let flag = Bool(scalar.string) else {
                        throw self.error("\(field) must be true or false", at: node)
                    }
                    empty = flag
                }
                return .pfs(.init(repo: repo, branch: branch, glob: glob, emptyFiles: empty))
            default:
                guard case .sequence(let items) = value, !items.isEmpty else {
                    throw self.error("\(what).\(kind) must be a list of inputs", at: value)
                }
                var inputs: [PipelineSpec.Input] = []
                for (index, item) in items.enumerated() { inputs.append(try input(item, "\(what).\(kind)[\(index)]")) }
                return kind == "cross" ? .cross(inputs) : .union(inputs)
            }
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
