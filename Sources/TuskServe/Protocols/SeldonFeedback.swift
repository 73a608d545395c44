import Foundation
import TuskML

/// A Seldon `Feedback` message (`POST /api/v1.0/feedback`), read as the labels it carries:
/// `{"request": SeldonMessage, "response": SeldonMessage, "reward": 1.0, "truth": SeldonMessage}`.
///
/// The truth gives one label per row, in `truth.data.ndarray` (`[[">50K"]]`, or a class index
/// `[[1]]` into the answer's `data.names`) or `truth.data.tensor`; the requests they label are the
/// ones the response names (`meta.tags.request_ids`, which tusk's answers carry, else
/// `meta.puid`), else the request's (`request_id` among its names, else its `meta.puid`). Labels
/// go into the request log as `feedback D -f LABELS.csv` puts them. The reward is counted in
/// `/metrics`, as Seldon's executor counts it; tusk routes by traffic weights, so no router
/// learns from it. Feedback without a truth labels nothing and is refused.
struct SeldonFeedback {
    let labels: [(requestID: String, label: String)]
    let reward: Double

    static func read(_ body: [UInt8], classes: [String]) throws(ServeFailure) -> SeldonFeedback {
        guard let root = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] else {
            throw failure(#"the feedback must be a JSON object: {"response": …, "truth": …, "reward": …}"#)
        }
        if let unknown = root.keys.sorted().first(where: { !["request", "response", "reward", "truth"].contains($0) }) {
            throw failure("'\(unknown)' is not a field of a Seldon feedback (request, response, reward, truth)")
        }
        var reward: Double = 0
        if let value = root["reward"] {
            guard let number = value as? Double, number.isFinite else {
                throw failure("'reward' must be a number")
            }
            reward = number
        }
        guard let truth = root["truth"] as? [String: Any] else {
            throw failure(
                "the feedback has no 'truth', so it labels nothing (tusk records labels; a reward alone changes no "
                    + #"routing): send "truth": {"data": {"ndarray": [[">50K"]]}}"#)
        }
        let values = try truthValues(truth)
        let labels = try values.enumerated().map { (row, value) throws(ServeFailure) in
            try label(value, row: row, classes: classes)
        }
        let ids = try requestIDs(root, rows: labels.count)
        return SeldonFeedback(labels: Array(zip(ids, labels)), reward: reward)
    }

    /// One value per row of the truth's `ndarray` (rows of one value, or bare values) or `tensor`.
    private static func truthValues(_ truth: [String: Any]) throws(ServeFailure) -> [Any] {
        guard let data = truth["data"] as? [String: Any] else {
            throw failure(#"the truth must be a Seldon message with 'data': {"data": {"ndarray": [[">50K"]]}}"#)
        }
        var values: [Any]
        if let rows = data["ndarray"] as? [Any] {
            values = []
            for row in rows {
                if let cells = row as? [Any] {
                    guard cells.count == 1 else {
                        throw failure("each row of the truth must hold one label, not \(cells.count) values")
                    }
                    values.append(cells[0])
                } else {
                    values.append(row)
                }
            }
        } else if let tensor = data["tensor"] as? [String: Any], let numbers = tensor["values"] as? [Any] {
            let shape = tensor["shape"] as? [Any] ?? []
            guard shape.count <= 1 || (shape.count == 2 && (shape[1] as? Double) == 1) else {
                throw failure("the truth tensor must have shape [N, 1] or [N]: one label per row")
            }
            values = numbers
        } else {
            throw failure(#"the truth's data must be an 'ndarray' (or a 'tensor') of labels, one per row"#)
        }
        guard !values.isEmpty else { throw failure("the truth holds no label") }
        return values
    }

    /// A class name, or a class's index into the answer's `names` (its classes).
    private static func label(_ value: Any, row: Int, classes: [String]) throws(ServeFailure) -> String {
        if let text = value as? String {
            // The UCI test file's spelling, `>50K.`, as `feedback` reads it.
            if !classes.contains(text), text.hasSuffix("."), classes.contains(String(text.dropLast())) {
                return String(text.dropLast())
            }
            return text
        }
        if let number = value as? Double, number.isFinite {
            let name = CategoryLevel.name(of: number)
            if classes.contains(name) { return name }
            if number == number.rounded(), number >= 0, number < Double(classes.count) { return classes[Int(number)] }
            return name
        }
        throw failure("the truth of row \(row + 1) must be a class name or a class index, not \(value)")
    }

    /// The ids of the requests the truth labels: the response's, else the request's.
    private static func requestIDs(_ root: [String: Any], rows: Int) throws(ServeFailure) -> [String] {
        for key in ["response", "request"] {
            guard let message = root[key] as? [String: Any] else { continue }
            let meta = message["meta"] as? [String: Any]
            if let tags = meta?["tags"] as? [String: Any], let ids = tags["request_ids"] as? [String] {
                return try matching(ids, rows: rows, what: "the \(key)'s meta.tags.request_ids")
            }
            if key == "request", let data = message["data"] as? [String: Any],
                let names = data["names"] as? [String], let column = names.firstIndex(of: "request_id"),
                let ndarray = data["ndarray"] as? [[Any]]
            {
                let ids = ndarray.compactMap { row in row.count > column ? idText(row[column]) : nil }
                if ids.count == ndarray.count {
                    return try matching(ids, rows: rows, what: "the request's request_id column")
                }
            }
            if let puid = meta?["puid"] as? String, !puid.isEmpty {
                // As the request readers name a payload's rows: the puid, then puid-2, puid-3…
                return (0..<rows).map { $0 == 0 ? puid : "\(puid)-\($0 + 1)" }
            }
        }
        throw failure(
            "the feedback does not say which requests it labels: send the prediction's response (its meta.puid "
                + "and meta.tags.request_ids) with it")
    }

    private static func matching(_ ids: [String], rows: Int, what: String) throws(ServeFailure) -> [String] {
        guard ids.count == rows else {
            throw failure("the truth has \(rows) label\(rows == 1 ? "" : "s") for \(ids.count) requests in \(what)")
        }
        return ids
    }

    private static func idText(_ value: Any) -> String? {
        if let text = value as? String { return text.isEmpty ? nil : text }
        if let number = value as? Double { return CategoryLevel.name(of: number) }
        return nil
    }

    private static func failure(_ message: String) -> ServeFailure {
        ServeFailure(status: 400, reason: "BAD_FEEDBACK", message: message)
    }
}
