import TuskServing

/// The Prometheus text exposition format (version 0.0.4): `# HELP`, `# TYPE`, then one line per
/// series, label values escaped.
struct PrometheusText {
    static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    private(set) var text = ""

    mutating func family(_ name: String, type: String, help: String) {
        text += "# HELP \(name) \(Self.escapeHelp(help))\n# TYPE \(name) \(type)\n"
    }

    mutating func sample(_ name: String, _ labels: [(String, String)], _ value: Double) {
        text += name
        if !labels.isEmpty {
            text += "{"
            text += labels.map { "\($0.0)=\"\(Self.escapeLabel($0.1))\"" }.joined(separator: ",")
            text += "}"
        }
        text += " "
        text += Self.format(value)
        text += "\n"
    }

    mutating func sample(_ name: String, _ labels: [(String, String)], _ value: Int) {
        sample(name, labels, Double(value))
    }

    static func format(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return value.description
    }

    static func escapeLabel(_ value: String) -> String {
        var out = ""
        for character in value {
            switch character {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.append(character)
            }
        }
        return out
    }

    static func escapeHelp(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
    }
}

extension ServerMetrics {
    /// Every figure, with the drift gauge's latest value.
    func exposition(drift: Drift?, driftInterval: Double) -> String {
        let state = snapshot
        let deployment = ("deployment", self.deployment.rawValue)
        var out = PrometheusText()
        out.family(
            "tusk_requests_total", type: "counter",
            help: "Requests answered, by the predictor whose answer was returned and its model.")
        for (key, count) in state.answered.sorted(by: {
            ($0.key.predictor.rawValue, $0.key.model) < ($1.key.predictor.rawValue, $1.key.model)
        }) {
            out.sample(
                "tusk_requests_total", [deployment, ("predictor", key.predictor.rawValue), ("model", key.model)], count)
        }
        out.family(
            "tusk_shadow_requests_total", type: "counter",
            help: "Requests a shadow scored: its answers are logged, never returned.")
        for (key, count) in state.shadowed.sorted(by: {
            ($0.key.predictor.rawValue, $0.key.model) < ($1.key.predictor.rawValue, $1.key.model)
        }) {
            out.sample(
                "tusk_shadow_requests_total",
                [deployment, ("predictor", key.predictor.rawValue), ("model", key.model)], count)
        }
        out.family(
            "tusk_outliers_total", type: "counter",
            help: "Requests whose outlier distance under the live model is above its detector's "
                + "\(PredictionService.outlierPercentile)th percentile of the training data, as monitor counts them.")
        for (model, count) in state.outliers.sorted(by: { $0.key < $1.key }) {
            out.sample("tusk_outliers_total", [deployment, ("model", model)], count)
        }
        out.family(
            "tusk_http_responses_total", type: "counter",
            help: "Prediction requests by API (seldon, v2) and HTTP status; only status 200 is logged in the store.")
        for (key, count) in state.responses.sorted(by: { ($0.key.api, $0.key.code) < ($1.key.api, $1.key.code) }) {
            out.sample("tusk_http_responses_total", [deployment, ("api", key.api), ("code", String(key.code))], count)
        }
        out.family(
            "tusk_request_duration_seconds", type: "histogram",
            help: "Time from a prediction request's arrival to its answer, logged (status 200 only).")
        for (le, count) in state.latency.cumulative {
            out.sample("tusk_request_duration_seconds_bucket", [deployment, ("le", le)], count)
        }
        out.sample("tusk_request_duration_seconds_sum", [deployment], state.latency.sum)
        out.sample("tusk_request_duration_seconds_count", [deployment], state.latency.count)
        out.family(
            "tusk_feedback_total", type: "counter",
            help: "Seldon feedback requests taken (POST /api/v1.0/feedback), as Seldon's seldon_api_model_feedback.")
        out.sample("tusk_feedback_total", [deployment], state.feedback)
        out.family(
            "tusk_feedback_labels_total", type: "counter",
            help:
                "Labels (feedback truth) attached to served requests in the request log, as the feedback command does.")
        out.sample("tusk_feedback_labels_total", [deployment], state.labels)
        out.family(
            "tusk_feedback_reward_total", type: "counter",
            help: "The sum of the rewards sent with feedback, as Seldon's seldon_api_model_feedback_reward; "
                + "tusk routes by traffic weights, so rewards change no routing.")
        out.sample("tusk_feedback_reward_total", [deployment], state.reward)
        let every = PrometheusText.format(driftInterval)
        out.family(
            "tusk_drifted_features", type: "gauge",
            help: "Features whose values in the requests logged since the current release differ from the live "
                + "model's training data (Kolmogorov-Smirnov or chi-squared per feature, Bonferroni-corrected, "
                + "alpha 0.05, as monitor tests them); recomputed when a scrape finds the figure older than \(every) s; "
                + "NaN when it cannot be judged (fewer than \(ServingEngine.minimumDriftWindow) requests, or "
                + "training data outside the store).")
        let labels = drift.map { [deployment, ("release", String($0.release)), ("model", $0.model)] }
        if let drift, let labels { out.sample("tusk_drifted_features", labels, drift.drifted.map(Double.init) ?? .nan) }
        out.family(
            "tusk_drift_window_requests", type: "gauge",
            help: "Requests logged since the current release, the window tusk_drifted_features was computed on.")
        if let drift, let labels { out.sample("tusk_drift_window_requests", labels, drift.requests) }
        return out.text
    }
}
