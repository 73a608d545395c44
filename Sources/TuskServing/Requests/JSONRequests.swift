import TuskCore
import TuskML

/// The three JSON shapes, read into columns; every error points into the text. Here the
/// dispatch on the top-level keys, plain records and the typing of one value; Seldon's shapes in
/// `JSONRequests+Seldon.swift`, Open Inference's in `JSONRequests+OpenInference.swift`.
struct JSONRequests {
    let text: JSONText
    let schema: RequestSchema
    let binary: [UInt8]

    static let source = "<payload>"

    func read() throws(PayloadError) -> RequestBatch {
        let root: JSONValue
        do {
            root = try JSONValue.parse(text.text)
        } catch {
            let (line, column) = text.lineAndColumn(error.range.lowerBound)
            let (offset, length) = text.characters(error.range)
            throw PayloadError(
                .malformed, "malformed JSON at line \(line), column \(column): \(error.message)", offset: offset,
                length: length)
        }
        guard case .object(let members) = root.content else {
            throw self.error(
                .wrongShape, "the payload must be a JSON object, not \(root.described)",
                help: #"send a record {"age": 39, …}, a Seldon {"data": …} or an Open Inference {"inputs": […]}"#,
                at: root.range)
        }
        if !binary.isEmpty && root["inputs"] == nil {
            throw error(
                .wrongShape, "binary tensor data follows a payload that is not an Open Inference request",
                help: "send binary data only after {\"inputs\": […]}", at: root.range)
        }
        switch (root["data"], root["inputs"]) {
        case (let data?, nil): return try seldon(data, meta: root["meta"])
        case (nil, let inputs?): return try openInference(inputs, id: root["id"])
        case (_?, let inputs?):
            throw error(
                .wrongShape, "the payload has both 'data' (Seldon) and 'inputs' (Open Inference)",
                help: "send one of them", at: inputs.keyRange)
        case (nil, nil):
            if let json = root["jsonData"] { return try jsonData(json, meta: root["meta"]) }
            // Seldon's other top-level payloads are not records with misspelled features.
            if let other = ["strData", "binData"].first(where: { root[$0] != nil }),
                let member = root[other]
            {
                throw error(
                    .wrongShape, "Seldon '\(other)' payloads cannot carry the features of a table",
                    help:
                        #"write {"data": {"names": ["age", …], "ndarray": [[39, …], …]}} or {"jsonData": {"age": 39, …}}"#,
                    at: member.keyRange)
            }
            return try record(members, range: root.range)
        }
    }

    // MARK: Shapes

    /// `{"age": 39, "sex": "Male"}`
    func record(_ members: [JSONValue.Member], range: Range<Int>) throws(PayloadError) -> RequestBatch {
        var columns = JSONColumns(schema: schema, rows: 1)
        let id = try fill(members, range: range, row: 0, into: &columns, place: "")
        return RequestBatch(table: columns.table(source: Self.source), ids: [id], lines: [1])
    }

    /// One record's fields into row `row`; returns its request id.
    func fill(
        _ members: [JSONValue.Member], range: Range<Int>, row: Int, into columns: inout JSONColumns, place: String
    ) throws(PayloadError) -> String? {
        columns.present = Array(repeating: false, count: schema.features.count)
        var id: String?
        for member in members {
            switch schema.role(of: member.key) {
            case .unknown: throw unknown(member.key, at: member.keyRange)
            case .ignored: continue
            case .id: id = try requestID(member.value, place: place)
            case .feature(let feature, let isID):
                try put(member.value, feature: feature, row: row, into: &columns, place: place)
                if isID { id = try requestID(member.value, place: place) }
            }
        }
        try checkPresent(columns.present, at: closing(range)) { names in
            names.prefix(3).map { "\"\($0)\": null" }.joined(separator: ", ") + (names.count > 3 ? ", …" : "")
                + (names.count == 1 ? " for a missing value" : " for missing values")
        }
        return id
    }

    // MARK: Values

    /// Types one value into its feature's column.
    func put(_ value: JSONValue, feature index: Int, row: Int, into columns: inout JSONColumns, place: String)
        throws(PayloadError)
    {
        let feature = schema.features[index]
        columns.present[index] = true
        switch (feature.kind, value.content) {
        case (_, .null): return
        case (.numeric, .number(let number)): columns.numbers[index][row] = number
        // "" and "?" are missing, as in the trainer's CSV files and the exported ONNX graph.
        case (.categorical, .string(let text)) where CSVFormat.isMissing(text): return
        case (.categorical, .string(let text)): columns.set(index, row: row, level: text)
        case (.categorical, .number(let number)) where feature.acceptsNumbers:
            columns.set(index, row: row, level: CategoryLevel.name(of: number))
        case (.categorical, .number(let number)):
            let level = CategoryLevel.name(of: number)
            throw error(
                .wrongType, "'\(feature.name)' must be a string, not \(value.described)\(place)",
                help:
                    "its categories are words; write \"\(level)\" in quotes if it is one, or null for a missing value",
                at: value.range)
        case (.numeric, .string(let text)):
            let looksNumeric: Bool
            if case .number? = (try? JSONValue.parse(text))?.content {
                looksNumeric = true
            } else {
                looksNumeric = false
            }
            throw error(
                .wrongType, "'\(feature.name)' must be a number, not \(value.described)\(place)",
                help: looksNumeric ? "write the number without quotes" : "write a number, or null for a missing value",
                at: value.range)
        case (.numeric, _):
            throw error(
                .wrongType, "'\(feature.name)' must be a number, not \(value.described)\(place)",
                help: "write a number, or null for a missing value", at: value.range)
        case (.categorical, .bool(let flag)):
            throw error(
                .wrongType, "'\(feature.name)' must be a string, not \(value.described)\(place)",
                help: "write \"\(flag)\" in quotes if it is a category, or null for a missing value", at: value.range)
        case (.categorical, _):
            throw error(
                .wrongType, "'\(feature.name)' must be a string, not \(value.described)\(place)",
                help: "write one string, or null for a missing value", at: value.range)
        }
    }

    /// A request id: a string, or a number in its shortest form; null or empty is none.
    func requestID(_ value: JSONValue, place: String) throws(PayloadError) -> String? {
        switch value.content {
        case .string(let text): return text.isEmpty ? nil : text
        case .number(let number): return CategoryLevel.name(of: number)
        case .null: return nil
        default:
            throw error(
                .wrongType, "'\(schema.idColumn)' must be a string or a number, not \(value.described)\(place)",
                help: "write \"\(schema.idColumn)\": \"r1\"", at: value.range)
        }
    }

    /// Row `row`'s id from the payload's: the payload's own for the first, `ID-k` for the k-th.
    func derivedID(_ id: String?, row: Int) -> String? {
        guard let id else { return nil }
        return row == 0 ? id : "\(id)-\(row + 1)"
    }

    func checkPresent(_ present: [Bool], at range: Range<Int>, add: ([String]) -> String)
        throws(PayloadError)
    {
        let missing = schema.features.indices.filter { !present[$0] }.map { schema.features[$0].name }
        guard !missing.isEmpty else { return }
        let (offset, length) = text.characters(range)
        throw PayloadError.missingFeatures(missing, help: "add " + add(missing), offset: offset, length: length)
    }

    func unknown(_ name: String, at range: Range<Int>) -> PayloadError {
        let (offset, length) = text.characters(range)
        return PayloadError.unknownFeature(name, help: schema.help(forUnknown: name), offset: offset, length: length)
    }

    /// The last character of a value: the bracket a missing field would be added before.
    func closing(_ range: Range<Int>) -> Range<Int> { (range.upperBound - 1)..<range.upperBound }

    func error(_ kind: PayloadError.Kind, _ message: String, help: String?, at range: Range<Int>)
        -> PayloadError
    {
        let (offset, length) = text.characters(range)
        return PayloadError(kind, message, help: help, offset: offset, length: length)
    }
}
