/// An option without a value, declared once: `--table`, `--dry-run`.
///
///     static let table = Flag("table", "print the rows as a table")
///     …
///     table = try call[Self.table]
public struct Flag: DeclaredOption {
    public let spec: CommandDeclaration.Option

    public init(_ name: String, short: Character? = nil, _ summary: String) {
        spec = CommandDeclaration.Option(name, short: short, value: nil, summary)
    }
}
