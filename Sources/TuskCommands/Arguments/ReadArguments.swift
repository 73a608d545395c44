import TuskArtifacts
import TuskCore
import TuskLang
import TuskML

/// `--schema`, `--columns` and `--delimiter`: how the trainer's commands read a data file.
struct ReadArguments: Sendable {
    static let schema = Option<Located<String>>(
        "schema", value: "NAME",
        "a known layout: csv (a header row, kinds inferred: the default), uci-adult (headerless Census Income files), or a schema file",
        kind: .choice([plainCSV] + KnownSchema.all.map(\.name)))
    static let columns = Option<Located<[String]>>(
        "columns", value: "A,B,C", "column names for a headerless file",
        read: { token in Located(AddressSyntax.listItems(token).map(\.value), at: token.span) })
    static let delimiter = Option<UInt8>(
        "delimiter", value: "CHAR", "the field separator (default ',')",
        read: { token throws(Diagnostic) in
            let text = token.text == "\\t" || token.text == "tab" ? "\t" : token.text
            guard text.utf8.count == 1, let byte = text.utf8.first else {
                throw Diagnostic(
                    "delimiter '\(token.text)' is not one character", at: token.span, help: "e.g. --delimiter ';'")
            }
            return byte
        })

    /// The options, for declarations.
    static let options: [any DeclaredOption] = [schema, columns, delimiter]
    /// Those that say where the columns are, for a command that cuts rows itself (`blame --rows`,
    /// which splits at line ends outside quotes, so a field separator would change nothing).
    static let layoutOptions: [any DeclaredOption] = [schema, columns]

    /// `--schema csv` names the default layout, so a scenario parameter can always pass a schema.
    static let plainCSV = "csv"

    private var knownSchema: KnownSchema?
    private var schemaFile: Located<String>?
    private var columns: [String]?
    private var delimiter: UInt8?

    init() {}

    /// The read options of the whole command, or only those `include` accepts (by the option's
    /// token): `drift A --schema uci-adult vs B` reads A with the schema and B without, and
    /// `drift A --schema uci-adult vs B --schema uci-adult` both with it.
    init(_ call: Invocation, include: (Token) -> Bool = { _ in true }) throws(Diagnostic) {
        func given<Value>(_ option: Option<Value>) throws(Diagnostic) -> Value? {
            try call.occurrences(option, where: include).first?.value
        }
        if let schema = try given(Self.schema) {
            if schema.value == Self.plainCSV {
                knownSchema = nil
            } else if let known = KnownSchema.named(schema.value) {
                knownSchema = known
            } else if schema.value.hasSuffix(".json") {
                schemaFile = schema
            } else {
                throw Diagnostic(
                    "unknown schema '\(schema.value)'", at: schema.span,
                    help: Suggestion.didYouMean(schema.value, among: [Self.plainCSV] + KnownSchema.all.map(\.name))
                        ?? "known: \(([Self.plainCSV] + KnownSchema.all.map(\.name)).joined(separator: ", ")), or a schema file NAME.json"
                )
            }
        }
        if let columns = try given(Self.columns) {
            if try given(Self.schema) != nil {
                throw Diagnostic("--schema and --columns both name the columns", at: columns.span, help: "keep one")
            }
            self.columns = columns.value
        }
        if call.declaration.allOptions.contains(where: { $0.name == Self.delimiter.name }) {
            delimiter = try given(Self.delimiter)
        }
    }

    /// The resolved options; a schema file is read now, with errors pointing at `--schema`.
    func options(in context: CommandContext) throws(Diagnostic) -> ReadOptions {
        var schema = knownSchema
        if let file = schemaFile {
            do { schema = try context.workspace.schema(file: file.value) } catch {
                switch error {
                case .localFile(let error): throw Diagnose.localFile(error, at: file.span)
                case .data(let error): throw Diagnose.data(error, at: file.span)
                default: throw Diagnostic("cannot read schema '\(file.value)'", at: file.span)
                }
            }
        }
        return ReadOptions(schema: schema, columns: columns, delimiter: delimiter)
    }
}
