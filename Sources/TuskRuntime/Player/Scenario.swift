import TuskCore

/// A scenario: a Markdown notebook whose ```` ```tusk ```` cells hold commands and their
/// recorded outputs. It is documentation and a test at once.
///
/// In a cell, `> ` starts a command, `. ` continues it on the next line, and the lines after it
/// up to the next command are its recorded output. Lines of an expected error start with `! `.
/// `[..]` in a recorded line matches any text; `...` alone on a line matches any number of lines.
package struct Scenario: Sendable {
    /// The file it came from, as given (used in every `path:line`).
    package let path: String
    /// The file's lines, without line ends.
    package let lines: [String]
    package let title: String?
    /// The random seed the front matter sets (for engines that sample); 0 when absent.
    package let seed: Int
    /// Declared parameters with their defaults; commands use them as `${name}`.
    package let parameters: [String: String]
    /// The 0-based index in ``lines`` of each parameter's front matter line, so a run can write
    /// the values it used where the defaults were.
    package let parameterLines: [String: Int]
    /// The front matter's `base:`: the folder relative paths start at, relative to the file's own
    /// folder (nil: the file's folder). A notebook exported away from its scenario keeps its
    /// outputs byte for byte and says where its data is.
    package let base: String?
    package let steps: [Step]

    /// One command with its recorded output.
    package struct Step: Sendable {
        /// The command text; continuation lines are joined with newlines.
        package let command: String
        /// The 1-based line of the `> `.
        package let line: Int
        /// Recorded output, verbatim (an expected error's lines keep their `! `).
        package let expected: [String]
        /// The 0-based indices in ``Scenario/lines`` of the recorded output.
        package let outputLines: Range<Int>
        package let options: CellOptions

        /// Whether the recording says this command fails.
        package var expectsError: Bool { expected.first?.hasPrefix("! ") ?? false }
    }

    /// Options from a cell's info string: ```` ```tusk skip id=setup ````.
    package struct CellOptions: Sendable, Equatable {
        /// Do not run the cell's commands.
        package var skip = false
        /// Run the commands but do not check or rewrite their output.
        package var ignoreOutput = false
        /// A name for the cell in reports.
        package var id: String?
    }
}
