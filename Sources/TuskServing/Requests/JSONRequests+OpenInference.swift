import TuskCore
import TuskML

/// Open Inference (KServe V2) payloads: one tensor per feature, in JSON or binary.
extension JSONRequests {
    /// `{"id": "r1", "inputs": [{"name": "age", "shape": [2], "datatype": "INT64", "data": [39, 50]}, ...]}`
    func openInference(_ inputs: JSONValue.Member, id: JSONValue.Member?) throws(PayloadError)
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
    func binaryDataSize(_ input: JSONValue, name: String, at nameRange: Range<Int>) throws(PayloadError)
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
    func inputShape(_ input: JSONValue, name: String, at nameRange: Range<Int>, layout: String)
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

    func inputType(_ input: JSONValue, name: String, at nameRange: Range<Int>, layout: String)
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
    func check(_ value: JSONValue, input: String, datatype: TensorType, place: String) throws(PayloadError) {
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
}

extension String {
    fileprivate func replacingPrefix(_ prefix: String) -> String {
        hasPrefix(prefix) ? String(dropFirst(prefix.count)) : self
    }
}
