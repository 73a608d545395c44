"""Reads a Triton config.pbtxt as Triton does: protobuf text format of ModelConfig, with the
definition tritonclient ships (tritonclient/grpc/model_config_pb2.py, generated from Triton's
model_config.proto), and prints it as JSON (protobuf's JSON mapping).

    python3 bench/triton_config.py CONFIG.pbtxt

Exit status: 0 parsed; 1 the file does not parse (the parser's message on stderr); 77 skipped
(tritonclient[grpc] is not installed), the automake convention for a test that could not run.
"""
import json
import sys

try:
    from google.protobuf import json_format, text_format
    from tritonclient.grpc import model_config_pb2
except ImportError as error:
    print(f"skipped: cannot import {error.name} (pip install 'tritonclient[grpc]')")
    sys.exit(77)


def main(arguments):
    if len(arguments) != 1:
        print("usage: python3 bench/triton_config.py CONFIG.pbtxt", file=sys.stderr)
        return 2
    with open(arguments[0]) as file:
        text = file.read()
    try:
        config = text_format.Parse(text, model_config_pb2.ModelConfig())
    except text_format.ParseError as error:
        print(f"{arguments[0]}:{error}", file=sys.stderr)
        return 1
    print(json.dumps(json_format.MessageToDict(config), sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
