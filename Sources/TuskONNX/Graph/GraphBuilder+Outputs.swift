extension GraphBuilder {
    /// The graph's two outputs from the positive class's probability (`[N, 1]` doubles):
    /// `probabilities` `[N, 2]` floats in the model's class order, and `label` `[N]`, the positive
    /// class above one half, as Tusk decides.
    mutating func outputs(positive p: String, classes: [String]) {
        let negative = apply("Sub", [doubles([1], shape: [1], "one"), p])
        let both = apply("Concat", [negative, p], [.int("axis", 1)])
        apply(
            "Cast", [both], [.int("to", Int64(Onnx.TensorProto.DataType.float.rawValue))],
            output: ONNXSignature.probabilitiesOutput)
        let decided = cast(apply("Greater", [p, doubles([0.5], shape: [1], "half")]), to: .int64)
        let names = apply("Gather", [constant(.strings(classes, shape: [classes.count]), "classes"), decided])
        apply("Reshape", [names, int64s([-1], shape: [1], "flat")], output: ONNXSignature.labelOutput)
    }
}
