import TuskArtifacts
import TuskCore
import TuskLang
import TuskML
import TuskStore

/// A DATA, MODEL or OUT argument: a store address when the word has an `@`
/// (`income_data@master:/train.csv`), a local path otherwise, with spans for errors.
package struct DataArgument: Sendable {
    package let location: ArtifactLocation
    /// The whole word.
    package let span: SourceSpan
    /// The address's parts, for store errors.
    let spans: StoreSpans

    init(_ token: Token) throws(Diagnostic) {
        guard token.kind == .word || token.kind == .string else {
            throw Diagnostic(
                "expected a file or a store address", at: token.span,
                help: "e.g. datasets/census.csv or income_data@master:/train.csv")
        }
        span = token.span
        if token.text.contains("@") {
            let address = try AddressSyntax.address(token)
            location = .store(repo: address.repo.value, ref: address.refOrMaster, path: address.path?.value)
            spans = StoreSpans(address)
        } else {
            location = .local(token.text)
            spans = StoreSpans(whole: token.span)
        }
    }
}

extension CommandContext {
    /// - Parameter model: the model the data is read for: a file read without options is read
    ///   with the layout its training data was read with, when it is that file or looks like it
    ///   (see ``Workspace/loadTable(_:_:label:trainedOn:)``).
    func loadTable(
        _ data: DataArgument, _ read: ReadArguments, label: String? = nil, names: [String: SourceSpan] = [:],
        for model: TrainedModel? = nil
    ) throws(Diagnostic) -> LoadedTable {
        let options = try read.options(in: self)
        do {
            return try workspace.loadTable(data.location, options, label: label, trainedOn: model?.trainingData)
        } catch {
            throw Diagnose.artifact(error, data, names: names)
        }
    }

    func loadModel(_ model: DataArgument) throws(Diagnostic) -> LoadedModel {
        do { return try workspace.loadModel(model.location) } catch { throw Diagnose.artifact(error, model) }
    }

    func write(
        _ bytes: [UInt8], to output: DataArgument, defaultPath: RepoPath? = nil, provenance: [CommitAddress],
        message: String
    ) throws(Diagnostic) -> WriteReceipt {
        try checkCancelled()
        do {
            return try workspace.write(
                bytes, to: output.location, defaultPath: defaultPath, provenance: provenance, message: message)
        } catch {
            throw Diagnose.artifact(error, output)
        }
    }
}
