#!/usr/bin/env bash
# Regenerates Sources/TuskONNX/Generated/onnx-ml.pb.swift from proto/onnx-ml.proto (`make onnx-proto`).
#
# proto/onnx-ml.proto is onnx/onnx-ml.proto from the onnx 1.23.2 wheel (pip download onnx==1.23.2);
# replace it with a newer onnx's to follow the format. protoc comes from Debian's protobuf-compiler;
# protoc-gen-swift is built once (minutes) from the swift-protobuf checkout the package resolved,
# so the generated code always matches the runtime it links with.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v protoc >/dev/null || { echo "error: need protoc (apt-get install protobuf-compiler)" >&2; exit 1; }
swift package resolve
plugin=.build/protoc-gen-swift/release/protoc-gen-swift
swift build -c release --package-path .build/checkouts/swift-protobuf --scratch-path .build/protoc-gen-swift \
    --product protoc-gen-swift
protoc --plugin=protoc-gen-swift="$plugin" --swift_opt=Visibility=Internal \
    --swift_out=Sources/TuskONNX/Generated -I proto proto/onnx-ml.proto
echo "regenerated Sources/TuskONNX/Generated/onnx-ml.pb.swift with $(protoc --version) and $("$plugin" --version)"
