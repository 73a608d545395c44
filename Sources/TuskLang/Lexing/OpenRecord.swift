/// Whether a command's text stops inside a JSON record: a `{` or `[` not yet closed, outside
/// quoted strings (`"…"`, and `'…'` as the lexer quotes an argument: `--require 'x ['` waits
/// for nothing; inside a record only JSON's `"` quotes, so `"O'Brien"` is one string). The REPL and scripts then read the next line as more of the same command, so
/// a pretty-printed payload can be pasted as it is.
public enum OpenRecord {
    public static func isOpen(_ text: String) -> Bool {
        var depth = 0
        var quote: Character?
        var escaped = false
        for c in text {
            if let open = quote {
                if escaped {
                    escaped = false
                } else if c == "\\" {
                    escaped = true
                } else if c == open {
                    quote = nil
                }
                continue
            }
            switch c {
            case "\"": quote = c
            case "'" where depth == 0: quote = c
            case "{", "[": depth += 1
            case "}", "]":
                // A stray closing bracket is the command's own mistake, not a record to wait for.
                if depth == 0 { return false }
                depth -= 1
            case "#" where depth == 0: return false  // a comment ends the command
            default: break
            }
        }
        return depth > 0 && quote == nil
    }
}
