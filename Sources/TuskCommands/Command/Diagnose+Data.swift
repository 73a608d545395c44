import TuskML

extension Diagnose {
    /// The trainer's help in the DSL's words: its ``MLError/remedy`` as the command or option that
    /// fixes it, or the trainer's own help when it has no remedy.
    package static func help(for error: MLError) -> String? {
        guard let remedy = error.remedy else { return error.help }
        return help(remedy, columns: error.subject) ?? error.help
    }

    private static func help(_ remedy: MLError.Remedy, columns subject: MLError.Subject?) -> String? {
        switch remedy {
        case .trainedModel: return "give a model written by 'train'"
        case .retrain: return "retrain the model with 'train', or restore the file"
        case .describeRanges: return "check the data for extreme values ('describe' shows each column's range)"
        case .compareWithTraining:
            return "its numbers are too extreme for the model; check them against 'describe' of the training data"
        case .binaryTarget: return "pick a two-valued column as --target"
        case .readLayout(let known):
            guard case .headerlessFile(let columns)? = subject else { return nil }
            if known.isEmpty {
                return "name its \(columns) columns with --columns A,B,C, or give a schema file with --schema FILE.json"
            }
            let options = known.map { "--schema \($0)" }.joined(separator: " or ")
            return "read it with \(options) (\(columns) columns), or name them with --columns A,B,C"
        case .trainingLayout(let layout, let otherwise):
            return "the model was trained on data read with \(layout.options); "
                + (otherwise.flatMap { help($0, columns: subject) } ?? "name the columns with --columns A,B,C")
        }
    }
}
