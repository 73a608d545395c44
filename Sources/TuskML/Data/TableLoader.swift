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

/// Maps byte strings to dense codes in order of first appearance, without making Strings.
struct ByteInterner {
    private var slots = [Int32](repeating: -1, count: 64)
    private var hashes: [UInt64] = []
    /// Every level's bytes, back to back; level k is `storage[offsets[k]..<offsets[k + 1]]`.
    private var storage: [UInt8] = []
    private var offsets: [Int] = [0]

    var count: Int { hashes.count }

    var levels: [[UInt8]] { (0..<count).map { Array(storage[offsets[$0]..<offsets[$0 + 1]]) } }

    mutating func code(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int32 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for k in start..<end { hash = (hash ^ UInt64(bytes[k])) &* 0x100_0000_01b3 }
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        let length = end - start
        while slots[slot] >= 0 {
            let candidate = Int(slots[slot])
            if hashes[candidate] == hash && offsets[candidate + 1] - offsets[candidate] == length {
                let same = storage.withUnsafeBufferPointer { stored in
                    length == 0
                        || memcmp(stored.baseAddress! + offsets[candidate], bytes.baseAddress! + start, length) == 0
                }
                if same { return Int32(candidate) }
            }
            slot = (slot + 1) & mask
        }
        let code = Int32(count)
        storage.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<end]))
        offsets.append(storage.count)
        hashes.append(hash)
        slots[slot] = code
        if count * 2 > slots.count { grow() }
        return code
    }

    private mutating func grow() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        let mask = slots.count - 1
        for (index, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(index)
        }
    }
}

/// Decimal numbers from bytes: exact for the common case (Clinger's fast path), strtod otherwise.
enum NumberParser {
    private static let powers: [Double] = (0...22).map { pow(10, Double($0)) }

    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Double? {
        var i = start
        guard i < end else { return nil }
        var negative = false
        if bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") {
            negative = bytes[i] == UInt8(ascii: "-")
            i += 1
        }
        var mantissa: UInt64 = 0
        var digits = 0, fractionDigits = 0
        while i < end, bytes[i] &- 48 < 10 {
            mantissa = mantissa &* 10 &+ UInt64(bytes[i] &- 48)
            digits += 1
            i += 1
        }
        if i < end && bytes[i] == UInt8(ascii: ".") {
            i += 1
            while i < end, bytes[i] &- 48 < 10 {
                mantissa = mantissa &* 10 &+ UInt64(bytes[i] &- 48)
                digits += 1
                fractionDigits += 1
                i += 1
            }
        }
        guard digits > 0 else { return slowParse(bytes, start, end) }
        if i == end && digits <= 15 && fractionDigits <= 22 {
            let value = Double(mantissa) / powers[fractionDigits]
            return negative ? -value : value
        }
        return slowParse(bytes, start, end)
    }

    /// pandas' spellings of not-a-number: missing in any column.
    static let notANumber: Set<String> = ["nan", "NaN", "-nan", "-NaN"]

    /// Words that stand for a number in a column of numbers: not-a-number and pandas' other
    /// missing markers (missing, NaN), and infinity (which the loader then refuses).
    static let words: [String: Double] = {
        var words: [String: Double] = [:]
        for word in notANumber.union(["NA", "N/A", "n/a", "<NA>", "#N/A", "NULL", "null", "None"]) {
            words[word] = .nan
        }
        for word in ["inf", "Inf", "INF", "infinity", "Infinity", "INFINITY"] {
            words[word] = .infinity
            words["+" + word] = .infinity
            words["-" + word] = -.infinity
        }
        return words
    }()

    /// Exponents, long mantissas: the C library decides (`1e999` is infinite); the words above;
    /// anything else that is not wholly a number is refused.
    private static func slowParse(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Double? {
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        if let word = words[text] { return word }
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && ($0.isNumber || "+-.eE".contains($0)) }) else {
            return nil
        }
        return Double(text)
    }
}
