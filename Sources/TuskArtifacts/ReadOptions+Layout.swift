import TuskML

extension ReadOptions {
    /// The options a recorded layout stands for.
    public init(layout: DataLayout) throws(MLError) {
        let (schema, columns, delimiter) = try layout.resolved()
        self.init(schema: schema, columns: columns, delimiter: delimiter)
    }

    /// The layout these options read with, to record beside what is made of the data; nil for
    /// plain CSV.
    public var layout: DataLayout? { DataLayout(schema: schema, columns: columns, delimiter: delimiter) }

    /// Whether no option was given: plain CSV with a header line.
    public var isEmpty: Bool { schema == nil && columns == nil && delimiter == nil }
}
