import Foundation

/// Types the fields of a CSV file into a ``Table``, by a declared schema or by inference.
///
/// A column is numeric when every value that is not missing parses as a number; otherwise it is
/// categorical. A declared numeric column with a non-number is an error at that cell.
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
                case .failure(let failure) where declared == .numeric:
                    let row = failure.row
                    let (line, column) = fields.location(row: row, column: index)
                    throw MLError(
                        "value '\(fields.text(row: row, column: index))' in numeric column '\(name)' is not a number",
                        kind: .malformedData, subject: .column(name), file: fields.source, line: line, column: column,
                        help: "fix the value, or write '?' for a missing one")
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

    /// Parses a column as numbers, or returns the first row that is not one.
    static func numeric(_ fields: CSVFields, column: Int, markers: [[UInt8]]) -> Result<[Double], RowFailure> {
        var values = [Double](repeating: .nan, count: fields.rowCount)
        var failedRow: Int?
        forEachPresentField(fields, column: column, markers: markers) { bytes, row, start, end in
            guard let value = NumberParser.parse(bytes, start, end) else {
                failedRow = row
                return false
            }
            values[row] = value
            return true
        }
        if let failedRow { return .failure(RowFailure(row: failedRow)) }
        return .success(values)
    }

    struct RowFailure: Error { let row: Int }

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
        let sorted = Array(Set(texts)).sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        let position = Dictionary(uniqueKeysWithValues: sorted.enumerated().map { ($1, Int32($0)) })
        let remap = texts.map { position[$0]! }
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

    /// Exponents, long mantissas, `inf`/`nan` spelled out: the C library decides; anything else
    /// that is not wholly a number is refused.
    private static func slowParse(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Double? {
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        guard !text.isEmpty, text.allSatisfy({ $0.isNumber || "+-.eE".contains($0) }) else { return nil }
        return Double(text)
    }
}
