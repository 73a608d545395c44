import Foundation
import TuskCore

/// Parses one DSL command into a ``Statement``, or throws a ``Diagnostic`` pointing at the
/// offending word with, where possible, a suggestion.
///
///     let statement = try Parser.parse("put file income_data@staging:/train.csv -f census.csv")
public enum Parser {
    /// Parses `text`; returns nil for a blank line or a comment.
    public static func parse(_ text: String) throws(Diagnostic) -> Statement? {
        let tokens = try Lexer.tokenize(text)
        guard !tokens.isEmpty else { return nil }
        let (spec, rest) = try matchCommand(tokens)
        let invocation = try Invocation(spec: spec, tokens: rest, end: endSpan(tokens))
        return try build(invocation)
    }

    /// The spec a command line starts with, or nil when it names none (for completion and help).
    public static func commandSpec(startingWith words: [String]) -> CommandSpec? {
        CommandCatalog.all.first { words.starts(with: $0.words) }
    }

    // MARK: - Command words

    private static func matchCommand(_ tokens: [Token]) throws(Diagnostic) -> (CommandSpec, ArraySlice<Token>) {
        let first = tokens[0]
        let verbs = Set(CommandCatalog.all.map { $0.words[0] })
        guard first.kind == .word, verbs.contains(first.text) else {
            let twoWords = tokens.count > 1 ? first.text + " " + tokens[1].text : first.text
            let help =
                Suggestion.didYouMean(twoWords, among: CommandCatalog.all.map(\.name))
                ?? Suggestion.didYouMean(first.text, among: verbs) ?? "type 'help' for the list of commands"
            throw Diagnostic("unknown command '\(first.text)'", at: first.span, help: help)
        }
        let candidates = CommandCatalog.all.filter { $0.words[0] == first.text }
        if tokens.count > 1, tokens[1].kind == .word,
            let double = candidates.first(where: { $0.words.count == 2 && $0.words[1] == tokens[1].text })
        {
            return (double, tokens.dropFirst(2))
        }
        if let single = candidates.first(where: { $0.words.count == 1 }) { return (single, tokens.dropFirst()) }
        let objects = candidates.map { $0.words[1] }
        guard tokens.count > 1 else {
            throw Diagnostic(
                "'\(first.text)' needs an object", at: endSpan(tokens),
                help: "one of: " + objects.map { "\(first.text) \($0)" }.joined(separator: ", "))
        }
        let second = tokens[1]
        guard let spec = candidates.first(where: { second.kind == .word && $0.words[1] == second.text }) else {
            throw Diagnostic(
                "unknown command '\(first.text) \(second.text)'", at: second.span,
                help: Suggestion.didYouMean(second.text, among: objects).map { _ in
                    "did you mean '\(first.text) \(Suggestion.closest(to: second.text, among: objects)!)'?"
                } ?? "one of: " + objects.map { "\(first.text) \($0)" }.joined(separator: ", "))
        }
        return (spec, tokens.dropFirst(2))
    }

    static func endSpan(_ tokens: [Token]) -> SourceSpan {
        let last = tokens.last!.attachedValue?.span ?? tokens.last!.span
        return SourceSpan(line: last.line, column: last.column + last.length + 1, length: 1)
    }

    // MARK: - Statements

    private static func build(_ call: Invocation) throws(Diagnostic) -> Statement {
        switch call.spec.name {
        case "create repo":
            return .createRepo(try repoName(call.argument(0)), description: call.text("description") ?? "")
        case "list repo": return .listRepo
        case "inspect repo": return .inspectRepo(try repoName(call.argument(0)))
        case "delete repo": return .deleteRepo(try repoName(call.argument(0)))
        case "create branch":
            let target = try branchAddress(call.argument(0), path: .forbidden)
            let head = try call.value("head").map { token throws(Diagnostic) in try commitRef(token.text, token.span) }
            return .createBranch(target, head: head)
        case "list branch": return .listBranch(try repoName(call.argument(0)))
        case "put file":
            let target = try branchAddress(call.argument(0), path: .required)
            let source = call.value("file")!  // a required option: the invocation checked it
            return .putFile(
                target, source: Located(source.text, at: source.span), append: call.flag("append"),
                message: call.text("message"))
        case "start commit":
            return .startCommit(try branchAddress(call.argument(0), path: .forbidden), message: call.text("message"))
        case "finish commit":
            return .finishCommit(try branchAddress(call.argument(0), path: .forbidden), message: call.text("message"))
        case "get file":
            let address = try self.address(call.argument(0))
            guard address.path != nil else {
                throw Diagnostic(
                    "'get file' needs a file path", at: address.span,
                    help: "add ':/PATH', e.g. \(address.repo.value)@master:/train.csv")
            }
            return .getFile(address, output: call.value("output").map { Located($0.text, at: $0.span) })
        case "list file": return .listFile(try address(call.argument(0)))
        case "glob file":
            let token = try call.argument(0)
            let address = try self.address(token, pathIsPattern: true)
            guard let pattern = address.patternText else {
                throw Diagnostic(
                    "'glob file' needs a pattern", at: token.span,
                    help: "e.g. \"\(address.address.repo.value)@master:/*.csv\"")
            }
            return .globFile(address.address, pattern: pattern)
        case "diff file":
            return .diffFile(
                try address(call.argument(0)),
                try call.optionalArgument(1).map { t throws(Diagnostic) in try address(t) })
        case "list commit": return .listCommit(try address(call.argument(0)))
        case "inspect commit": return .inspectCommit(try address(call.argument(0)))
        case "describe":
            return .describe(try dataRef(call.argument(0)), try dataOptions(call), target: call.located("target"))
        case "train":
            let kind = try call.argument(0)
            try call.keyword("on", before: 1)
            guard ["logistic", "boosted"].contains(kind.text) else {
                throw Diagnostic(
                    "unknown model '\(kind.text)'", at: kind.span,
                    help: Suggestion.didYouMean(kind.text, among: ["logistic", "boosted"])
                        ?? "choose logistic or boosted")
            }
            var seed = 0
            if let token = call.value("seed") {
                guard let value = Int(token.text), value >= 0 else {
                    throw Diagnostic(
                        "seed '\(token.text)' is not a whole number", at: token.span, help: "write e.g. --seed 42")
                }
                seed = value
            }
            let exclude = call.value("exclude").map { listItems($0) } ?? []
            return .train(
                kind: Located(kind.text, at: kind.span), data: try dataRef(call.argument(1)), try dataOptions(call),
                target: call.located("target"), seed: seed, exclude: exclude, output: try dataRef(call.value("output")!)
            )
        case "evaluate":
            try call.keyword("on", before: 1)
            return .evaluate(
                model: try dataRef(call.argument(0)), data: try dataRef(call.argument(1)), try dataOptions(call))
        case "predict":
            let model = try dataRef(call.argument(0))
            let second = try call.argument(1)
            let output = try call.value("output").map { t throws(Diagnostic) in try dataRef(t) }
            if second.kind == .json {
                if let on = call.keywords["on"] {
                    throw Diagnostic("a record follows the model directly", at: on.span, help: "remove 'on'")
                }
                return .predict(
                    model: model, input: .record(Located(second.text, at: second.span)), try dataOptions(call),
                    output: output)
            }
            try call.keyword("on", before: 1)
            return .predict(model: model, input: .data(try dataRef(second)), try dataOptions(call), output: output)
        case "audit":
            try call.keyword("on", before: 1)
            return .audit(
                model: try dataRef(call.argument(0)), data: try dataRef(call.argument(1)), try auditOptions(call),
                try dataOptions(call))
        case "audit data":
            return .auditData(
                try dataRef(call.argument(0)), target: call.located("target"), try auditOptions(call),
                try dataOptions(call))
        case "explain":
            let record = try call.argument(1)
            guard record.kind == .json else {
                throw Diagnostic(
                    "expected a JSON record", at: record.span, help: "write {\"age\": 39, \"sex\": \"Male\"}")
            }
            return .explain(model: try dataRef(call.argument(0)), record: Located(record.text, at: record.span))
        case "outliers":
            try call.keyword("on", before: 1)
            var percentile = 98
            if let token = call.value("percentile") {
                guard let value = Int(token.text), (0...100).contains(value) else {
                    throw Diagnostic(
                        "--percentile must be a whole number from 0 to 100", at: token.span,
                        help: "e.g. --percentile 99")
                }
                percentile = value
            }
            return .outliers(
                model: try dataRef(call.argument(0)), data: try dataRef(call.argument(1)), percentile: percentile,
                try dataOptions(call))
        case "drift":
            try call.keyword("vs", before: 1)
            var alpha = 0.05
            if let token = call.value("alpha") {
                guard let value = Double(token.text), value > 0, value < 1 else {
                    throw Diagnostic(
                        "--alpha must be a number between 0 and 1", at: token.span, help: "e.g. --alpha 0.01")
                }
                alpha = value
            }
            let exclude =
                (call.value("exclude").map { listItems($0) } ?? []) + (call.located("target").map { [$0] } ?? [])
            return .drift(
                reference: try dataRef(call.argument(0)), data: try dataRef(call.argument(1)), exclude: exclude,
                alpha: alpha,
                try dataOptions(call))
        case "help":
            let words = call.positionals
            guard let first = words.first else { return .help(topic: nil) }
            let topic = words.map(\.text).joined(separator: " ")
            let span = SourceSpan(line: first.span.line, column: first.span.column, length: topic.count)
            return .help(topic: Located(topic, at: span))
        default:
            preconditionFailure("command '\(call.spec.name)' is declared but not built")
        }
    }

    // MARK: - Data

    /// A store address when the word has an `@` (`repo@ref:/path`), a local path otherwise.
    static func dataRef(_ token: Token) throws(Diagnostic) -> DataRef {
        guard token.kind == .word || token.kind == .string else {
            throw Diagnostic(
                "expected a file or a store address", at: token.span,
                help: "e.g. datasets/census.csv or income_data@master:/train.csv")
        }
        return token.text.contains("@") ? .store(try address(token)) : .local(Located(token.text, at: token.span))
    }

    static func dataOptions(_ call: Invocation) throws(Diagnostic) -> DataOptions {
        var options = DataOptions(schema: call.located("schema"), delimiter: call.located("delimiter"))
        if let columns = call.value("columns") {
            let names = listItems(columns).map(\.value)
            options.columns = Located(names, at: columns.span)
        }
        if let schema = options.schema, schema.value != "uci-adult", !schema.value.hasSuffix(".json") {
            throw Diagnostic(
                "unknown schema '\(schema.value)'", at: schema.span,
                help: Suggestion.didYouMean(schema.value, among: ["uci-adult"])
                    ?? "known: uci-adult, or a schema file NAME.json")
        }
        if let delimiter = options.delimiter {
            let text = delimiter.value == "\\t" || delimiter.value == "tab" ? "\t" : delimiter.value
            guard text.utf8.count == 1 else {
                throw Diagnostic(
                    "delimiter '\(delimiter.value)' is not one character", at: delimiter.span,
                    help: "e.g. --delimiter ';'")
            }
            options.delimiter = Located(text, at: delimiter.span)
        }
        if options.schema != nil && options.columns != nil {
            throw Diagnostic(
                "--schema and --columns both name the columns", at: options.columns!.span, help: "keep one")
        }
        return options
    }

    static func auditOptions(_ call: Invocation) throws(Diagnostic) -> AuditOptions {
        var options = AuditOptions()
        options.protected = call.value("protected").map { listItems($0) } ?? []
        if let token = call.value("privileged") {
            for item in listItems(token) {
                let parts = item.value.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2, options.protected.contains(where: { $0.value == parts[0] }) else {
                    throw Diagnostic(
                        "'\(item.value)' does not name a protected attribute and its group", at: item.span,
                        help: "write ATTRIBUTE=GROUP for an attribute of --protected, e.g. sex=Male")
                }
                options.privileged[parts[0]] = Located(parts[1], at: item.span)
            }
        }
        func fraction(_ name: String) throws(Diagnostic) -> Double? {
            guard let token = call.value(name) else { return nil }
            guard let value = Double(token.text), value >= 0, value <= 1 else {
                throw Diagnostic("--\(name) must be a number from 0 to 1", at: token.span, help: "e.g. --\(name) 0.8")
            }
            return value
        }
        options.minDisparateImpact = try fraction("min-disparate-impact")
        options.maxDifference = try fraction("max-difference")
        options.maxFlipRate = try fraction("max-flip-rate")
        return options
    }

    /// `a,b,c` split into located items.
    static func listItems(_ token: Token) -> [Located<String>] {
        var items: [Located<String>] = []
        var column = token.span.column + (token.kind == .string ? 1 : 0)
        for part in token.text.split(separator: ",", omittingEmptySubsequences: false) {
            let name = part.trimmingCharacters(in: .whitespaces)
            if !name.isEmpty {
                items.append(Located(name, at: SourceSpan(line: token.span.line, column: column, length: part.count)))
            }
            column += part.count + 1
        }
        return items
    }

    // MARK: - Names and addresses

    static func repoName(_ token: Token) throws(Diagnostic) -> Located<RepoName> {
        do { return Located(try RepoName(token.text), at: token.span) } catch {
            throw Diagnostic(error.message, at: token.span)
        }
    }

    static func commitRef(_ text: String, _ span: SourceSpan) throws(Diagnostic) -> Located<CommitRef> {
        guard let ref = CommitRef(parsing: text) else {
            throw Diagnostic(
                "malformed reference '\(text)'", at: span,
                help: "write a branch or commit id, optionally followed by ^ or ^N, e.g. master^2")
        }
        return Located(ref, at: span)
    }

    enum PathRule { case required, forbidden }

    static func branchAddress(_ token: Token, path rule: PathRule) throws(Diagnostic) -> BranchAddress {
        let parsed = try address(token)
        guard let ref = parsed.ref else {
            throw Diagnostic(
                "'\(token.text)' names no branch", at: token.span,
                help: "write REPO@BRANCH, e.g. \(parsed.repo.value)@master")
        }
        let branch: BranchName
        do { branch = try BranchName(ref.value.base) } catch { throw Diagnostic(error.message, at: ref.span) }
        if ref.value.ancestors > 0 {
            throw Diagnostic(
                "'\(ref.value)' is a commit, not a branch", at: ref.span, help: "write a branch name without '^'")
        }
        switch (rule, parsed.path) {
        case (.required, nil):
            throw Diagnostic(
                "'\(token.text)' names no file path", at: token.span,
                help: "write REPO@BRANCH:/PATH, e.g. \(token.text):/data.csv")
        case (.forbidden, let path?):
            throw Diagnostic("this command takes a branch, not a path", at: path.span, help: "remove ':\(path.value)'")
        default:
            return BranchAddress(repo: parsed.repo, branch: Located(branch, at: ref.span), path: parsed.path)
        }
    }

    static func address(_ token: Token) throws(Diagnostic) -> Address {
        try address(token, pathIsPattern: false).address
    }

    /// Splits `repo@ref:/path`, giving each part its own span for diagnostics.
    static func address(_ token: Token, pathIsPattern: Bool) throws(Diagnostic) -> (
        address: Address, patternText: Located<String>?
    ) {
        guard token.kind == .word || token.kind == .string else {
            throw Diagnostic("expected an address like repo@branch:/path", at: token.span)
        }
        let text = Array(token.text)
        // Inside quotes the text starts one column later.
        let startColumn = token.span.column + (token.kind == .string ? 1 : 0)
        func span(_ from: Int, _ to: Int) -> SourceSpan {
            SourceSpan(line: token.span.line, column: startColumn + from, length: max(1, to - from))
        }
        let at = text.firstIndex(of: "@")
        let colon = text.firstIndex(of: ":")
        let repoEnd = [at, colon].compactMap { $0 }.min() ?? text.count
        let repo: Located<RepoName>
        do { repo = Located(try RepoName(String(text[..<repoEnd])), at: span(0, repoEnd)) } catch {
            throw Diagnostic(error.message, at: span(0, repoEnd), help: "write REPO@BRANCH:/PATH")
        }
        var ref: Located<CommitRef>?
        if let at, colon == nil || at < colon! {
            let end = colon ?? text.count
            ref = try commitRef(String(text[(at + 1)..<end]), span(at + 1, end))
        }
        var path: Located<RepoPath>?
        var pattern: Located<String>?
        if let colon {
            let raw = String(text[(colon + 1)...])
            let pathSpan = span(colon + 1, text.count)
            if pathIsPattern {
                pattern = Located(raw.hasPrefix("/") ? raw : "/" + raw, at: pathSpan)
            } else {
                do { path = Located(try RepoPath(raw), at: pathSpan) } catch {
                    throw Diagnostic(
                        error.message, at: pathSpan, help: "paths stay inside the repo, e.g. /data/train.csv")
                }
            }
        }
        return (Address(repo: repo, ref: ref, path: path, span: token.span), pattern)
    }
}
