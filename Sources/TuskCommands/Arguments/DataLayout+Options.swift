import TuskML

extension DataLayout {
    /// What a reader types to read the file this way, for messages: `--schema uci-adult`,
    /// `--columns a,b,c --delimiter ';'`. The trainer records the layout; the words are the DSL's.
    package var options: String {
        if let schema {
            return "--schema \(schema)" + (delimiter.map { " --delimiter '\($0)'" } ?? "")
        }
        var words: [String] = []
        if header == false, let columns { words.append("--columns " + columns.map(\.name).joined(separator: ",")) }
        if let delimiter { words.append("--delimiter '\(delimiter == "\t" ? "tab" : delimiter)'") }
        return words.isEmpty ? "--schema csv" : words.joined(separator: " ")
    }
}
