import TuskServing

/// Seldon Core v1's REST protocol: `POST /api/v1.0/predictions`.
///
/// The answer is what Seldon's SKLEARN_SERVER returns for `predict_proba`: one row of class
/// probabilities per request, named by class (Seldon names them `t:0`, `t:1` when it does not
/// know the classes; the router does), and a `meta` with the request's `puid` (its first
/// request id), the predictors that answered in `requestPath` (predictor → model URI, as
/// Seldon's executor names each graph node's image) and, in `tags`, the release and each row's
/// request id and predictor:
///
///     {"data":{"names":["<=50K",">50K"],"ndarray":[[0.81,0.19]]},
///      "meta":{"puid":"r42","requestPath":{"live":"models@3f2a9c1e0b7d:/model.json"},
///              "tags":{"release":3,"request_ids":["r42"],"predictors":["live"]}}}
///
/// An error is Seldon's status object: `{"status":{"code":422,"info":"…","reason":"UNKNOWN_FEATURE",
/// "status":"FAILURE"}}`.
///
/// A `tensor` request, or a `jsonData` one, is answered with a tensor, as Seldon's Python wrapper
/// answers a numeric result to either: `"tensor":{"shape":[N,2],"values":[p0,p1,…]}`.
enum SeldonProtocol {
    static let path = "/api/v1.0/predictions"
    static let feedbackPath = "/api/v1.0/feedback"

    /// The answer to a payload: each class's probability per row, the request ids and predictors.
    ///
    /// - Parameter models: the names of the release's models by predictor, when known (an answer's
    ///   own address is written out otherwise).
    static func response(
        _ served: ServedBatch, layout: RequestBatch.Layout = .ndarray, models: [PredictorName: String] = [:]
    ) -> String {
        var json = JSONWriter(capacity: 200 + served.answers.count * 80)
        json.raw("{\"data\":{\"names\":")
        json.array(served.classes) { $0.string($1) }
        if layout == .tensor || layout == .jsonData {
            json.raw(",\"tensor\":{\"shape\":[")
            json.number(served.answers.count)
            json.raw(",2],\"values\":[")
            for (k, answer) in served.answers.enumerated() {
                if k > 0 { json.raw(",") }
                json.number(1 - answer.probability)
                json.raw(",")
                json.number(answer.probability)
            }
            json.raw("]}")
        } else {
            json.raw(",\"ndarray\":")
            json.array(served.answers) { json, answer in
                json.raw("[")
                json.number(1 - answer.probability)
                json.raw(",")
                json.number(answer.probability)
                json.raw("]")
            }
        }
        json.raw("},\"meta\":{\"puid\":")
        json.string(served.answers.first?.requestID ?? "")
        json.raw(",\"requestPath\":{")
        var seen: Set<PredictorName> = []
        for answer in served.answers where seen.insert(answer.predictor).inserted {
            if seen.count > 1 { json.raw(",") }
            json.key(answer.predictor.rawValue)
            json.string(models[answer.predictor] ?? answer.model.description)
        }
        json.raw("},\"tags\":{\"release\":")
        json.number(served.release)
        json.raw(",\"request_ids\":")
        json.array(served.answers) { $0.string($1.requestID) }
        json.raw(",\"predictors\":")
        json.array(served.answers) { $0.string($1.predictor.rawValue) }
        json.raw("}}}")
        return json.text
    }

    /// What a feedback request did: `{"meta":{"tags":{"labels":N,"matched":M}}}`, a Seldon
    /// message with no data (Seldon answers feedback with a message too).
    static func feedbackResponse(labels: Int, matched: Int) -> String {
        var json = JSONWriter()
        json.raw("{\"meta\":{\"tags\":{\"labels\":")
        json.number(labels)
        json.raw(",\"matched\":")
        json.number(matched)
        json.raw("}}}")
        return json.text
    }

    static func error(_ failure: ServeFailure) -> String {
        var json = JSONWriter()
        json.raw("{\"status\":{\"code\":")
        json.number(failure.status)
        json.raw(",\"info\":")
        json.string(failure.message)
        json.raw(",\"reason\":")
        json.string(failure.reason)
        json.raw(",\"status\":\"FAILURE\"}}")
        return json.text
    }
}
