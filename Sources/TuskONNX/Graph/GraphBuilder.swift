/// Builds one ONNX graph: nodes in the order they run, constants as initializers, and every value
/// the graph makes named `tusk:OP:N`, a name no column can take (``ONNXExport`` refuses columns
/// that start with `tusk:`).
struct GraphBuilder {
    static let prefix = "tusk:"
    static let mlDomain = "ai.onnx.ml"

    private(set) var nodes: [Onnx.NodeProto] = []
    private(set) var initializers: [Onnx.TensorProto] = []
    private var count = 0

    private mutating func fresh(_ hint: String) -> String {
        count += 1
        return "\(Self.prefix)\(hint):\(count)"
    }

    /// Adds one node and returns the name of its output (`output` when given).
    @discardableResult
    mutating func apply(
        _ op: String, _ inputs: [String], _ attributes: [Onnx.AttributeProto] = [], domain: String = "",
        output: String? = nil
    ) -> String {
        let name = output ?? fresh(op)
        var node = Onnx.NodeProto()
        node.opType = op
        if !domain.isEmpty { node.domain = domain }
        node.input = inputs
        node.output = [name]
        node.name = "\(op)_\(nodes.count)"
        node.attribute = attributes
        nodes.append(node)
        return name
    }

    /// Adds a constant and returns its name.
    mutating func constant(_ tensor: Onnx.TensorProto, _ hint: String) -> String {
        var tensor = tensor
        let name = fresh(hint)
        tensor.name = name
        initializers.append(tensor)
        return name
    }

    mutating func doubles(_ values: [Double], shape: [Int], _ hint: String = "const") -> String {
        constant(.doubles(values, shape: shape), hint)
    }

    mutating func int64s(_ values: [Int64], shape: [Int], _ hint: String = "const") -> String {
        constant(.int64s(values, shape: shape), hint)
    }

    mutating func cast(_ input: String, to type: Onnx.TensorProto.DataType) -> String {
        apply("Cast", [input], [.int("to", Int64(type.rawValue))])
    }

    /// `[N, 1]` inputs side by side as one `[N, k]` double matrix.
    mutating func doubleMatrix(_ columns: [String]) -> String {
        cast(apply("Concat", columns, [.int("axis", 1)]), to: .double)
    }

    /// A categorical column's strings as int64 codes: `keys[i]` gives `values[i]`, anything else 0.
    mutating func codes(_ input: String, keys: [String], values: [Int64]) -> String {
        apply(
            "LabelEncoder", [input],
            [.strings("keys_strings", keys), .ints("values_int64s", values), .int("default_int64", 0)],
            domain: Self.mlDomain)
    }
}
