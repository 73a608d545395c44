import TuskCore
import TuskML

/// Seldon's payloads: `data` with `ndarray` or `tensor` rows, and `jsonData` records.
extension JSONRequests {
    /// Seldon's `{"jsonData": {"age": 39, …}}` or `{"jsonData": [{"age": 39, …}, …]}`: records.
    func jsonData(_ json: JSONValue.Member, meta: JSONValue.Member?) throws(PayloadError) -> RequestBatch {
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
    func seldon(_ data: JSONValue.Member, meta: JSONValue.Member?) throws(PayloadError) -> RequestBatch {
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
        roles.reserveCapacity(nameValues.count)
        var present = [Bool](repeating: false, count: schema.features.count)
        // A feature named twice is found by `present`; the few other names (the id, ignored
        // columns) by a list: no set of names to hash, per request.
        var others: [String] = []
        for value in nameValues {
            guard case .string(let name) = value.content else {
                throw error(
                    .wrongShape, "'names' must hold strings, not \(value.described)", help: layout, at: value.range)
            }
            let role = schema.role(of: name)
            let twice: Bool
            switch role {
            case .unknown: throw unknown(name, at: value.range)
            case .feature(let feature, _):
                twice = present[feature]
                present[feature] = true
            case .id, .ignored:
                twice = others.contains(name)
                others.append(name)
            }
            guard !twice else {
                throw error(
                    .wrongShape, "'\(name)' appears twice in 'names'", help: "name each column once", at: value.range)
            }
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
    func checkCarried(by tensor: JSONValue.Member) throws(PayloadError) {
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
    func tensorRows(_ tensor: JSONValue.Member, roles: [FieldRole], layout: String) throws(PayloadError)
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

    func seldonID(_ meta: JSONValue.Member?) throws(PayloadError) -> String? {
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
}
