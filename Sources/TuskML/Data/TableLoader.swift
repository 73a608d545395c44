import Foundation

/// Types the fields of a CSV file into a ``Table``, by a declared schema or by inference.
///
/// A column is numeric when every value that is not missing parses as a number; otherwise it is
/// categorical. A declared numeric column with a non-number is an error at that cell.
///
/// Missing values, as pandas reads them: besides the format's markers (`?` and the empty cell),
/// `nan`, `NaN`, `-nan` and `-NaN` are missing in any column, and `NA`, `N/A`, `n/a`, `<NA>`,
/// `#N/A`, `NULL`, `null` and `None` are missing in a column of numbers (in a categorical column
/// they stay levels, since there they are often meant: `NA` for "no alley", a country code).
/// An infinite value (`inf`, `-Infinity`, `1e999`) in a numeric column is an error at its cell:
/// no model, standardization or test can use it, and dropping it silently would hide a broken
/// export (scikit-learn refuses such input too, later and without saying where).
public enum TableLoader {
    /// - Parameters:
    ///   - schema: declared column kinds; columns it does not name are inferred.
    ///   - labelColumn: a column to read as categorical whatever it looks like, with
    ///     `normalizeLabel` applied to its values.
    public static func load(
        _ fields: CSVFields, schema: Schema? = nil, format: CSVFormat = CSVFormat(), labelColumn: String? = nil,
        normalizeLabel: (@Sendable (String) -> String)? = nil
    ) throws(MLError) -> Table {
        let markers = format.missingMarkers.map { Array($0.utf8) }
        var columns: [Table.Column] = []
        columns.reserveCapacity(fields.columnCount)
        for (index, name) in fields.columnNames.enumerated() {
            let isLabel = name == labelColumn
            let declared = isLabel ? .categorical : schema?.kind(of: name)
            if declared != .categorical {
                switch numeric(fields, column: index, markers: markers) {
                case .success(let values):
                    columns.append(Table.Column(name: name, values: .numeric(values)))
                    continue
                case .failure(let failure) where declared == .numeric || failure.infinite:
                    let row = failure.row
                    let (line, column) = fields.location(row: row, column: index)
                    throw MLError(
                        "value '\(fields.text(row: row, column: index))' in numeric column '\(name)' is "
                            + (failure.infinite ? "not finite" : "not a number"),
                        kind: .malformedData, subject: .column(name), file: fields.source, line: line, column: column,
                        help: failure.infinite
                            ? "write a finite number, or '?' for a missing one"
                            : "fix the value, or write '?' for a missing one")
                case .failure:
                    break
                }
            }
            var normalizer: ((String) -> String)?
            if isLabel, let normalizeLabel { normalizer = normalizeLabel }
            let (codes, levels) = categorical(fields, column: index, markers: markers, normalize: normalizer)
            columns.append(Table.Column(name: name, values: .categorical(codes: codes, levels: levels)))
        }
        return Table(source: fields.source, rowCount: fields.rowCount, columns: columns)
    }

    /// Parses a column as numbers, or returns the first row that is not one; a column of numbers
    /// with an infinite one returns that row, marked infinite.
    static func numeric(_ fields: CSVFields, column: Int, markers: [[UInt8]]) -> Result<[Double], RowFailure> {
        var values = [Double](repeating: .nan, count: fields.rowCount)
        var failedRow: Int?
        var infiniteRow: Int?
        forEachPresentField(fields, column: column, markers: markers) { bytes, row, start, end in
            guard let value = NumberParser.parse(bytes, start, end) else {
                failedRow = row
                return false
            }
            if value.isInfinite && infiniteRow == nil { infiniteRow = row }
            values[row] = value
            return true
        }
        if let failedRow { return .failure(RowFailure(row: failedRow, infinite: false)) }
        if let infiniteRow { return .failure(RowFailure(row: infiniteRow, infinite: true)) }
        return .success(values)
    }

    struct RowFailure: Error {
        let row: Int
        /// The column is all numbers, but this one is infinite.
        let infinite: Bool
    }

    /// Interns a column's values; codes are renumbered so that levels come out sorted.
    static func categorical(
        _ fields: CSVFields, column: Int, markers: [[UInt8]], normalize: ((String) -> String)?
    ) -> ([Int32], [String]) {
        var codes = [Int32](repeating: -1, count: fields.rowCount)
        var interner = ByteInterner()
        forEachPresentField(fields, column: column, markers: markers) { bytes, row, start, end in
            codes[row] = interner.code(bytes, start, end)
            return true
        }
        var texts = interner.levels.map { String(decoding: $0, as: UTF8.self) }
        if let normalize { texts = texts.map(normalize) }
        // Checked once per level, not per cell: pandas' spellings of not-a-number are missing.
        let present = texts.filter { !NumberParser.notANumber.contains($0) }
        let sorted = Array(Set(present)).sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        let position = Dictionary(uniqueKeysWithValues: sorted.enumerated().map { ($1, Int32($0)) })
        let remap = texts.map { position[$0] ?? -1 }
        for row in codes.indices where codes[row] >= 0 { codes[row] = remap[Int(codes[row])] }
        return (codes, sorted)
    }

    /// Calls `body` with the bounds of every field of a column that is not a missing marker, in
    /// row order, until it returns false.
    @inline(__always)
    static func forEachPresentField(
        _ fields: CSVFields, column: Int, markers: [[UInt8]],
        _ body: (UnsafeBufferPointer<UInt8>, _ row: Int, _ start: Int, _ end: Int) -> Bool
    ) {
        let shortMarkers = markers.allSatisfy { $0.count <= 1 }
        fields.bytes.withUnsafeBufferPointer { bytes in
            fields.starts.withUnsafeBufferPointer { starts in
                fields.ends.withUnsafeBufferPointer { ends in
                    let base = column * fields.rowCount
                    for row in 0..<fields.rowCount {
                        let start = Int(starts[base + row]), end = Int(ends[base + row])
                        if (end - start <= 1 || !shortMarkers) && isMissing(bytes, start, end, markers) { continue }
                        if !body(bytes, row, start, end) { return }
                    }
                }
            }
        }
    }

    @inline(__always)
    static func isMissing(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, _ markers: [[UInt8]]) -> Bool {
        let length = end - start
        for marker in markers where marker.count == length {
            var same = true
            for k in 0..<length where bytes[start + k] != marker[k] {
                same = false
                break
            }
            if same { return true }
        }
        return false
    }
}
