import Foundation
import Testing
import TuskServing

@testable import TuskServe

@Suite struct ServeMetricsTests {
    /// Counters per predictor and model, shadows apart, the histogram, outliers and the drift
    /// gauge over the requests since the release.
    @Test func metricsCountWhatWasServedInPrometheusText() async throws {
        let setup = try ServeFixture.liveAndShadow()
        let (metrics, _) = try await ServeFixture.withApplication(
            setup, configuration: ServeConfiguration(driftInterval: 0)
        ) { http in
            // 60 requests: enough for a drift verdict; one bad one.
            for batch in 0..<6 {
                let answer = try await ServeFixture.send(
                    http, "POST", "/api/v1.0/predictions",
                    body: ServeFixture.seldon(rows: 10, prefix: "b\(batch)-"))
                #expect(answer.status == 200)
            }
            _ = try await ServeFixture.send(http, "POST", "/api/v1.0/predictions", body: "{}")
            return try await ServeFixture.send(http, "GET", "/metrics")
        }
        #expect(metrics.status == 200)
        #expect(metrics.headers["content-type"] == "text/plain; version=0.0.4; charset=utf-8")
        let lines = metrics.body.split(separator: "\n").map(String.init)
        let census = setup.census.description
        let vendor = setup.vendor.description
        #expect(lines.contains(#"tusk_requests_total{deployment="production",predictor="live",model="\#(census)"} 60"#))
        #expect(
            lines.contains(
                #"tusk_shadow_requests_total{deployment="production",predictor="shadow-1",model="\#(vendor)"} 60"#))
        #expect(lines.contains(#"tusk_http_responses_total{deployment="production",api="seldon",code="200"} 6"#))
        #expect(lines.contains(#"tusk_http_responses_total{deployment="production",api="seldon",code="422"} 1"#))
        #expect(lines.contains(#"tusk_request_duration_seconds_bucket{deployment="production",le="+Inf"} 6"#))
        #expect(lines.contains(#"tusk_request_duration_seconds_count{deployment="production"} 6"#))
        #expect(lines.contains("# TYPE tusk_request_duration_seconds histogram"))
        #expect(lines.contains("# TYPE tusk_outliers_total counter"))
        // The same request 60 times against the census data: a window of one point drifts.
        let drift = try #require(lines.first { $0.hasPrefix("tusk_drifted_features{") })
        #expect(drift.hasPrefix(#"tusk_drifted_features{deployment="production",release="2",model="\#(census)"} "#))
        #expect((Int(drift.split(separator: " ").last ?? "") ?? 0) > 0, "\(drift)")
        #expect(
            lines.contains(#"tusk_drift_window_requests{deployment="production",release="2",model="\#(census)"} 60"#))
        // Every family has HELP and TYPE before its samples.
        for line in lines where !line.hasPrefix("#") {
            let family = String(line.prefix { $0 != "{" && $0 != " " })
            let base = ["_bucket", "_sum", "_count"].reduce(family) { name, suffix in
                name.hasSuffix(suffix) && family.hasPrefix("tusk_request_duration")
                    ? String(name.dropLast(suffix.count)) : name
            }
            #expect(lines.contains { $0.hasPrefix("# HELP \(base) ") }, "\(line)")
        }
    }

    @Test func histogramBucketsAreCumulative() {
        var histogram = LatencyHistogram()
        for seconds in [0.0001, 0.0007, 0.003, 0.003, 7.0] { histogram.record(seconds: seconds) }
        let buckets = Dictionary(uniqueKeysWithValues: histogram.cumulative.map { ($0.le, $0.count) })
        #expect(buckets["0.0005"] == 1 && buckets["0.001"] == 2 && buckets["0.005"] == 4 && buckets["5.0"] == 4)
        #expect(buckets["+Inf"] == 5 && histogram.count == 5)
    }

    @Test func labelValuesAreEscaped() {
        var text = PrometheusText()
        text.sample("x", [("model", "a\"b\\c\nd")], 1.5)
        #expect(text.text == "x{model=\"a\\\"b\\\\c\\nd\"} 1.5\n")
    }
}

@Suite struct JSONWriterTests {
    @Test(arguments: [
        ("plain r42", #""plain r42""#), ("<=50K", #""<=50K""#), ("a\"b\\c", #""a\"b\\c""#),
        ("line\nbreak\ttab\u{1}", #""line\nbreak\ttab\u0001""#), ("café ☕", "\"café ☕\""),
    ])
    func stringsAreEscapedAsJSONWantsThem(value: String, json: String) throws {
        var writer = JSONWriter()
        writer.string(value)
        #expect(writer.text == json)
        let decoded = try JSONSerialization.jsonObject(with: Data(writer.text.utf8), options: .fragmentsAllowed)
        #expect(decoded as? String == value)
    }

    @Test func numbersAreShortestAndNeverNaN() {
        var writer = JSONWriter()
        writer.array([0.1, 1 / 3, .nan, .infinity, 2]) { $0.number($1) }
        #expect(writer.text == "[0.1,0.3333333333333333,null,null,2.0]")
    }
}
