/// What a terminal shows after a program's output: enough of a VT100/xterm to render what
/// libedit writes with `TERM=xterm` (text, CR, LF, BS, TAB, cursor moves, erasing), so that tests
/// can compare the screen a person would see, not the escape sequences that drew it.
///
/// The screen has no height: lines are never scrolled away, so `text` is the whole session.
/// Escape sequences it does not know are kept in `unknownSequences`, for tests to check.
struct TerminalScreen {
    let columns: Int
    private(set) var lines: [[Character]] = [[]]
    private(set) var row = 0
    private(set) var column = 0
    private(set) var unknownSequences: [String] = []
    /// Bytes of an incomplete UTF-8 character or escape sequence, waiting for the rest.
    private var pending: [UInt8] = []

    init(columns: Int) { self.columns = columns }

    /// Every line, trailing spaces removed, without trailing empty lines.
    var text: String {
        var shown = lines.map { TerminalScreen.trimmed($0[...]) }
        while shown.count > 1, shown.last == "" { shown.removeLast() }
        return shown.joined(separator: "\n")
    }

    /// The cursor's line up to the cursor, spaces kept: `"tusk> "` when a fresh prompt waits.
    var beforeCursor: String { String(lines[row].prefix(column)) }

    /// The cursor's line from the cursor on, trailing spaces removed.
    var afterCursor: String { TerminalScreen.trimmed(lines[row].dropFirst(column)) }

    private static func trimmed(_ characters: ArraySlice<Character>) -> String {
        String(characters[..<(characters.lastIndex { $0 != " " }.map { $0 + 1 } ?? characters.startIndex)])
    }

    mutating func feed(_ bytes: some Sequence<UInt8>) {
        pending.append(contentsOf: bytes)
        var index = 0
        while index < pending.count {
            guard let consumed = step(pending[index...]) else { break }
            index += consumed
        }
        pending.removeFirst(index)
    }

    /// Interprets what starts `bytes`; returns how many bytes it used, or nil if it needs more.
    private mutating func step(_ bytes: ArraySlice<UInt8>) -> Int? {
        let first = bytes.first!
        switch first {
        case 0x1B: return escape(bytes)
        case 0x0D: column = 0
        case 0x0A: moveTo(row: row + 1, column: column)
        case 0x08: column = max(0, column - 1)
        case 0x09: column = min(columns - 1, (column / 8 + 1) * 8)
        case 0x07: break  // the bell
        case ..<0x20, 0x7F: unknownSequences.append("\\x" + String(first, radix: 16))
        default:
            let length = first < 0x80 ? 1 : first >= 0xF0 ? 4 : first >= 0xE0 ? 3 : 2
            guard bytes.count >= length else { return nil }
            put(Character(String(decoding: bytes.prefix(length), as: UTF8.self)))
            return length
        }
        return 1
    }

    private mutating func escape(_ bytes: ArraySlice<UInt8>) -> Int? {
        let start = bytes.startIndex
        guard bytes.count >= 2 else { return nil }
        guard bytes[start + 1] == UInt8(ascii: "[") else {
            // ESC = and ESC > (keypad modes) change nothing on screen.
            if [UInt8(ascii: "="), UInt8(ascii: ">")].contains(bytes[start + 1]) { return 2 }
            unknownSequences.append("ESC " + String(decoding: [bytes[start + 1]], as: UTF8.self))
            return 2
        }
        guard let end = bytes.dropFirst(2).firstIndex(where: { (0x40...0x7E).contains($0) }) else { return nil }
        let body = String(decoding: bytes[(start + 2)..<end], as: UTF8.self)
        let final = Character(UnicodeScalar(bytes[end]))
        let numbers = body.split(separator: ";", omittingEmptySubsequences: false).map { Int($0) }
        let count = max(1, numbers.first.flatMap { $0 } ?? 1)
        switch (body.hasPrefix("?"), final) {
        case (false, "G"): column = min(columns - 1, count - 1)
        case (false, "C"): column = min(columns - 1, column + count)
        case (false, "D"): column = max(0, column - count)
        case (false, "A"): row = max(0, row - count)
        case (false, "B"): moveTo(row: row + count, column: column)
        case (false, "H"):
            let line = numbers.first.flatMap { $0 } ?? 1
            let col = numbers.count > 1 ? numbers[1] ?? 1 : 1
            moveTo(row: line - 1, column: col - 1)
        case (false, "K"):
            let mode = numbers.first.flatMap { $0 } ?? 0
            let range = mode == 0 ? column..<columns : mode == 1 ? 0..<(column + 1) : 0..<columns
            for index in range where index < lines[row].count { lines[row][index] = " " }
        case (false, "J"):
            lines[row] = Array(lines[row].prefix(column))
            lines.removeSubrange((row + 1)...)
        case (false, "P"):
            let removed = min(count, max(0, lines[row].count - column))
            lines[row].removeSubrange(column..<(column + removed))
        case (false, "@"):
            if column < lines[row].count { lines[row].insert(contentsOf: repeatElement(" ", count: count), at: column) }
        case (false, "m"), (true, "h"), (true, "l"): break  // colours and modes
        default: unknownSequences.append("CSI \(body)\(final)")
        }
        return end - start + 1
    }

    private mutating func put(_ character: Character) {
        if column >= columns { moveTo(row: row + 1, column: 0) }
        while lines[row].count < column { lines[row].append(" ") }
        if column < lines[row].count {
            lines[row][column] = character
        } else {
            lines[row].append(character)
        }
        column += 1
    }

    private mutating func moveTo(row newRow: Int, column newColumn: Int) {
        while lines.count <= newRow { lines.append([]) }
        row = max(0, newRow)
        column = max(0, min(columns - 1, newColumn))
    }
}
