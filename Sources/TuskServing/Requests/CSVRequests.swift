import TuskCore
import TuskML

/// One pass over a request file's bytes: the header checked against the schema, then each row
/// typed into row-major staging (so a rejected row is dropped by truncation), then transposed
/// into the table's columns. Fields come from the trainer's ``CSVScanner``, numbers from its
/// ``NumberParser``, categories from its ``ByteInterner``: a request file reads as the trainer
/// reads a data file.
struct CSVRequests {
    /// The file: the reader's own copy when it holds a quote (quoted fields with `""` are
    /// unescaped in place), else the caller's bytes, only read.
    let bytes: UnsafeMutableBufferPointer<UInt8>
    let source: String
    let schema: RequestSchema

    static let comma = UInt8(ascii: ","), newline = UInt8(ascii: "\n"), questionMark = UInt8(ascii: "?")

    /// What a column of the file is to the model.
    enum Column {
        case numeric(slot: Int)
        case categorical(slot: Int)
        case skipped
    }

    func read() -> Result<RequestBatch, PayloadError> {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return .failure(Self.empty) }
        let n = bytes.count
        let cells = UnsafeBufferPointer(bytes)
        var i = CSVScanner.hasByteOrderMark(base, n) ? 3 : 0
        var line = 1
        CSVScanner.skipBlankLines(base, n, &i, &line)
        guard i < n else { return .failure(Self.empty) }

        // The header.
        var names: [String] = []
        while true {
            let field = CSVScanner.field(base, n, &i, &line, delimiter: Self.comma)
            if field.problem != .none {
                return .failure(
                    PayloadError(
                        .malformed,
                        field.problem == .unterminated
                            ? "unterminated quoted field in the header"
                            : "unexpected text after a closing quote in the header",
                        help: "quote the whole name, doubling inner quotes", line: line, field: nil))
            }
            names.append(
                String(decoding: UnsafeBufferPointer(start: base + field.start, count: field.count), as: UTF8.self))
            if field.endsRow { break }
        }
        let headerLine = 1
        line += 1
        var columns: [Column] = []
        var isID: [Bool] = []
        var seen: Set<String> = []
        var present = [Bool](repeating: false, count: schema.features.count)
        var numericSlots: [Int] = []  // feature index of each numeric slot
        var categoricalSlots: [Int] = []
        for name in names {
            guard seen.insert(name).inserted else {
                return .failure(
                    PayloadError(
                        .wrongShape, "column '\(name)' appears twice in the header", help: "name each column once",
                        line: headerLine, field: name))
            }
            switch schema.role(of: name) {
            case .unknown:
                let looksLikeData = names.contains { Double($0) != nil }
                return .failure(
                    PayloadError(
                        .unknownFeature, "'\(name)' is not a feature of the model",
                        help: looksLikeData
                            ? "the first line looks like data: it must name the columns (\(schema.idColumn), "
                                + schema.features.prefix(3).map(\.name).joined(separator: ", ") + ", …)"
                            : schema.help(forUnknown: name),
                        line: headerLine, field: name))
            case .ignored:
                columns.append(.skipped)
                isID.append(false)
            case .id:
                columns.append(.skipped)
                isID.append(true)
            case .feature(let feature, let id):
                present[feature] = true
                isID.append(id)
                if schema.features[feature].kind == .numeric {
                    columns.append(.numeric(slot: numericSlots.count))
                    numericSlots.append(feature)
                } else {
                    columns.append(.categorical(slot: categoricalSlots.count))
                    categoricalSlots.append(feature)
                }
            }
        }
        let missing = schema.features.indices.filter { !present[$0] }.map { schema.features[$0].name }
        if !missing.isEmpty {
            return .failure(
                PayloadError.missingFeatures(
                    missing,
                    help: "add " + (missing.count == 1 ? "a column" : "columns") + " "
                        + missing.prefix(3).map { "'\($0)'" }.joined(separator: ", ") + (missing.count > 3 ? ", …" : "")
                        + "; empty cells or '?' are missing values",
                    line: headerLine, field: missing[0]))
        }

        // The rows.
        let width = names.count
        let numericWidth = numericSlots.count, categoricalWidth = categoricalSlots.count
        let firstRow = i
        var numbers: [Double] = []
        var codes: [Int32] = []
        var ids: [String?] = []
        var lines: [Int] = []
        var rejected: [RejectedRequest] = []
        var interners = [ByteInterner](repeating: ByteInterner(), count: categoricalWidth)
        let hasID = isID.contains(true)
        while true {
            CSVScanner.skipBlankLines(base, n, &i, &line)
            guard i < n else { break }
            if lines.isEmpty && rejected.isEmpty {
                // Room for as many rows as lines of the first row's length would fill.
                var end = i
                while end < n && base[end] != Self.newline { end += 1 }
                let estimate = (n - firstRow) / max(1, end - i + 1) + 16
                numbers.reserveCapacity(estimate * numericWidth)
                codes.reserveCapacity(estimate * categoricalWidth)
                lines.reserveCapacity(estimate)
                if hasID { ids.reserveCapacity(estimate) }
            }
            let rowLine = line
            let numberBase = numbers.count, codeBase = codes.count
            for _ in 0..<numericWidth { numbers.append(.nan) }
            for _ in 0..<categoricalWidth { codes.append(-1) }
            var id: String?
            var problem: RejectedRequest?
            var brokenQuote = false
            var count = 0
            while true {
                let field = CSVScanner.field(base, n, &i, &line, delimiter: Self.comma)
                if count < width && problem == nil {
                    if field.problem != .none {
                        brokenQuote = true
                        problem = RejectedRequest(
                            line: rowLine, field: names[count],
                            message: field.problem == .unterminated
                                ? "unterminated quoted field in '\(names[count])'"
                                : "unexpected text after the closing quote of '\(names[count])'",
                            help: "quote the whole field, doubling inner quotes")
                    } else {
                        let missing = field.count == 0 || (field.count == 1 && base[field.start] == Self.questionMark)
                        switch columns[count] {
                        case .numeric(let slot) where !missing:
                            let cell = NumberParser.cell(cells, field.start, field.end)
                            switch cell {
                            case .number(let value): numbers[numberBase + slot] = value
                            case .missing: break
                            case .infinite, .invalid:
                                let text = String(
                                    decoding: UnsafeBufferPointer(start: base + field.start, count: field.count),
                                    as: UTF8.self
                                )
                                let infinite = cell == .infinite
                                problem = RejectedRequest(
                                    line: rowLine, field: names[count],
                                    message: "'\(names[count])' must be a \(infinite ? "finite " : "")number, "
                                        + "not \(JSONValue.quoted(text))",
                                    help: "fix the value, or leave the cell empty (or '?') for a missing one")
                            }
                        case .categorical(let slot) where !missing:
                            codes[codeBase + slot] = interners[slot].code(base + field.start, field.count)
                        default: break
                        }
                        if isID[count] && !missing {
                            id = String(
                                decoding: UnsafeBufferPointer(start: base + field.start, count: field.count),
                                as: UTF8.self)
                        }
                    }
                }
                count += 1
                if field.endsRow { break }
            }
            if count != width && !brokenQuote {
                // Before a bad cell: the cells after a missing or extra one are misplaced anyway.
                problem = RejectedRequest(
                    line: rowLine, field: count < width ? names[count] : nil,
                    message: "the row has \(count) field\(count == 1 ? "" : "s") for \(width) columns",
                    help: count < width
                        ? "give every column a value; leave a missing one empty or write '?'"
                        : "remove the extra fields, or quote values that hold ','")
            }
            if let problem {
                numbers.removeLast(numbers.count - numberBase)
                codes.removeLast(codes.count - codeBase)
                rejected.append(problem)
            } else {
                lines.append(rowLine)
                if hasID { ids.append(id) }
            }
            line += 1
        }
        if lines.isEmpty && rejected.isEmpty {
            return .failure(
                PayloadError(
                    .wrongShape, "no requests after the header", help: "write one request per line after the header",
                    line: headerLine))
        }

        // Row-major staging to the table's columns, in schema order.
        let rows = lines.count
        var built = [Table.Values?](repeating: nil, count: schema.features.count)
        for (slot, feature) in numericSlots.enumerated() {
            built[feature] = .numeric(
                numbers.withUnsafeBufferPointer { staged in
                    [Double](unsafeUninitializedCapacity: rows) { column, initialized in
                        for r in 0..<rows { column[r] = staged[r * numericWidth + slot] }
                        initialized = rows
                    }
                })
        }
        for (slot, feature) in categoricalSlots.enumerated() {
            let column = codes.withUnsafeBufferPointer { staged in
                [Int32](unsafeUninitializedCapacity: rows) { column, initialized in
                    for r in 0..<rows { column[r] = staged[r * categoricalWidth + slot] }
                    initialized = rows
                }
            }
            built[feature] = SortedLevels.values(
                interners[slot].texts, codes: column, missing: NumberParser.notANumber)
        }
        let table = Table(
            source: source, rowCount: rows,
            columns: schema.features.indices.map { Table.Column(name: schema.features[$0].name, values: built[$0]!) })
        return .success(
            RequestBatch(
                table: table, ids: hasID ? ids : Array(repeating: nil, count: rows), lines: lines, rejected: rejected,
                layout: .csv))
    }

    static let empty = PayloadError(
        .malformed, "the file is empty", help: "write a header naming the columns, then one request per line", line: 1)
}
