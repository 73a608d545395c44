import Foundation
import TuskArtifacts
import TuskCore
import TuskLang
import TuskPipelines
import TuskServing

/// What `create pipeline` and `update pipeline` read: a spec file, or the spec inline.
struct PipelineArguments: Sendable {
    static let arguments: [CommandDeclaration.Argument] = [.init("NAME", .text, optional: true)]
    static let file = Option<Located<String>>(
        "file", short: "f", value: "SPEC", "a Pachyderm pipeline spec, JSON or YAML", kind: .localPath)
    static let input = Option<Token>(
        "input", value: "REPO@BRANCH[:GLOB],…", "the inputs; glob / is one datum, /* one per entry", kind: .address,
        read: { token in token })
    static let step = Option<Located<String>>(
        "step", value: "COMMAND", "the tusk command each datum runs, reading /pfs/REPO/… and writing /pfs/out/…")
    static let collect = Flag("collect", "gather every input file into the output, by reference")
    static let deploy = Option<DeploymentArgument>(
        "deploy", value: "DEPLOYMENT",
        "release the input commit's model.json to a deployment, in every job (reprocess_spec every_job)",
        kind: .deployment, read: { token throws(Diagnostic) in try DeploymentArgument(token) })
    static let require = Option<Located<String>>(
        "require", value: "EXPR",
        "with --deploy: the gates every release must pass (see 'help release'); a failed gate fails the job")
    static let on = Option<Located<String>>(
        "on", value: "/pfs/REPO/FILE",
        "with --require: the labeled data the gates check, a file of another input of the deploy pipeline")
    static let privileged = Option<String>(
        "privileged", value: "A=G,B=H", "with --require: the privileged group of an audited attribute")
    static let union = Flag("union", "several inputs as a union (one after another), not a cross")
    static let description = Option<String>("description", value: "TEXT", "what the pipeline is for")

    static let options: [any DeclaredOption] = [
        file, input, step, collect, deploy, require, on, privileged, union, description,
    ]

    enum Source: Sendable {
        case file(Located<String>)
        case inline(PipelineSpec)
    }

    let source: Source
    let span: SourceSpan
    /// The deployment a `--deploy` pipeline releases to, checked when the pipeline is created.
    private(set) var deployTarget: DeploymentArgument?
    /// Where the inputs were written (`--input`, or the spec file), for errors about them.
    var inputSpan: SourceSpan { inputs ?? span }
    private var inputs: SourceSpan?

    init(_ call: Invocation) throws(Diagnostic) {
        if let file = try call[Self.file] {
            for option: any DeclaredOption in [Self.input, Self.step, Self.collect, Self.union, Self.deploy]
            where call.given(option) {
                throw Diagnostic(
                    "--\(option.name) and -f both describe the pipeline", at: call.valueSpan(option) ?? file.span,
                    help: "keep one")
            }
            if let name = call.optionalArgument(0) {
                throw Diagnostic("the spec file names the pipeline", at: name.span, help: "remove '\(name.text)'")
            }
            source = .file(file)
            span = file.span
            inputs = nil
            return
        }
        let nameToken = try call.argument(0)
        let name = try AddressSyntax.repoName(nameToken)
        span = nameToken.span
        guard let inputToken = try call[Self.input] else {
            throw Diagnostic(
                "missing option '--input'", at: call.end, help: "add --input REPO@BRANCH:/ (or -f SPEC for a spec file)"
            )
        }
        self.inputs = inputToken.span
        var inputs: [PipelineSpec.Input] = []
        for item in AddressSyntax.listItems(inputToken) {
            let token = Token(kind: .word, text: item.value, span: item.span)
            let parsed = try AddressSyntax.address(token, pathIsPattern: true)
            guard let ref = parsed.address.ref, ref.value.ancestors == 0, let branch = try? BranchName(ref.value.base)
            else {
                throw Diagnostic(
                    "an input names a branch", at: item.span, help: "write REPO@BRANCH:GLOB, e.g. income_data@master:/")
            }
            let glob = parsed.patternText?.value ?? "/"
            inputs.append(.pfs(.init(repo: parsed.address.repo.value, branch: branch, glob: glob)))
        }
        var cmd: [String]
        var reprocess: String?
        if let deployment = try call[Self.deploy] {
            for option: any DeclaredOption in [Self.step, Self.collect] where call.given(option) {
                throw Diagnostic(
                    "--deploy and --\(option.name) both say what the pipeline does",
                    at: call.optionSpan(option) ?? deployment.span, help: "keep one")
            }
            guard case .pfs(let pfs) = inputs[0] else {
                throw Diagnostic(
                    "a deploy pipeline's first input is the models it releases", at: inputToken.span,
                    help: "write --input models@production:/")
            }
            cmd = ["tusk", "release", deployment.name.rawValue, "/pfs/\(pfs.repo)"]
            cmd += try Self.gate(call, inputs: inputs.map(\.leaves).flatMap { $0 }, at: inputToken.span)
            if try call[Self.union] {
                throw Diagnostic(
                    "a deploy pipeline reads its models and its gate's data together",
                    at: call.optionSpan(Self.union),
                    help: "remove --union")
            }
            reprocess = PipelineSpec.everyJob
            deployTarget = deployment
        } else {
            cmd = []
            for option: any DeclaredOption in [Self.require, Self.on, Self.privileged] where call.given(option) {
                throw Diagnostic(
                    "--\(option.name) gates the release of a deploy pipeline", at: call.optionSpan(option),
                    help: "add --deploy DEPLOYMENT, or put the gate in the step: --step \"release D MODEL --require …\""
                )
            }
        }
        switch try (call[Self.step], call[Self.collect]) {
        case _ where !cmd.isEmpty: break
        case (let step?, false):
            let words: [String]
            do { words = try Lexer.words(step.value) } catch {
                throw Diagnostic("the step does not read as a command: \(error.message)", at: step.span)
            }
            guard let first = words.first else { throw Diagnostic("the step is empty", at: step.span) }
            // The step is checked now, so a typo or a command a step may not run fails here and
            // not in every job.
            do { _ = try CommandSet.parse(step.value) } catch {
                throw Diagnostic(
                    "the step '\(VisibleText.clipped(first, to: 24)) …' does not parse: \(error.message)",
                    at: step.span,
                    help: error.help ?? "write a tusk command, e.g. train logistic on /pfs/REPO/FILE ...")
            }
            if let problem = StepSandbox.problem(step.value, deployment: nil) {
                throw Diagnostic(problem.message, at: step.span, help: problem.help)
            }
            cmd = ["tusk"] + words
        case (nil, true): cmd = PipelineSpec.collect
        case (_?, true):
            throw Diagnostic("--step and --collect both say what the pipeline does", at: call.end, help: "keep one")
        case (nil, false):
            throw Diagnostic(
                "missing option '--step'", at: call.end,
                help: "add --step \"COMMAND\", --collect or --deploy DEPLOYMENT")
        }
        let input: PipelineSpec.Input =
            try inputs.count == 1 ? inputs[0] : call[Self.union] ? .union(inputs) : .cross(inputs)
        source = .inline(
            PipelineSpec(
                name: name.value, description: try call[Self.description] ?? "", input: input, cmd: cmd,
                reprocessSpec: reprocess))
    }

    /// The gate words of a deploy step (`--require EXPR --on /pfs/REPO/FILE`), checked now: the
    /// expression parses, and the data is a file of an input other than the models, so the gate
    /// reads what the job mounts. The inputs after the first are there for the gate only.
    static func gate(_ call: Invocation, inputs: [PipelineSpec.Input.PFS], at inputSpan: SourceSpan) throws(Diagnostic)
        -> [String]
    {
        guard let require = try call[Self.require] else {
            for option: any DeclaredOption in [Self.on, Self.privileged] where call.given(option) {
                throw Diagnostic(
                    "--\(option.name) goes with --require", at: call.optionSpan(option),
                    help: "add --require \"EXPR\", e.g. --require \"flip_rate(sex) <= 0.05\"")
            }
            if inputs.count > 1 {
                throw Diagnostic(
                    "a deploy pipeline reads one input, the models it releases, unless a gate reads the others",
                    at: inputSpan,
                    help: "write --input models@production:/, or add --require EXPR --on /pfs/REPO/FILE")
            }
            return []
        }
        _ = try ReleaseGate(require)
        guard let on = try call[Self.on] else {
            throw Diagnostic(
                "--require needs the data to check it on", at: call.end,
                help: "add an input for the data and --on /pfs/REPO/FILE, e.g. --on /pfs/income_data/test.csv")
        }
        let mounts = inputs.dropFirst().map(\.mount)
        guard let (mount, path) = PFSMounts.split(on.value), !path.isRoot, mounts.contains(mount) else {
            throw Diagnostic(
                "--on names a file of one of the deploy pipeline's other inputs", at: on.span,
                help: mounts.isEmpty
                    ? "add the data's repo to --input (e.g. --input models@production:/,income_data@master:/) and write --on /pfs/income_data/FILE"
                    : "write /pfs/REPO/FILE with REPO one of " + mounts.joined(separator: ", "))
        }
        var words = ["--require", require.value, "--on", on.value]
        if let privileged = try call[Self.privileged] { words += ["--privileged", privileged] }
        return words
    }

    /// A pipeline error at the word it is about.
    func diagnose(_ error: PipelineError) -> Diagnostic {
        Diagnose.pipeline(error, at: error.kind == .badInput ? inputSpan : span)
    }

    /// The spec, reading the file now; a file of several specs is refused (see ``specs(in:)``).
    func spec(in context: CommandContext) throws(Diagnostic) -> PipelineSpec {
        let specs = try self.specs(in: context)
        guard specs.count == 1 else {
            throw Diagnostic(
                "the spec file holds \(specs.count) pipelines; update pipeline changes one", at: span,
                help: "update each from a file of its own")
        }
        return specs[0]
    }

    /// The specs: the inline one, or every spec of the file (a stream of YAML documents or JSON
    /// objects, as pachctl reads it), each checked as far as a spec can be before it runs.
    func specs(in context: CommandContext) throws(Diagnostic) -> [PipelineSpec] {
        if let deployTarget {
            _ = try context.serving(deployTarget) { engine throws(ServingError) in
                try engine.registry.named(deployTarget.name)
            }
        }
        switch source {
        case .inline(let spec): return [spec]
        case .file(let file):
            let bytes: [UInt8]
            do { bytes = try context.files.read(file.value) } catch { throw Diagnose.localFile(error, at: file.span) }
            guard let text = String(validating: bytes, as: UTF8.self) else {
                throw Diagnostic("'\(file.value)' is not UTF-8 text", at: file.span)
            }
            do { return try SpecParser.parseAll(text, file: file.value, check: Self.checkStep) } catch {
                throw Diagnose.pipeline(error, at: file.span)
            }
        }
    }

    /// What `create pipeline -f` asks of each command of a spec: that it parses as tusk, and
    /// that a step may run it (``StepSandbox``).
    static let checkStep: SpecParser.CommandCheck = { command, deployment in
        let text: String
        switch command {
        case .words(let words): text = CommandLineText.join(words)
        case .line(let line): text = line
        }
        do throws(Diagnostic) { _ = try CommandSet.parse(text) } catch {
            return ("does not parse: \(error.message)", error.help)
        }
        return StepSandbox.problem(text, deployment: deployment).map { ($0.message, $0.help) }
    }
}
