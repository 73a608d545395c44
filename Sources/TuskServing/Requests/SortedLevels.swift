import TuskML

/// Categorical columns as ``Table`` holds them: levels sorted, codes renumbered.
enum SortedLevels {
    /// `codes` index `texts` in order of first appearance (-1: missing). Texts in `missing`
    /// become missing values; texts no code uses are dropped (a rejected row's); texts equal as
    /// Strings (canonically equivalent spellings) become one level, as the trainer's loader
    /// merges them. Levels sort by their UTF-8 bytes, as the trainer's loader sorts them.
    static func values(_ texts: [String], codes: [Int32], missing: Set<String>) -> Table.Values {
        // One record's column (a single predict) has at most one text: nothing to sort or merge.
        if texts.count <= 1 {
            guard let text = texts.first, !missing.contains(text), codes.contains(where: { $0 >= 0 }) else {
                return .categorical(codes: codes.map { _ in -1 }, levels: [])
            }
            // Codes of a single text are 0 and -1 already (a request's column is read so): kept,
            // not copied.
            if codes.allSatisfy({ $0 == 0 || $0 == -1 }) { return .categorical(codes: codes, levels: [text]) }
            return .categorical(codes: codes.map { $0 < 0 ? -1 : 0 }, levels: [text])
        }
        var used = [Bool](repeating: false, count: texts.count)
        for code in codes where code >= 0 { used[Int(code)] = true }
        var seen: Set<String> = []
        var distinct: [String] = []
        for (k, text) in texts.enumerated() where used[k] && !missing.contains(text) && seen.insert(text).inserted {
            distinct.append(text)
        }
        distinct.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        let position = Dictionary(uniqueKeysWithValues: distinct.enumerated().map { ($1, Int32($0)) })
        let remap = texts.map { position[$0] ?? -1 }
        let recoded = codes.map { $0 < 0 ? -1 : remap[Int($0)] }
        return .categorical(codes: recoded, levels: distinct)
    }
}
