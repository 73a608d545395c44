#!/usr/bin/env python3
"""Drives `tusk serve` with the stock Python clients, each with its defaults, and prints what
they got back as one JSON object on stdout (the Swift test TuskServeTests.StockClientTests
checks it against `predict`'s answers and the request log).

    stock_clients.py PORT DEPLOYMENT RECORDS.json

RECORDS.json is a list of records (a `request_id` and every feature). Clients:

- tritonclient.http.InferenceServerClient: health, model metadata, `infer` with its defaults
  (binary tensors both ways: `binary_data=True` inputs, no `outputs` so `binary_data_output`),
  the versioned route of the version the metadata advertises, a version that is not served,
  JSON outputs asked by name, an unknown model;
- seldon_core.seldon_client.SeldonClient (ambassador and istio gateways, REST, with and without a
  namespace): `predict` with its default payload (tensor, which cannot carry categories: a 400),
  with `payload_type="ndarray"`, with `json_data`, then `feedback` of the ndarray answer with a
  truth and a reward.

Each client call that fails is reported, never raised: the Swift side decides what is right.
"""

import json
import sys

import numpy as np


def triton(port, deployment, records):
    import tritonclient.http as httpclient
    from tritonclient.utils import InferenceServerException

    client = httpclient.InferenceServerClient(url=f"127.0.0.1:{port}")
    out = {
        "live": client.is_server_live(),
        "ready": client.is_server_ready(),
        "model_ready": client.is_model_ready(deployment),
    }
    metadata = client.get_model_metadata(deployment)
    out["metadata"] = metadata
    version = metadata["versions"][0]
    out["version_ready"] = client.is_model_ready(deployment, model_version=version)

    def inputs_for(rows):
        inputs = []
        for spec in metadata["inputs"]:
            name, datatype = spec["name"], spec["datatype"]
            if datatype == "BYTES":
                array = np.array([row[name] for row in rows], dtype=object)
            else:
                array = np.array([row[name] for row in rows], dtype=np.float64)
            tensor = httpclient.InferInput(name, list(array.shape), datatype)
            tensor.set_data_from_numpy(array)  # binary_data=True, the default
            inputs.append(tensor)
        return inputs

    def answer(result):
        return {
            "id": result.get_response().get("id"),
            "model_version": result.get_response().get("model_version"),
            "request_ids": result.get_response()["parameters"]["request_ids"],
            # As text (repr round-trips): a JSON reader may round a number's last digit.
            "probability": [repr(float(p)) for p in result.as_numpy("probability").tolist()],
            "decision": [d.decode() if isinstance(d, bytes) else d for d in result.as_numpy("decision").tolist()],
            "outputs": result.get_response()["outputs"],
        }

    # One request per record, then all of them in one request.
    out["one_by_one"] = [
        answer(client.infer(deployment, inputs_for([row]), request_id=row["request_id"])) for row in records
    ]
    out["together"] = answer(client.infer(deployment, inputs_for(records), request_id="batch"))
    out["versioned"] = answer(
        client.infer(deployment, inputs_for(records[:1]), model_version=version, request_id="versioned")
    )
    out["json_outputs"] = answer(
        client.infer(
            deployment,
            inputs_for(records[:1]),
            request_id="json-out",
            outputs=[
                httpclient.InferRequestedOutput("decision", binary_data=False),
                httpclient.InferRequestedOutput("probability", binary_data=False),
            ],
        )
    )

    def failure(call):
        try:
            call()
            return {"status": None}
        except InferenceServerException as error:
            return {"status": error.status(), "message": error.message()}

    out["wrong_version"] = failure(
        lambda: client.infer(deployment, inputs_for(records[:1]), model_version=str(int(version) + 7))
    )
    out["unknown_model"] = failure(lambda: client.get_model_metadata("no-such-model"))
    out["unknown_output"] = failure(
        lambda: client.infer(
            deployment, inputs_for(records[:1]), outputs=[httpclient.InferRequestedOutput("logits")]
        )
    )
    return out


def seldon(port, deployment, records):
    from seldon_core.proto import prediction_pb2
    from seldon_core.seldon_client import SeldonClient
    from seldon_core.utils import json_to_seldon_message

    names = [key for key in records[0] if key != "request_id"]
    rows = [[row[name] for name in names] for row in records]

    def summary(prediction):
        return {"success": prediction.success, "msg": prediction.msg, "response": prediction.response}

    out = {}
    client = SeldonClient(deployment_name=deployment, namespace="seldon", gateway_endpoint=f"127.0.0.1:{port}")
    # The client's default payload is a tensor: numbers only, so the numeric features alone.
    numeric = [name for name in names if not isinstance(records[0][name], str)]
    out["tensor"] = summary(
        client.predict(data=np.array([[row[name] for name in numeric] for row in records]), names=numeric)
    )
    ndarray = client.predict(data=np.array(rows, dtype=object), names=names, payload_type="ndarray")
    out["ndarray"] = summary(ndarray)
    out["istio"] = summary(
        SeldonClient(
            deployment_name=deployment, gateway="istio", namespace="seldon", gateway_endpoint=f"127.0.0.1:{port}"
        ).predict(data=np.array(rows[:1], dtype=object), names=names, payload_type="ndarray")
    )
    no_namespace = SeldonClient(deployment_name=deployment, gateway_endpoint=f"127.0.0.1:{port}")
    out["json_data"] = summary(no_namespace.predict(json_data={name: records[0][name] for name in names}))
    out["wrong_deployment"] = summary(
        SeldonClient(deployment_name="nope", namespace="seldon", gateway_endpoint=f"127.0.0.1:{port}").predict(
            data=np.array(rows[:1], dtype=object), names=names, payload_type="ndarray"
        )
    )
    # Feedback on the ndarray answer: the first row >50K, the others by class index 0 (<=50K).
    truth = prediction_pb2.SeldonMessage()
    truth.data.ndarray.extend([[">50K"]] + [[0]] * (len(rows) - 1))
    # The client answers dicts by default (client_return_type="dict") but its feedback takes
    # SeldonMessages: convert the answer as Seldon's own utilities do (which also checks that
    # tusk's answer is a valid SeldonMessage).
    response = json_to_seldon_message(ndarray.response)
    feedback = client.feedback(
        prediction_request=ndarray.request, prediction_response=response, prediction_truth=truth, reward=1.0
    )
    out["feedback"] = {"success": feedback.success, "msg": feedback.msg, "response": feedback.response}
    return out


def main():
    port, deployment, path = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    with open(path) as handle:
        records = json.load(handle)
    result = {"triton": triton(port, deployment, records), "seldon": seldon(port, deployment, records)}
    json.dump(result, sys.stdout, default=str, sort_keys=True)


if __name__ == "__main__":
    main()
