/// The messages of onnx-ml.proto (`proto/onnx-ml.proto`, ONNX's own) that tusk writes, with the
/// fields it sets. Optional fields keep proto2's presence: a field is written when it is set, even
/// to its default, as protoc's serializers do; every field is written in field-number order.
enum Onnx {}
