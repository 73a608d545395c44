import TuskCore
import TuskML

/// Reads the requests of a deployment's live model from what the router is sent, into one
/// ``RequestBatch`` checked against the model's ``RequestSchema``.
///
/// JSON payloads come in three shapes, told apart by their top-level keys:
///
/// - `data`: a Seldon payload, `{"data": {"names": ["age", "sex"], "ndarray": [[39, "Male"], …]}}`,
///   one request per row (`meta` may give a `puid`; other top-level keys are ignored);
/// - `inputs`: an Open Inference (KServe V2) payload, one tensor per feature as MLServer's pandas
///   codec writes them, `{"id": "r1", "inputs": [{"name": "age", "shape": [2], "datatype": "INT64",
///   "data": [39, 50]}, …]}`, shapes `[N]` or `[N, 1]`;
/// - anything else: one plain record, `{"age": 39, "sex": "Male"}`.
///
/// A field `request_id` (a key, a name, an input) gives a row its id. Otherwise the payload's id
/// (V2's `id`, Seldon's `meta.puid`) names its first row, and row k its k-th copy: `r1`, `r1-2`,
/// `r1-3`…, so every request of a payload routes on its own and the first keeps the payload's id.
///
/// A JSON payload is answered whole or not at all: the first field that is wrong is a
/// ``PayloadError`` that points at it in the text. A CSV file is a stream of requests: a header
/// that cannot be answered refuses the file, but a row that cannot be read is set aside in
/// ``RequestBatch/rejected`` and the others are kept.
///
///     let batch = try RequestReader.json(#"{"request_id": "a1", "age": 39, "sex": "Male"}"#, schema: schema)
///     batch.ids  // ["a1"]
public enum RequestReader {
    /// Reads a JSON payload: a plain record, a Seldon payload or an Open Inference one.
    ///
    /// Every feature of the schema must be there (`null` is a missing value, and so are `""` and
    /// `"?"` for a categorical feature, as in a CSV file); a field that is not
    /// a feature, not the id and not ignored is an error, as is a value of the wrong type: a
    /// numeric feature takes numbers, a categorical one strings (or numbers, named in their
    /// shortest form: 9 is `"9"`, when the model's levels of that feature are numbers).
    ///
    /// `binary` is the body after the JSON of an Open Inference request sent with the binary
    /// tensor extension: the inputs whose `parameters` give a `binary_data_size` take their
    /// elements from it, in the order they are listed, little-endian, BYTES elements each a
    /// 4-byte length and the bytes (as Triton's `extension_binary_data.md` has it).
    public static func json(_ text: String, binary: [UInt8] = [], schema: RequestSchema) throws(PayloadError)
        -> RequestBatch
    {
        try JSONRequests(text: JSONText(text: text), schema: schema, binary: binary).read()
    }

    /// Reads a CSV request file: a header naming the columns (`request_id` and the features, in
    /// any order), then one request per line.
    ///
    /// A header without every feature, or with a column the model does not know, refuses the
    /// file. A row with the wrong number of fields, a numeric cell that is not a number, or a
    /// broken quote is rejected, with its line and column, and left out of the table. Empty cells
    /// and `?` are missing values, as the trainer's CSV reader has them (and pandas' spellings:
    /// `NaN` anywhere, `NA`, `null`, `None`… in numeric columns).
    ///
    /// One pass over the bytes: each cell is typed where it lies, categories are interned per
    /// column without making a String per cell, and columns are filled directly.
    public static func csv(_ bytes: [UInt8], source: String, schema: RequestSchema) throws(PayloadError)
        -> RequestBatch
    {
        let result = bytes.withUnsafeBufferPointer { buffer in
            CSVRequests(bytes: buffer, source: source, schema: schema).read()
        }
        return try result.get()
    }
}

// MARK: - JSON

/// The three JSON shapes, read into columns; every error points into the text.
private struct JSONRequests {
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
    private func record(_ members: [JSONValue.Member], range: Range<Int>) throws(PayloadError) -> RequestBatch {
        var columns = JSONColumns(schema: schema, rows: 1)
        let id = try fill(members, range: range, row: 0, into: &columns, place: "")
        return RequestBatch(table: columns.table(source: Self.source), ids: [id], lines: [1])
    }

    /// One record's fields into row `row`; returns its request id.
    private func fill(
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

    /// Seldon's `{"jsonData": {"age": 39, …}}` or `{"jsonData": [{"age": 39, …}, …]}`: records.
    private func jsonData(_ json: JSONValue.Member, meta: JSONValue.Member?) throws(PayloadError) -> RequestBatch {
        let layout = #"write {"jsonData": {"age": 39, …}} or {"jsonData": [{"age": 39, …}, …]}"#
        let payloadID = try seldonID(meta)
        let records: [JSONValue]
        switch json.value.content {
        case .object: records = [json.value]
        case .array(let values): records = values
        default:
            throw error(
                .wrongShape, "'jsonData' must be a record or an array of records, not \(json.value.described)",
                help: layout, at: json.value.range)
        }
        guard !records.isEmpty else {
            throw error(.wrongShape, "'jsonData' has no records", help: "send at least one", at: json.value.range)
        }
        var columns = JSONColumns(schema: schema, rows: records.count)
        var ids = [String?](repeating: nil, count: records.count)
        for (r, record) in records.enumerated() {
            guard case .object(let members) = record.content else {
                throw error(
                    .wrongShape, "jsonData record \(r + 1) must be an object, not \(record.described)", help: layout,
                    at: record.range)
            }
            let place = records.count > 1 ? " (jsonData record \(r + 1))" : ""
            ids[r] =
                try fill(members, range: record.range, row: r, into: &columns, place: place)
                ?? derivedID(payloadID, row: r)
        }
        return RequestBatch(
            table: columns.table(source: Self.source), ids: ids, lines: Array(repeating: 1, count: records.count),
            layout: .jsonData)
    }

    /// `{"data": {"names": [...], "ndarray": [[...], ...]}, "meta": {"puid": "..."}}`
    private func seldon(_ data: JSONValue.Member, meta: JSONValue.Member?) throws(PayloadError) -> RequestBatch {
        let layout = #"write {"data": {"names": ["age", …], "ndarray": [[39, …], …]}}"#
        guard case .object = data.value.content else {
            throw error(
                .wrongShape, "'data' must be an object with 'names' and 'ndarray', not \(data.value.described)",
                help: layout, at: data.value.range)
        }
        let payloadID = try seldonID(meta)
        let tensor = data.value["ndarray"] == nil ? data.value["tensor"] : nil
        guard let ndarray = data.value["ndarray"] ?? tensor else {
            if let other = ["tftensor", "strData", "binData", "jsonData"].first(where: {
                data.value[$0] != nil
            }),
                let member = data.value[other]
            {
                throw error(
                    .wrongShape, "Seldon '\(other)' payloads are not read, only 'ndarray' and 'tensor'", help: layout,
                    at: member.keyRange)
            }
            throw error(.wrongShape, "the Seldon payload has no 'ndarray'", help: layout, at: data.keyRange)
        }
        guard let names = data.value["names"] else {
            throw error(.wrongShape, "the Seldon payload has no 'names'", help: layout, at: data.keyRange)
        }
        guard case .array(let nameValues) = names.value.content else {
            throw error(
                .wrongShape, "'names' must be an array of strings, not \(names.value.described)", help: layout,
                at: names.value.range)
        }
        var roles: [FieldRole] = []
        var seen: Set<String> = []
        var present = [Bool](repeating: false, count: schema.features.count)
        for value in nameValues {
            guard case .string(let name) = value.content else {
                throw error(
                    .wrongShape, "'names' must hold strings, not \(value.described)", help: layout, at: value.range)
            }
            guard seen.insert(name).inserted else {
                throw error(
                    .wrongShape, "'\(name)' appears twice in 'names'", help: "name each column once", at: value.range)
            }
            let role = schema.role(of: name)
            if role == .unknown { throw unknown(name, at: value.range) }
            if case .feature(let feature, _) = role { present[feature] = true }
            roles.append(role)
        }
        // A tensor cannot carry a category, named or not: say so before asking for one.
        if let tensor { try checkCarried(by: tensor) }
        try checkPresent(present, at: closing(names.value.range)) { missing in
            missing.prefix(3).map { "\"\($0)\"" }.joined(separator: ", ") + (missing.count > 3 ? ", …" : "")
                + " to 'names' and null to each row"
                + (missing.count == 1 ? " for a missing value" : " for missing values")
        }
        let rows: [JSONValue]
        if let tensor {
            rows = try tensorRows(tensor, roles: roles, layout: layout)
        } else {
            guard case .array(let list) = ndarray.value.content else {
                throw error(
                    .wrongShape, "'ndarray' must be an array of rows, not \(ndarray.value.described)", help: layout,
                    at: ndarray.value.range)
            }
            rows = list
        }
        guard !rows.isEmpty else {
            throw error(.wrongShape, "'ndarray' has no rows", help: "send at least one row", at: ndarray.value.range)
        }
        var columns = JSONColumns(schema: schema, rows: rows.count)
        var ids = [String?](repeating: nil, count: rows.count)
        for (r, row) in rows.enumerated() {
            guard case .array(let values) = row.content else {
                throw error(
                    .wrongShape, "ndarray row \(r + 1) must be an array of values, not \(row.described)",
                    help: layout, at: row.range)
            }
            guard values.count == roles.count else {
                throw error(
                    .wrongShape, "ndarray row \(r + 1) has \(values.count) values for \(roles.count) names",
                    help: "give one value per name, null for a missing one", at: row.range)
            }
            let place = rows.count > 1 ? " (ndarray row \(r + 1))" : ""
            for (value, role) in zip(values, roles) {
                switch role {
                case .feature(let feature, let isID):
                    try put(value, feature: feature, row: r, into: &columns, place: place)
                    if isID { ids[r] = try requestID(value, place: place) }
                case .id: ids[r] = try requestID(value, place: place)
                case .ignored, .unknown: continue
                }
            }
            if ids[r] == nil { ids[r] = derivedID(payloadID, row: r) }
        }
        return RequestBatch(
            table: columns.table(source: Self.source), ids: ids, lines: Array(repeating: 1, count: rows.count),
            layout: tensor == nil ? .ndarray : .tensor)
    }

    /// A tensor carries numbers only: a model with a categorical feature cannot be sent one.
    private func checkCarried(by tensor: JSONValue.Member) throws(PayloadError) {
        let categorical = schema.features.filter { $0.kind == .categorical }.map(\.name)
        if !categorical.isEmpty {
            throw error(
                .wrongShape,
                (categorical.count == 1 ? "the model's feature " : "the model's features ")
                    + PayloadError.list(categorical) + (categorical.count == 1 ? " is" : " are")
                    + " categorical, and a Seldon tensor holds numbers only",
                help: "send the rows as 'ndarray' (or 'jsonData' records), which hold strings", at: tensor.keyRange)
        }
    }

    /// A Seldon `tensor` (`{"shape": [N, F], "values": [...]}`, row-major, numbers only) as
    /// ndarray rows: it can carry a model's features only when every named one is numeric.
    private func tensorRows(_ tensor: JSONValue.Member, roles: [FieldRole], layout: String) throws(PayloadError)
        -> [JSONValue]
    {
        let numbersOnly = "a Seldon tensor holds numbers only"
        let tensorLayout = #"write "tensor": {"shape": [1, 14], "values": [39, …]}"#
        guard case .object = tensor.value.content, let shape = tensor.value["shape"],
            let values = tensor.value["values"], case .array(let dimensions) = shape.value.content,
            case .array(let elements) = values.value.content
        else {
            throw error(
                .wrongShape, "'tensor' must be an object with 'shape' and 'values'", help: tensorLayout,
                at: tensor.value.range)
        }
        var sizes: [Int] = []
        for dimension in dimensions {
            guard case .number(let size) = dimension.content, size >= 0, size == size.rounded(), size < 1e9 else {
                throw error(
                    .wrongShape, "the tensor's shape must hold sizes, not \(dimension.described)", help: tensorLayout,
                    at: dimension.range)
            }
            sizes.append(Int(size))
        }
        // [F] is one row; [N, F] rows of F.
        let (count, width) =
            sizes.count == 1 ? (1, sizes[0]) : sizes.count == 2 ? (sizes[0], sizes[1]) : (-1, -1)
        guard count >= 0, width == roles.count else {
            throw error(
                .wrongShape,
                "the tensor's shape is [\(sizes.map(String.init).joined(separator: ", "))] for \(roles.count) names",
                help: "give shape [N, \(roles.count)]: N rows of one value per name", at: shape.value.range)
        }
        guard elements.count == count * width else {
            throw error(
                .wrongShape, "the tensor holds \(elements.count) values for shape [\(count), \(width)]",
                help: "give \(count * width) values, row after row", at: values.value.range)
        }
        for element in elements {
            guard case .number = element.content else {
                throw error(
                    .wrongType, "\(numbersOnly), not \(element.described)",
                    help: "send the rows as 'ndarray' to mix numbers and strings", at: element.range)
            }
        }
        return (0..<count).map { r in
            let row = Array(elements[(r * width)..<((r + 1) * width)])
            let range = row.first.map { $0.range.lowerBound..<row.last!.range.upperBound } ?? values.value.range
            return JSONValue(content: .array(row), range: range)
        }
    }

    private func seldonID(_ meta: JSONValue.Member?) throws(PayloadError) -> String? {
        guard let meta else { return nil }
        switch meta.value.content {
        case .null: return nil
        case .object:
            guard let puid = meta.value["puid"] else { return nil }
            switch puid.value.content {
            case .string(let text): return text.isEmpty ? nil : text
            case .null: return nil
            default:
                throw error(
                    .wrongType, "'puid' in 'meta' must be a string, not \(puid.value.described)",
                    help: #"write "meta": {"puid": "r1"}"#, at: puid.value.range)
            }
        default:
            throw error(
                .wrongShape, "'meta' must be an object, not \(meta.value.described)",
                help: #"write "meta": {"puid": "r1"}"#, at: meta.value.range)
        }
    }

    /// `{"id": "r1", "inputs": [{"name": "age", "shape": [2], "datatype": "INT64", "data": [39, 50]}, ...]}`
    private func openInference(_ inputs: JSONValue.Member, id: JSONValue.Member?) throws(PayloadError)
        -> RequestBatch
    {
        let layout = #"write {"inputs": [{"name": "age", "shape": [1], "datatype": "INT64", "data": [39]}, …]}"#
        var payloadID: String?
        if let id {
            switch id.value.content {
            case .null: payloadID = nil
            case .string(let text): payloadID = text.isEmpty ? nil : text
            default:
                throw error(
                    .wrongType, "'id' must be a string, not \(id.value.described)", help: #"write "id": "r1""#,
                    at: id.value.range)
            }
        }
        guard case .array(let list) = inputs.value.content else {
            throw error(
                .wrongShape, "'inputs' must be an array of tensors, not \(inputs.value.described)", help: layout,
                at: inputs.value.range)
        }
        struct Input {
            let name: String
            let role: FieldRole
            let datatype: TensorType
            let values: [JSONValue]
        }
        var read: [Input] = []
        var seen: Set<String> = []
        var present = [Bool](repeating: false, count: schema.features.count)
        var first: (name: String, rows: Int, shape: String)?
        var binaryOffset = 0
        for input in list {
            guard case .object = input.content else {
                throw error(
                    .wrongShape,
                    "an input must be an object with 'name', 'shape', 'datatype' and 'data', not \(input.described)",
                    help: layout, at: input.range)
            }
            guard let nameMember = input["name"] else {
                throw error(.wrongShape, "an input has no 'name'", help: layout, at: input.range)
            }
            guard case .string(let name) = nameMember.value.content else {
                throw error(
                    .wrongShape, "an input's 'name' must be a string, not \(nameMember.value.described)",
                    help: layout, at: nameMember.value.range)
            }
            guard seen.insert(name).inserted else {
                throw error(
                    .wrongShape, "input '\(name)' appears twice", help: "send each feature once",
                    at: nameMember.value.range)
            }
            let role = schema.role(of: name)
            if role == .unknown { throw unknown(name, at: nameMember.value.range) }
            // Binary data lies in the order of the inputs, an ignored one's too.
            var slice: ArraySlice<UInt8>?
            if let size = try binaryDataSize(input, name: name, at: nameMember.value.range) {
                guard size <= binary.count - binaryOffset else {
                    throw error(
                        .wrongShape,
                        "input '\(name)' has \(size) bytes of binary data but the body holds "
                            + "\(binary.count - binaryOffset) more after the JSON",
                        help: "set Inference-Header-Content-Length to the JSON's length in bytes, and binary_data_size "
                            + "to each input's", at: nameMember.value.range)
                }
                slice = binary[binaryOffset..<(binaryOffset + size)]
                binaryOffset += size
            }
            if role == .ignored { continue }
            let (rows, shape, shapeRange) = try inputShape(
                input, name: name, at: nameMember.value.range, layout: layout)
            let datatype = try inputType(input, name: name, at: nameMember.value.range, layout: layout)
            var values: [JSONValue]
            let dataRange: Range<Int>
            if let slice {
                if let data = input["data"] {
                    throw error(
                        .wrongShape, "input '\(name)' has both 'data' and binary data", help: "send one of them",
                        at: data.keyRange)
                }
                dataRange = nameMember.value.range
                do throws(BinaryTensor.Failure) {
                    values = try BinaryTensor.elements(slice, datatype: datatype.rawValue, at: dataRange)
                } catch {
                    throw self.error(
                        error.isType ? .wrongType : .wrongShape, "the binary data of input '\(name)' \(error.message)",
                        help: error.help, at: dataRange)
                }
            } else {
                guard let data = input["data"] else {
                    throw error(.wrongShape, "input '\(name)' has no 'data'", help: layout, at: nameMember.value.range)
                }
                guard case .array(let list) = data.value.content else {
                    throw error(
                        .wrongShape, "the data of input '\(name)' must be an array, not \(data.value.described)",
                        help: layout, at: data.value.range)
                }
                values = list
                dataRange = data.value.range
            }
            if shape.hasSuffix(", 1]") {
                // [N, 1] may be written nested, a row per element: [[39], [50]].
                for (k, value) in values.enumerated() {
                    guard case .array(let inner) = value.content else { continue }
                    guard inner.count == 1 else {
                        throw error(
                            .wrongShape, "input '\(name)' has shape \(shape) but value \(k + 1) holds \(inner.count)",
                            help: "give one value per row", at: value.range)
                    }
                    values[k] = inner[0]
                }
            }
            guard values.count == rows else {
                throw error(
                    .wrongShape, "input '\(name)' has shape \(shape) but holds \(values.count) values",
                    help: "give one value per row, null for a missing one", at: dataRange)
            }
            if let first {
                guard rows == first.rows else {
                    throw error(
                        .wrongShape, "input '\(name)' has shape \(shape) but '\(first.name)' has \(first.shape)",
                        help: "give every input one value per row", at: shapeRange)
                }
            } else {
                first = (name, rows, shape)
            }
            if case .feature(let feature, _) = role { present[feature] = true }
            read.append(Input(name: name, role: role, datatype: datatype, values: values))
        }
        guard binaryOffset == binary.count else {
            throw error(
                .wrongShape,
                "the body holds \(binary.count) bytes of binary data after the JSON, but the inputs declare "
                    + "\(binaryOffset)",
                help: "give each binary input its binary_data_size, and Inference-Header-Content-Length the JSON's "
                    + "length", at: inputs.value.range)
        }
        try checkPresent(present, at: closing(inputs.value.range)) { missing in
            (missing.count == 1 ? "an input" : "inputs") + " named "
                + missing.prefix(3).map { "\"\($0)\"" }.joined(separator: ", ") + (missing.count > 3 ? ", …" : "")
                + " with null data for missing values"
        }
        guard let rows = first?.rows, rows > 0 else {
            throw error(.wrongShape, "the payload holds no rows", help: "send at least one row", at: inputs.value.range)
        }
        var columns = JSONColumns(schema: schema, rows: rows)
        var ids = [String?](repeating: nil, count: rows)
        for input in read {
            for (r, value) in input.values.enumerated() {
                let place = rows > 1 ? " (row \(r + 1))" : ""
                try check(value, input: input.name, datatype: input.datatype, place: place)
                switch input.role {
                case .feature(let feature, let isID):
                    try put(value, feature: feature, row: r, into: &columns, place: place)
                    if isID { ids[r] = try requestID(value, place: place) }
                case .id: ids[r] = try requestID(value, place: place)
                case .ignored, .unknown: continue
                }
            }
        }
        for r in ids.indices where ids[r] == nil { ids[r] = derivedID(payloadID, row: r) }
        return RequestBatch(
            table: columns.table(source: Self.source), ids: ids, lines: Array(repeating: 1, count: rows),
            layout: .openInference)
    }

    /// An input's `binary_data_size` parameter (the binary tensor extension), if it has one; the
    /// shared-memory extension's parameters are refused by name.
    private func binaryDataSize(_ input: JSONValue, name: String, at nameRange: Range<Int>) throws(PayloadError)
        -> Int?
    {
        guard let parameters = input["parameters"] else { return nil }
        guard case .object(let members) = parameters.value.content else {
            throw error(
                .wrongShape, "the parameters of input '\(name)' must be an object, not \(parameters.value.described)",
                help: #"write "parameters": {"binary_data_size": 8}"#, at: parameters.value.range)
        }
        if let shared = members.first(where: { $0.key.hasPrefix("shared_memory") }) {
            throw error(
                .wrongShape, "input '\(name)' uses the shared-memory extension, which tusk does not support",
                help: "send the data in the body, as JSON or binary", at: shared.keyRange)
        }
        guard let size = parameters.value["binary_data_size"] else { return nil }
        guard case .number(let number) = size.value.content, number >= 0, number == number.rounded(),
            number < 1e15
        else {
            throw error(
                .wrongShape,
                "the binary_data_size of input '\(name)' must be a size in bytes, not \(size.value.described)",
                help: #"write "parameters": {"binary_data_size": 8}"#, at: size.value.range)
        }
        return Int(number)
    }

    /// The rows of an input's shape, `[N]` or `[N, 1]`, and the shape as written in messages.
    private func inputShape(_ input: JSONValue, name: String, at nameRange: Range<Int>, layout: String)
        throws(PayloadError) -> (rows: Int, shape: String, range: Range<Int>)
    {
        guard let member = input["shape"] else {
            throw error(.wrongShape, "input '\(name)' has no 'shape'", help: layout, at: nameRange)
        }
        guard case .array(let values) = member.value.content else {
            throw error(
                .wrongShape, "the shape of input '\(name)' must be an array, not \(member.value.described)",
                help: layout, at: member.value.range)
        }
        var dimensions: [Int] = []
        for value in values {
            guard case .number(let number) = value.content, number >= 0, number == number.rounded(),
                number < 1e15
            else {
                throw error(
                    .wrongShape, "the shape of input '\(name)' must hold sizes, not \(value.described)",
                    help: layout, at: value.range)
            }
            dimensions.append(Int(number))
        }
        let shape = "[" + dimensions.map(String.init).joined(separator: ", ") + "]"
        guard dimensions.count == 1 || (dimensions.count == 2 && dimensions[1] == 1) else {
            throw error(
                .wrongShape, "input '\(name)' has shape \(shape); an input is one column, of shape [N] or [N, 1]",
                help: "send one input per feature, as MLServer's pandas codec does", at: member.value.range)
        }
        return (dimensions[0], shape, member.value.range)
    }

    private func inputType(_ input: JSONValue, name: String, at nameRange: Range<Int>, layout: String)
        throws(PayloadError) -> TensorType
    {
        guard let member = input["datatype"] else {
            throw error(.wrongShape, "input '\(name)' has no 'datatype'", help: layout, at: nameRange)
        }
        guard case .string(let text) = member.value.content, let datatype = TensorType(rawValue: text) else {
            throw error(
                .wrongShape,
                "input '\(name)' has datatype \(member.value.described.replacingPrefix("the string ")), "
                    + "not an Open Inference datatype",
                help: "use BOOL, INT8 to INT64, UINT8 to UINT64, FP16, FP32, FP64 or BYTES", at: member.value.range)
        }
        return datatype
    }

    /// A value must be of its input's datatype (null is a missing value in any).
    private func check(_ value: JSONValue, input: String, datatype: TensorType, place: String) throws(PayloadError) {
        switch (datatype.holds, value.content) {
        case (_, .null), (.bools, .bool), (.strings, .string), (.numbers, .number): return
        case (.integers(let bits, let signed), .number(let number))
        where number == number.rounded() && TensorType.fits(number, bits: bits, signed: signed):
            return
        default:
            throw error(
                .wrongType,
                "input '\(input)' is \(datatype.rawValue) but holds \(value.described.replacingPrefix("the number "))\(place)",
                help: "\(datatype.rawValue) inputs hold \(datatype.holds)", at: value.range)
        }
    }

    // MARK: Values

    /// Types one value into its feature's column.
    private func put(_ value: JSONValue, feature index: Int, row: Int, into columns: inout JSONColumns, place: String)
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
    private func requestID(_ value: JSONValue, place: String) throws(PayloadError) -> String? {
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
    private func derivedID(_ id: String?, row: Int) -> String? {
        guard let id else { return nil }
        return row == 0 ? id : "\(id)-\(row + 1)"
    }

    private func checkPresent(_ present: [Bool], at range: Range<Int>, add: ([String]) -> String)
        throws(PayloadError)
    {
        let missing = schema.features.indices.filter { !present[$0] }.map { schema.features[$0].name }
        guard !missing.isEmpty else { return }
        let (offset, length) = text.characters(range)
        throw PayloadError.missingFeatures(missing, help: "add " + add(missing), offset: offset, length: length)
    }

    private func unknown(_ name: String, at range: Range<Int>) -> PayloadError {
        let (offset, length) = text.characters(range)
        return PayloadError.unknownFeature(name, help: schema.help(forUnknown: name), offset: offset, length: length)
    }

    /// The last character of a value: the bracket a missing field would be added before.
    private func closing(_ range: Range<Int>) -> Range<Int> { (range.upperBound - 1)..<range.upperBound }

    private func error(_ kind: PayloadError.Kind, _ message: String, help: String?, at range: Range<Int>)
        -> PayloadError
    {
        let (offset, length) = text.characters(range)
        return PayloadError(kind, message, help: help, offset: offset, length: length)
    }
}

/// Open Inference tensor datatypes, and what JSON values each holds.
private enum TensorType: String {
    case bool = "BOOL"
    case int8 = "INT8", int16 = "INT16", int32 = "INT32", int64 = "INT64"
    case uint8 = "UINT8", uint16 = "UINT16", uint32 = "UINT32", uint64 = "UINT64"
    case fp16 = "FP16", fp32 = "FP32", fp64 = "FP64"
    case bytes = "BYTES"

    enum Values: CustomStringConvertible {
        case bools, strings, numbers
        case integers(bits: Int, signed: Bool)

        var description: String {
            switch self {
            case .bools: "true or false"
            case .strings: "strings"
            case .numbers: "numbers"
            case .integers(let bits, let signed):
                signed
                    ? "whole numbers from \(Int64.min >> (64 - bits)) to \(Int64.max >> (64 - bits))"
                    : "whole numbers from 0 to \(UInt64.max >> (64 - bits))"
            }
        }
    }

    /// Whether a whole number fits an integer type: below 2^(bits-1) (2^bits unsigned), exact
    /// powers of two as doubles, so INT64's and UINT64's bounds compare exactly.
    static func fits(_ number: Double, bits: Int, signed: Bool) -> Bool {
        let limit = Double(sign: .plus, exponent: signed ? bits - 1 : bits, significand: 1)
        return signed ? number >= -limit && number < limit : number >= 0 && number < limit
    }

    var holds: Values {
        switch self {
        case .bool: .bools
        case .bytes: .strings
        case .fp16, .fp32, .fp64: .numbers
        case .int8: .integers(bits: 8, signed: true)
        case .int16: .integers(bits: 16, signed: true)
        case .int32: .integers(bits: 32, signed: true)
        case .int64: .integers(bits: 64, signed: true)
        case .uint8: .integers(bits: 8, signed: false)
        case .uint16: .integers(bits: 16, signed: false)
        case .uint32: .integers(bits: 32, signed: false)
        case .uint64: .integers(bits: 64, signed: false)
        }
    }
}

extension String {
    fileprivate func replacingPrefix(_ prefix: String) -> String {
        hasPrefix(prefix) ? String(dropFirst(prefix.count)) : self
    }
}

/// The columns of a JSON payload as they fill: numbers in place, categories interned by a
/// dictionary per column.
private struct JSONColumns {
    let schema: RequestSchema
    let rows: Int
    var numbers: [[Double]]
    var codes: [[Int32]]
    var index: [[String: Int32]]
    var levels: [[String]]
    /// Whether each feature was given (null counts as given: a missing value).
    var present: [Bool]

    init(schema: RequestSchema, rows: Int) {
        self.schema = schema
        self.rows = rows
        numbers = schema.features.map { $0.kind == .numeric ? Array(repeating: .nan, count: rows) : [] }
        codes = schema.features.map { $0.kind == .categorical ? Array(repeating: -1, count: rows) : [] }
        index = Array(repeating: [:], count: schema.features.count)
        levels = Array(repeating: [], count: schema.features.count)
        present = Array(repeating: false, count: schema.features.count)
    }

    mutating func set(_ feature: Int, row: Int, level: String) {
        if let code = index[feature][level] {
            codes[feature][row] = code
        } else {
            let code = Int32(levels[feature].count)
            levels[feature].append(level)
            index[feature][level] = code
            codes[feature][row] = code
        }
    }

    func table(source: String) -> Table {
        let columns = schema.features.enumerated().map { f, feature in
            Table.Column(
                name: feature.name,
                values: feature.kind == .numeric
                    ? .numeric(numbers[f]) : SortedLevels.values(levels[f], codes: codes[f], missing: []))
        }
        return Table(source: source, rowCount: rows, columns: columns)
    }
}

/// Categorical columns as ``Table`` holds them: levels sorted, codes renumbered.
enum SortedLevels {
    /// `codes` index `texts` in order of first appearance (-1: missing). Texts in `missing`
    /// become missing values; texts no code uses are dropped (a rejected row's); texts equal as
    /// Strings (canonically equivalent spellings) become one level, as the trainer's loader
    /// merges them. Levels sort by their UTF-8 bytes, as the trainer's loader sorts them.
    static func values(_ texts: [String], codes: [Int32], missing: Set<String>) -> Table.Values {
        var used = [Bool](repeating: false, count: texts.count)
        for code in codes where code >= 0 { used[Int(code)] = true }
        var seen: Set<String> = []
        var distinct: [String] = []
        for (k, text) in texts.enumerated() where used[k] && !missing.contains(text) && seen.insert(text).inserted {
            distinct.append(text)
        }
        distinct.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        let position = Dictionary(uniqueKeysWithValues: distinct.enumerated().map { ($1, Int32($0)) })
        let remap = texts.map { position[$0] ?? -1 }
        let recoded = codes.map { $0 < 0 ? -1 : remap[Int($0)] }
        return .categorical(codes: recoded, levels: distinct)
    }
}

// MARK: - CSV

/// One pass over a request file's bytes: the header checked against the schema, then each row
/// typed into row-major staging (so a rejected row is dropped by truncation), then transposed
/// into the table's columns.
private struct CSVRequests {
    let bytes: UnsafeBufferPointer<UInt8>
    let source: String
    let schema: RequestSchema

    static let comma = UInt8(ascii: ","), quote = UInt8(ascii: "\""), newline = UInt8(ascii: "\n")
    static let cr = UInt8(ascii: "\r"), space = UInt8(ascii: " "), questionMark = UInt8(ascii: "?")

    /// What a column of the file is to the model.
    enum Column {
        case numeric(slot: Int)
        case categorical(slot: Int)
        case skipped
    }

    func read() -> Result<RequestBatch, PayloadError> {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return .failure(Self.empty) }
        let n = bytes.count
        var scratch = Scratch()
        defer { scratch.free() }
        var i = 0
        if n >= 3 && base[0] == 0xEF && base[1] == 0xBB && base[2] == 0xBF { i = 3 }
        var line = 1
        Self.skipBlankLines(base, n, &i, &line)
        guard i < n else { return .failure(Self.empty) }

        // The header.
        var names: [String] = []
        while true {
            let field = Self.field(base, n, &i, &line, &scratch)
            if field.problem != .none {
                return .failure(
                    PayloadError(
                        .malformed,
                        field.problem == .unterminated
                            ? "unterminated quoted field in the header"
                            : "unexpected text after a closing quote in the header",
                        help: "quote the whole name, doubling inner quotes", line: line, field: nil))
            }
            names.append(String(decoding: UnsafeBufferPointer(start: field.start, count: field.count), as: UTF8.self))
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
            Self.skipBlankLines(base, n, &i, &line)
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
                let field = Self.field(base, n, &i, &line, &scratch)
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
                        let missing = field.count == 0 || (field.count == 1 && field.start[0] == Self.questionMark)
                        switch columns[count] {
                        case .numeric(let slot) where !missing:
                            let cell = RequestNumber.cell(field.start, field.count)
                            switch cell {
                            case .number(let value): numbers[numberBase + slot] = value
                            case .missing: break
                            case .infinite, .invalid:
                                let text = String(
                                    decoding: UnsafeBufferPointer(start: field.start, count: field.count), as: UTF8.self
                                )
                                let infinite = cell == .infinite
                                problem = RejectedRequest(
                                    line: rowLine, field: names[count],
                                    message: "'\(names[count])' must be a \(infinite ? "finite " : "")number, "
                                        + "not \(JSONValue.quoted(text))",
                                    help: "fix the value, or leave the cell empty (or '?') for a missing one")
                            }
                        case .categorical(let slot) where !missing:
                            codes[codeBase + slot] = interners[slot].code(field.start, field.count)
                        default: break
                        }
                        if isID[count] && !missing {
                            id = String(
                                decoding: UnsafeBufferPointer(start: field.start, count: field.count), as: UTF8.self)
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
                interners[slot].levels, codes: column, missing: RequestNumber.notANumber)
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

    private static func skipBlankLines(_ base: UnsafePointer<UInt8>, _ n: Int, _ i: inout Int, _ line: inout Int) {
        while i < n {
            if base[i] == newline {
                i += 1
            } else if base[i] == cr && i + 1 < n && base[i + 1] == newline {
                i += 2
            } else {
                return
            }
            line += 1
        }
    }

    enum Problem { case none, unterminated, textAfterQuote }

    /// A field's bytes (in the file, or unescaped in the scratch buffer), what went wrong, and
    /// whether it ends its row.
    struct Field {
        var start: UnsafePointer<UInt8>
        var count: Int
        var problem: Problem
        var endsRow: Bool
    }

    /// Reads the field at `i`, as the trainer's CSV reader does (RFC 4180 quotes with `""` and
    /// line breaks inside, CRLF or LF, spaces around fields trimmed), and moves past its
    /// delimiter or line end.
    @inline(__always)
    private static func field(
        _ base: UnsafePointer<UInt8>, _ n: Int, _ i: inout Int, _ line: inout Int, _ scratch: inout Scratch
    ) -> Field {
        while i < n && base[i] == space { i += 1 }
        var result: Field
        if i < n && base[i] == quote {
            i += 1
            let start = i
            var doubled = false
            var closed = false
            while i < n {
                let c = base[i]
                if c == quote {
                    if i + 1 < n && base[i + 1] == quote {
                        doubled = true
                        i += 2
                        continue
                    }
                    closed = true
                    break
                }
                if c == newline { line += 1 }
                i += 1
            }
            guard closed else {
                return Field(start: base + start, count: n - start, problem: .unterminated, endsRow: true)
            }
            let end = i
            i += 1
            result = Field(start: base + start, count: end - start, problem: .none, endsRow: false)
            if doubled {
                let buffer = scratch.reserve(end - start)
                var write = 0
                var k = start
                while k < end {
                    buffer[write] = base[k]
                    write += 1
                    k += base[k] == quote ? 2 : 1
                }
                result.start = UnsafePointer(buffer)
                result.count = write
            }
            while i < n && base[i] == space { i += 1 }
            if i < n && base[i] == cr { i += 1 }
            if i < n && base[i] != comma && base[i] != newline {
                result.problem = .textAfterQuote
                while i < n && base[i] != comma && base[i] != newline { i += 1 }
            }
        } else {
            let start = i
            while i < n {
                let c = base[i]
                if c == comma || c == newline { break }
                i += 1
            }
            var end = i
            if end > start && base[end - 1] == cr { end -= 1 }
            while end > start && base[end - 1] == space { end -= 1 }
            result = Field(start: base + start, count: end - start, problem: .none, endsRow: false)
        }
        if i < n && base[i] == comma {
            i += 1
        } else {
            result.endsRow = true
            if i < n { i += 1 }  // the line break
        }
        return result
    }
}

/// A growing buffer for quoted fields with `""` inside, freed by its owner.
private struct Scratch {
    private var buffer: UnsafeMutablePointer<UInt8>?
    private var capacity = 0

    mutating func reserve(_ count: Int) -> UnsafeMutablePointer<UInt8> {
        if count > capacity || buffer == nil {
            buffer?.deallocate()
            capacity = max(count, 2 * capacity, 64)
            buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        }
        return buffer!
    }

    mutating func free() {
        buffer?.deallocate()
        buffer = nil
        capacity = 0
    }
}

/// Maps byte strings to dense codes in order of first appearance, without making a String per
/// cell: an open-addressing table over FNV-1a hashes, the bytes of each level stored once.
private struct ByteInterner {
    private var slots = [Int32](repeating: -1, count: 64)
    private var hashes: [UInt64] = []
    private var storage: [UInt8] = []
    private var offsets: [Int] = [0]

    /// Every level, by code.
    var levels: [String] {
        storage.withUnsafeBufferPointer { stored in
            hashes.indices.map { k in
                String(decoding: UnsafeBufferPointer(rebasing: stored[offsets[k]..<offsets[k + 1]]), as: UTF8.self)
            }
        }
    }

    @inline(__always)
    mutating func code(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> Int32 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for k in 0..<count { hash = (hash ^ UInt64(bytes[k])) &* 0x100_0000_01b3 }
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash ^ (hash >> 29)) & mask
        while true {
            let candidate = Int(slots[slot])
            if candidate < 0 { break }
            if hashes[candidate] == hash && offsets[candidate + 1] - offsets[candidate] == count
                && same(candidate, bytes, count)
            {
                return Int32(candidate)
            }
            slot = (slot + 1) & mask
        }
        let code = Int32(hashes.count)
        storage.append(contentsOf: UnsafeBufferPointer(start: bytes, count: count))
        offsets.append(storage.count)
        hashes.append(hash)
        slots[slot] = code
        if hashes.count * 2 > slots.count { grow() }
        return code
    }

    private func same(_ candidate: Int, _ bytes: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        storage.withUnsafeBufferPointer { stored in
            let start = offsets[candidate]
            for k in 0..<count where stored[start + k] != bytes[k] { return false }
            return true
        }
    }

    private mutating func grow() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        let mask = slots.count - 1
        for (index, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash ^ (hash >> 29)) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(index)
        }
    }
}

/// How a CSV cell of a request reads as a number.
enum RequestNumber {

    /// 10⁰ … 10²², each exact as a double.
    static let powersOfTen: [Double] = {
        var powers: [Double] = [1]
        for _ in 1...22 { powers.append(powers.last! * 10) }
        return powers
    }()

    /// pandas' spellings of not-a-number: missing in any column.
    static let notANumber: Set<String> = ["nan", "NaN", "-nan", "-NaN"]

    /// Words a numeric cell may hold, as the trainer's loader reads them: missing values and infinities.
    static let words: [String: Cell] = {
        var words: [String: Cell] = [:]
        for word in notANumber.union(["NA", "N/A", "n/a", "<NA>", "#N/A", "NULL", "null", "None"]) {
            words[word] = .missing
        }
        for word in ["inf", "Inf", "INF", "infinity", "Infinity", "INFINITY"] {
            for sign in ["", "+", "-"] { words[sign + word] = .infinite }
        }
        return words
    }()

    enum Cell: Equatable {
        case number(Double)
        case missing
        case infinite
        case invalid
    }

    /// A numeric cell (not empty, not `?`): exact for plain decimals (Clinger's fast path), the
    /// C library's reading for exponents and long mantissas, the words above, or invalid.
    @inline(__always)
    static func cell(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> Cell {
        var i = 0
        var negative = false
        if count > 0 && (bytes[0] == UInt8(ascii: "-") || bytes[0] == UInt8(ascii: "+")) {
            negative = bytes[0] == UInt8(ascii: "-")
            i = 1
        }
        var mantissa: UInt64 = 0
        var digits = 0, fractionDigits = 0
        while i < count, bytes[i] &- 48 < 10 {
            mantissa = mantissa &* 10 &+ UInt64(bytes[i] &- 48)
            digits += 1
            i += 1
        }
        if i < count && bytes[i] == UInt8(ascii: ".") {
            i += 1
            while i < count, bytes[i] &- 48 < 10 {
                mantissa = mantissa &* 10 &+ UInt64(bytes[i] &- 48)
                digits += 1
                fractionDigits += 1
                i += 1
            }
        }
        if digits > 0 && i == count && digits <= 15 {
            let value = Double(mantissa) / powersOfTen[fractionDigits]
            return .number(negative ? -value : value)
        }
        let text = String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
        if let word = words[text] { return word }
        guard text.utf8.allSatisfy({ $0 &- 48 < 10 || "+-.eE".utf8.contains($0) }), let value = Double(text) else {
            return .invalid
        }
        return value.isFinite ? .number(value) : .infinite
    }
}
