import Foundation

extension Scenario {
    /// The scenario as a run with `values` records it: each declared parameter's front matter
    /// line shows the value the run used, so a notebook printed or exported after
    /// `--param census=adult.data` says what it ran, and replays to the same outputs.
    ///
    /// Lines are replaced in place, never added or removed: every step keeps its line.
    package func recording(_ values: [String: String]) -> Scenario {
        var lines = self.lines
        for (name, index) in parameterLines {
            guard let value = values[name], value != parameters[name] else { continue }
            let indent = lines[index].prefix { $0 == " " }
            lines[index] = indent + name + ": " + Self.frontMatterValue(value)
        }
        return Scenario(
            path: path, lines: lines, title: title, seed: seed, parameters: parameters.merging(values) { $1 },
            parameterLines: parameterLines, base: base, steps: steps)
    }

    /// The folder relative paths start at: the file's folder, then `base:` from there.
    package var directory: String {
        var folder = (path as NSString).deletingLastPathComponent
        if let base { folder = base.hasPrefix("/") ? base : (folder as NSString).appendingPathComponent(base) }
        return folder.isEmpty ? FileManager.default.currentDirectoryPath : folder
    }

    /// `text`, a notebook of this scenario, as it must read when written at `destination`: with a
    /// `base:` that leads from there to this scenario's folder when the two differ, so its
    /// relative paths still name the same files and its recorded outputs stay what they are.
    package func relocated(_ text: String, to destination: String) -> String {
        let working = FileManager.default.currentDirectoryPath
        let target = Self.components(directory, from: working)
        let folder = Self.components((destination as NSString).deletingLastPathComponent, from: working)
        guard target != folder else { return text }
        let base = Self.relativePath(to: target, from: folder)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let entry = "base: " + Self.frontMatterValue(base)
        if lines.first == "---", let end = lines.dropFirst().firstIndex(of: "---") {
            if let existing = lines[1..<end].firstIndex(where: { $0.hasPrefix("base:") }) {
                lines[existing] = entry
            } else {
                let title = lines[1..<end].firstIndex { $0.hasPrefix("title:") }
                lines.insert(entry, at: (title ?? 0) + 1)
            }
        } else {
            lines.insert(contentsOf: ["---", entry, "---"], at: 0)
        }
        return lines.joined(separator: "\n")
    }

    /// The standardized components of `path`, relative paths taken from `working`.
    static func components(_ path: String, from working: String) -> [String] {
        URL(fileURLWithPath: path.isEmpty ? "." : path, relativeTo: URL(fileURLWithPath: working))
            .standardizedFileURL.pathComponents
    }

    /// The relative path from the folder `base` to `target` (both standardized components).
    static func relativePath(to target: [String], from base: [String]) -> String {
        var common = 0
        while common < target.count, common < base.count, target[common] == base[common] { common += 1 }
        let relative = (Array(repeating: "..", count: base.count - common) + target[common...]).joined(separator: "/")
        return relative.isEmpty ? "." : relative
    }

    /// A value as the front matter writes it: quoted when YAML would read it otherwise
    /// (`">50K"`; `yes`, which YAML 1.1 readers such as PyYAML take for a boolean), in single
    /// quotes when it holds a double quote.
    static func frontMatterValue(_ value: String) -> String {
        let special = ":#>\"'{}[],&*!|%@`"
        let plain =
            !value.isEmpty && !value.contains { special.contains($0) }
            && value.first?.isWhitespace == false && value.last?.isWhitespace == false
            && !yamlWords.contains(value.lowercased())
        if plain { return value }
        return value.contains("\"") ? "'" + value + "'" : "\"" + value + "\""
    }

    /// Plain scalars YAML 1.1 reads as booleans or null rather than text.
    static let yamlWords: Set<String> = ["y", "n", "yes", "no", "true", "false", "on", "off", "null", "~"]
}
