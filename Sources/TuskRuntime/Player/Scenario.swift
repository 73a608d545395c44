import TuskCore

/// A scenario: a Markdown notebook whose ```` ```tusk ```` cells hold commands and their
/// recorded outputs. It is documentation and a test at once.
///
/// In a cell, `> ` starts a command, `. ` continues it on the next line, and the lines after it
/// up to the next command are its recorded output. Lines of an expected error start with `! `.
/// `[..]` in a recorded line matches any text; `...` alone on a line matches any number of lines.
public struct Scenario: Sendable {
    /// The file it came from, as given (used in every `path:line`).
    public let path: String
    /// The file's lines, without line ends.
    public let lines: [String]
    public let title: String?
    /// The random seed the front matter sets (for engines that sample); 0 when absent.
    public let seed: Int
    /// Declared parameters with their defaults; commands use them as `${name}`.
    public let parameters: [String: String]
    /// The 0-based index in ``lines`` of each parameter's front matter line, so a run can write
    /// the values it used where the defaults were.
    public let parameterLines: [String: Int]
    /// The front matter's `base:`: the folder relative paths start at, relative to the file's own
    /// folder (nil: the file's folder). A notebook exported away from its scenario keeps its
    /// outputs byte for byte and says where its data is.
    public let base: String?
    public let steps: [Step]

    /// One command with its recorded output.
    public struct Step: Sendable {
        /// The command text; continuation lines are joined with newlines.
        public let command: String
        /// The 1-based line of the `> `.
        public let line: Int
        /// Recorded output, verbatim (an expected error's lines keep their `! `).
        public let expected: [String]
        /// The 0-based indices in ``Scenario/lines`` of the recorded output.
        public let outputLines: Range<Int>
        public let options: CellOptions

        /// Whether the recording says this command fails.
        public var expectsError: Bool { expected.first?.hasPrefix("! ") ?? false }
    }

    /// Options from a cell's info string: ```` ```tusk skip id=setup ````.
    public struct CellOptions: Sendable, Equatable {
        /// Do not run the cell's commands.
        public var skip = false
        /// Run the commands but do not check or rewrite their output.
        public var ignoreOutput = false
        /// A name for the cell in reports.
        public var id: String?
    }
}
