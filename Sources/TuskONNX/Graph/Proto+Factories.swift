import Foundation

// Small constructors for the generated ONNX messages, so the graph reads as the operators it uses.

extension Onnx_TensorProto {
    static func doubles(_ values: [Double], shape: [Int]) -> Onnx_TensorProto {
        var tensor = Onnx_TensorProto()
        tensor.dataType = Int32(DataType.double.rawValue)
        tensor.dims = shape.map(Int64.init)
        tensor.doubleData = values
        return tensor
    }

    static func int64s(_ values: [Int64], shape: [Int]) -> Onnx_TensorProto {
        var tensor = Onnx_TensorProto()
        tensor.dataType = Int32(DataType.int64.rawValue)
        tensor.dims = shape.map(Int64.init)
        tensor.int64Data = values
        return tensor
    }

    static func strings(_ values: [String], shape: [Int]) -> Onnx_TensorProto {
        var tensor = Onnx_TensorProto()
        tensor.dataType = Int32(DataType.string.rawValue)
        tensor.dims = shape.map(Int64.init)
        tensor.stringData = values.map { Data($0.utf8) }
        return tensor
    }
}

extension Onnx_AttributeProto {
    static func int(_ name: String, _ value: Int64) -> Onnx_AttributeProto {
        var attribute = Onnx_AttributeProto()
        attribute.name = name
        attribute.type = .int
        attribute.i = value
        return attribute
    }

    static func ints(_ name: String, _ values: [Int64]) -> Onnx_AttributeProto {
        var attribute = Onnx_AttributeProto()
        attribute.name = name
        attribute.type = .ints
        attribute.ints = values
        return attribute
    }

    static func string(_ name: String, _ value: String) -> Onnx_AttributeProto {
        var attribute = Onnx_AttributeProto()
        attribute.name = name
        attribute.type = .string
        attribute.s = Data(value.utf8)
        return attribute
    }

    static func strings(_ name: String, _ values: [String]) -> Onnx_AttributeProto {
        var attribute = Onnx_AttributeProto()
        attribute.name = name
        attribute.type = .strings
        attribute.strings = values.map { Data($0.utf8) }
        return attribute
    }

    static func tensor(_ name: String, _ value: Onnx_TensorProto) -> Onnx_AttributeProto {
        var attribute = Onnx_AttributeProto()
        attribute.name = name
        attribute.type = .tensor
        attribute.t = value
        return attribute
    }
}

extension Onnx_ValueInfoProto {
    /// A tensor whose first dimension is the batch (`N`) and the rest fixed.
    static func batch(_ name: String, _ type: Onnx_TensorProto.DataType, _ rest: [Int], doc: String? = nil)
        -> Onnx_ValueInfoProto
    {
        var shape = Onnx_TensorShapeProto()
        var batch = Onnx_TensorShapeProto.Dimension()
        batch.dimParam = "N"
        shape.dim =
            [batch]
            + rest.map { size in
                var dimension = Onnx_TensorShapeProto.Dimension()
                dimension.dimValue = Int64(size)
                return dimension
            }
        var tensor = Onnx_TypeProto.Tensor()
        tensor.elemType = Int32(type.rawValue)
        tensor.shape = shape
        var typeProto = Onnx_TypeProto()
        typeProto.tensorType = tensor
        var info = Onnx_ValueInfoProto()
        info.name = name
        info.type = typeProto
        if let doc { info.docString = doc }
        return info
    }
}

extension Onnx_StringStringEntryProto {
    init(_ key: String, _ value: String) {
        self.init()
        self.key = key
        self.value = value
    }
}
