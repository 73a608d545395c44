import Foundation

// Small constructors for the ONNX messages, so the graph reads as the operators it uses.

extension Onnx.TensorProto {
    static func doubles(_ values: [Double], shape: [Int]) -> Onnx.TensorProto {
        var tensor = Onnx.TensorProto()
        tensor.dataType = Int32(DataType.double.rawValue)
        tensor.dims = shape.map(Int64.init)
        tensor.doubleData = values
        return tensor
    }

    static func int64s(_ values: [Int64], shape: [Int]) -> Onnx.TensorProto {
        var tensor = Onnx.TensorProto()
        tensor.dataType = Int32(DataType.int64.rawValue)
        tensor.dims = shape.map(Int64.init)
        tensor.int64Data = values
        return tensor
    }

    static func strings(_ values: [String], shape: [Int]) -> Onnx.TensorProto {
        var tensor = Onnx.TensorProto()
        tensor.dataType = Int32(DataType.string.rawValue)
        tensor.dims = shape.map(Int64.init)
        tensor.stringData = values.map { Array($0.utf8) }
        return tensor
    }
}

extension Onnx.AttributeProto {
    static func int(_ name: String, _ value: Int64) -> Onnx.AttributeProto {
        var attribute = Onnx.AttributeProto()
        attribute.name = name
        attribute.type = .int
        attribute.i = value
        return attribute
    }

    static func ints(_ name: String, _ values: [Int64]) -> Onnx.AttributeProto {
        var attribute = Onnx.AttributeProto()
        attribute.name = name
        attribute.type = .ints
        attribute.ints = values
        return attribute
    }

    static func string(_ name: String, _ value: String) -> Onnx.AttributeProto {
        var attribute = Onnx.AttributeProto()
        attribute.name = name
        attribute.type = .string
        attribute.s = Array(value.utf8)
        return attribute
    }

    static func strings(_ name: String, _ values: [String]) -> Onnx.AttributeProto {
        var attribute = Onnx.AttributeProto()
        attribute.name = name
        attribute.type = .strings
        attribute.strings = values.map { Array($0.utf8) }
        return attribute
    }

    static func tensor(_ name: String, _ value: Onnx.TensorProto) -> Onnx.AttributeProto {
        var attribute = Onnx.AttributeProto()
        attribute.name = name
        attribute.type = .tensor
        attribute.t = value
        return attribute
    }
}

extension Onnx.ValueInfoProto {
    /// A tensor whose first dimension is the batch (`N`) and the rest fixed.
    static func batch(_ name: String, _ type: Onnx.TensorProto.DataType, _ rest: [Int], doc: String? = nil)
        -> Onnx.ValueInfoProto
    {
        var shape = Onnx.TensorShapeProto()
        var batch = Onnx.TensorShapeProto.Dimension()
        batch.dimParam = "N"
        shape.dim =
            [batch]
            + rest.map { size in
                var dimension = Onnx.TensorShapeProto.Dimension()
                dimension.dimValue = Int64(size)
                return dimension
            }
        var tensor = Onnx.TypeProto.Tensor()
        tensor.elemType = Int32(type.rawValue)
        tensor.shape = shape
        var typeProto = Onnx.TypeProto()
        typeProto.tensorType = tensor
        var info = Onnx.ValueInfoProto()
        info.name = name
        info.type = typeProto
        if let doc { info.docString = doc }
        return info
    }
}
