import TuskCore
import TuskLang

extension Option where Value == DataArgument {
    /// An option naming data: a local file or a store address (`-o models@master:/model.json`).
    init(
        _ name: String, short: Character? = nil, value: String, _ summary: String, required: Bool = false,
        writes: Bool = false
    ) {
        self.init(
            name, short: short, value: value, summary, kind: .data, required: required, writes: writes,
            read: { token throws(Diagnostic) in try DataArgument(token) })
    }
}
