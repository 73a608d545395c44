/// The files of the project's `datasets/` folder, made by ``CensusGenerator``: what scenarios use.
public enum DatasetFiles {
    /// Name and contents of every file, in a fixed order.
    public static func all() -> [(name: String, text: String)] {
        [
            ("census.csv", table(.census, rows: 8000, seed: 1)),
            ("census_test.csv", table(.census, rows: 2000, seed: 2)),
            ("vendor.csv", table(.vendor, rows: 6000, seed: 3)),
            ("collected.csv", table(.collected, rows: 6000, seed: 4)),
        ] + requests(.census, rows: 500, seed: 5, name: "requests_v1")
            + requests(.collected, rows: 500, seed: 6, name: "requests_v2")
    }

    /// A labeled table with a header line.
    static func table(_ population: CensusGenerator.Population, rows: Int, seed: UInt64) -> String {
        var generator = CensusGenerator(population, seed: seed)
        var text = CensusGenerator.columns.joined(separator: ",") + "\n"
        for _ in 0..<rows { text += generator.person().joined(separator: ",") + "\n" }
        return text
    }

    /// A request stream (features and a request id, no label) and the labels that arrive later.
    static func requests(_ population: CensusGenerator.Population, rows: Int, seed: UInt64, name: String) -> [(
        String, String
    )] {
        var generator = CensusGenerator(population, seed: seed)
        var requests = (["request_id"] + CensusGenerator.columns.dropLast()).joined(separator: ",") + "\n"
        var labels = "request_id,income\n"
        for index in 1...rows {
            let person = generator.person()
            let id =
                "\(name == "requests_v1" ? "a" : "b")\(String(repeating: "0", count: 4 - String(index).count))\(index)"
            requests += ([id] + person.dropLast()).joined(separator: ",") + "\n"
            labels += "\(id),\(person.last!)\n"
        }
        return [("\(name).csv", requests), ("\(name)_labels.csv", labels)]
    }
}
