import Foundation
import TuskCore
import TuskLang
import TuskML
import TuskStore

/// The trainer's commands: describe, train, evaluate, predict, on local files and store files alike.
extension Session {
    /// Bytes of a data file, where they came from, and the commit that holds them (for provenance).
    struct DataBytes {
        let bytes: [UInt8]
        let name: String
        let commit: CommitAddress?
    }

    /// Where a model lives in a repo when an address names no path (`models@master`).
    static let modelPath = RepoPath.root.appending("model.json")

    func readData(_ ref: DataRef, defaultPath: RepoPath? = nil) throws(Diagnostic) -> DataBytes {
        switch ref {
        case .local(let path):
            return DataBytes(bytes: try readLocal(path), name: path.value, commit: nil)
        case .store(let address):
            let path = address.path?.value ?? defaultPath ?? .root
            guard !path.isRoot else {
                throw Diagnostic(
                    "'\(address.repo.value)@\(address.refOrMaster)' names no file", at: address.span,
                    help: "add ':/PATH', e.g. \(address.repo.value)@\(address.refOrMaster):/train.csv")
            }
            let (commit, bytes) = try at(address) {
                let commit = try store.resolve(address.repo.value, address.refOrMaster)
                return (commit, try store.readFile(address.repo.value, commit.id, path))
            }
            return DataBytes(
                bytes: bytes, name: "\(address.repo.value)@\(commit.id.short):\(path)",
                commit: CommitAddress(repo: address.repo.value, id: commit.id))
        }
    }

    /// Reads and types a dataset; `--schema uci-adult` also supplies the label column.
    func loadTable(_ ref: DataRef, _ options: DataOptions, label: String? = nil) throws(Diagnostic) -> (
        table: Table, data: DataBytes, known: KnownSchema?
    ) {
        let data = try readData(ref)
        var known: KnownSchema?
        if let schema = options.schema {
            known = KnownSchema.named(schema.value)
            if known == nil {
                // Not a known name: a schema file (the parser let only *.json through).
                let file = try readLocal(schema)
                do { known = try KnownSchema.load(file, source: schema.value) } catch {
                    throw diagnostic(error, at: schema.span)
                }
            }
        }
        var format = known?.format ?? CSVFormat()
        if let columns = options.columns {
            format.hasHeader = false
            format.columnNames = columns.value
        }
        if let delimiter = options.delimiter { format.delimiter = delimiter.value.utf8.first! }
        do {
            let fields = try CSVReader.parse(data.bytes, source: data.name, format: format)
            let table = try TableLoader.load(
                fields, schema: known?.schema, format: format, labelColumn: label ?? known?.target,
                normalizeLabel: known?.normalizeLabel)
            return (table, data, known)
        } catch {
            throw diagnostic(error, at: ref.span)
        }
    }

    func diagnostic(_ error: MLError, at span: SourceSpan) -> Diagnostic {
        Diagnostic((error.location.map { "\($0): " } ?? "") + error.message, at: span, help: error.help)
    }

    /// Writes bytes to a local path or commits them to the store with the given provenance.
    func writeOutput(
        _ ref: DataRef, _ bytes: [UInt8], provenance: [CommitAddress], message: String, defaultPath: RepoPath? = nil
    ) throws(Diagnostic)
        -> String
    {
        switch ref {
        case .local(let path):
            do {
                try Data(bytes).write(to: localURL(path.value), options: .atomic)
            } catch {
                throw Diagnostic(
                    "cannot write '\(path.value)': \(error.localizedDescription)", at: path.span,
                    help: "check that the directory exists and is writable")
            }
            return "wrote \(path.value) (\(ByteCount.format(bytes.count)))"
        case .store(let address):
            guard let ref = address.ref, ref.value.ancestors == 0, let branch = try? BranchName(ref.value.base) else {
                throw Diagnostic(
                    "output must name a branch", at: address.ref?.span ?? address.span, help: "write REPO@BRANCH:/PATH")
            }
            guard let path = address.path?.value ?? defaultPath else {
                throw Diagnostic(
                    "'\(address.repo.value)@\(ref.value)' names no file to write", at: address.span,
                    help: "add ':/PATH', e.g. \(address.repo.value)@\(ref.value):/predictions.csv")
            }
            let result = try at(
                Spans(repo: address.repo.span, branch: ref.span, path: address.path?.span, whole: address.span)
            ) {
                try store.put(
                    [FileWrite(path: path, bytes: bytes)], repo: address.repo.value, branch: branch, message: message,
                    provenance: provenance)
            }
            switch result {
            case .committed(let commit):
                return "committed \(commit.id.short) to \(address.repo.value)@\(branch):\(path)"
            case .staged: return "staged \(path) in the open commit on \(address.repo.value)@\(branch)"
            }
        }
    }

    func loadModel(_ ref: DataRef) throws(Diagnostic) -> (model: TrainedModel, data: DataBytes) {
        let data = try readData(ref, defaultPath: Self.modelPath)
        do {
            return (try TrainedModel.load(Data(data.bytes), source: data.name), data)
        } catch {
            throw diagnostic(error, at: ref.span)
        }
    }

    // MARK: - Commands

    func describe(_ ref: DataRef, _ options: DataOptions, target: Located<String>?) throws(Diagnostic) -> [String] {
        let (table, data, known) = try loadTable(ref, options, label: target?.value)
        if let target, table.column(named: target.value) == nil {
            throw Diagnostic(
                "no column '\(target.value)' in \(data.name)", at: target.span,
                help: Suggestion.didYouMean(target.value, among: table.columns.map(\.name)))
        }
        var lines = ["\(data.name): \(Format.count(table.rowCount)) rows, \(table.columns.count) columns"]
        var summary = TextTable("COLUMN", "KIND", "MISSING", "SUMMARY")
        for column in table.columns {
            switch column.values {
            case .numeric(let values):
                let present = values.filter { !$0.isNaN }
                let mean = present.isEmpty ? 0 : present.reduce(0, +) / Double(present.count)
                summary.add(
                    column.name, "numeric", Format.count(values.count - present.count),
                    present.isEmpty
                        ? "-"
                        : "min \(Format.number(present.min()!)), mean \(Format.number(mean)), max \(Format.number(present.max()!))"
                )
            case .categorical(let codes, let levels):
                var counts = [Int](repeating: 0, count: levels.count)
                for code in codes where code >= 0 { counts[Int(code)] += 1 }
                let top = counts.indices.max { counts[$0] < counts[$1] || (counts[$0] == counts[$1] && $0 > $1) }
                summary.add(
                    column.name, "categorical", Format.count(codes.filter { $0 < 0 }.count),
                    "\(levels.count) levels" + (top.map { "; top \(levels[$0]) (\(Format.count(counts[$0])))" } ?? ""))
            }
        }
        lines += summary.lines
        if let label = target?.value ?? known?.target,
            case .categorical(let codes, let levels)? = table.column(named: label)?.values
        {
            var counts = [Int](repeating: 0, count: levels.count)
            for code in codes where code >= 0 { counts[Int(code)] += 1 }
            let parts = levels.indices.map {
                "\(levels[$0]) \(Format.count(counts[$0])) (\(Format.percent(Double(counts[$0]) / Double(max(1, table.rowCount)))))"
            }
            lines.append("label \(label): " + parts.joined(separator: ", "))
        }
        return lines
    }

    func train(
        _ kind: Located<String>, on ref: DataRef, _ options: DataOptions, target: Located<String>?, seed: Int,
        exclude: [Located<String>], output: DataRef
    ) throws(Diagnostic) -> [String] {
        let (table, data, known) = try loadTable(ref, options, label: target?.value)
        guard let label = target?.value ?? known?.target else {
            throw Diagnostic("which column is the label?", at: kind.span, help: "add --target COLUMN")
        }
        let model: TrainedModel
        do {
            let labeled = try LabeledData(table: table, target: label, exclude: exclude.map(\.value))
            let fingerprint = DataFingerprint(
                source: data.name, rows: table.rowCount, sha256: ContentHash(of: data.bytes).hex)
            model = try Trainer.train(
                TrainedModel.Kind(rawValue: kind.value)!, on: labeled, seed: seed, fingerprint: fingerprint)
        } catch {
            throw diagnostic(error, at: error.message.hasPrefix("no column") ? (target?.span ?? ref.span) : ref.span)
        }
        let features = model.encoder.numeric.count + model.encoder.categorical.count
        var lines = [
            "trained \(kind.value) on \(data.name): \(Format.count(table.rowCount)) rows, \(features) features"
                + (model.logistic != nil ? " (\(model.encoder.width) encoded)" : "")
                + ", label \(label) = \(model.classes[1])"
        ]
        if let boosted = model.boosted {
            let leaves = boosted.trees.map { $0.nodes.filter { $0.feature < 0 }.count }
            lines.append("\(boosted.trees.count) trees, \(leaves.min() ?? 0) to \(leaves.max() ?? 0) leaves each")
        }
        if let logistic = model.logistic {
            lines.append(
                "converged in \(logistic.iterations) Newton iterations (gradient \(String(format: "%.1e", logistic.finalGradient)))"
            )
        }
        let m = model.trainingMetrics
        lines.append(
            "training accuracy \(Format.metric(m.accuracy)), ROC AUC \(Format.metric(m.rocAUC)), log-loss \(Format.metric(m.logLoss))"
        )
        let json: Data
        do { json = try model.jsonData() } catch { throw diagnostic(error, at: kind.span) }
        lines.append(
            try writeOutput(
                output, Array(json), provenance: data.commit.map { [$0] } ?? [],
                message: "train \(kind.value) on \(data.name)", defaultPath: Self.modelPath))
        return lines
    }

    func evaluate(_ modelRef: DataRef, on ref: DataRef, _ options: DataOptions) throws(Diagnostic) -> [String] {
        let (model, modelData) = try loadModel(modelRef)
        let (table, data, _) = try loadTable(ref, options, label: model.target)
        let metrics: BinaryMetrics
        do {
            let labeled = try LabeledData(table: table, target: model.target, classes: model.classes)
            metrics = BinaryMetrics(labels: labeled.labels, probabilities: try model.probabilities(table))
        } catch {
            throw diagnostic(error, at: ref.span)
        }
        var table2 = TextTable("METRIC", "VALUE")
        table2.add("accuracy", Format.metric(metrics.accuracy))
        table2.add("precision", Format.metric(metrics.precision))
        table2.add("recall", Format.metric(metrics.recall))
        table2.add("f1", Format.metric(metrics.f1))
        table2.add("roc_auc", Format.metric(metrics.rocAUC))
        table2.add("log_loss", Format.metric(metrics.logLoss))
        var confusion = TextTable("TRUE \\ PREDICTED", model.classes[0], model.classes[1])
        confusion.add(model.classes[0], Format.count(metrics.confusion[0][0]), Format.count(metrics.confusion[0][1]))
        confusion.add(model.classes[1], Format.count(metrics.confusion[1][0]), Format.count(metrics.confusion[1][1]))
        return ["evaluated \(modelData.name) on \(data.name) (\(Format.count(metrics.count)) rows)"] + table2.lines + [
            ""
        ]
            + confusion.lines
    }

    func predict(_ modelRef: DataRef, _ input: PredictInput, _ options: DataOptions, output: DataRef?)
        throws(Diagnostic)
        -> [String]
    {
        let (model, modelData) = try loadModel(modelRef)
        switch input {
        case .record(let json):
            let probability: Double
            do {
                let record = try RecordReader.table(fromJSON: json.value)
                probability = try model.probabilities(record, missingColumnsAreMissing: true)[0]
            } catch {
                throw diagnostic(error, at: json.span)
            }
            let decided = model.classes[probability > 0.5 ? 1 : 0]
            return ["\(decided) (probability of \(model.classes[1]): \(Format.metric(probability)))"]
        case .data(let ref):
            let (table, data, _) = try loadTable(ref, options, label: model.target)
            let probabilities: [Double]
            do { probabilities = try model.probabilities(table) } catch { throw diagnostic(error, at: ref.span) }
            var csv = "prediction,probability\n"
            csv.reserveCapacity(probabilities.count * 16)
            var positives = 0
            for p in probabilities {
                let positive = p > 0.5
                if positive { positives += 1 }
                csv += CSVText.field(model.classes[positive ? 1 : 0]) + "," + String(format: "%.6f", p) + "\n"
            }
            let summary =
                "predicted \(Format.count(probabilities.count)) rows of \(data.name) with \(modelData.name): "
                + "\(Format.count(positives)) \(model.classes[1]), \(Format.count(probabilities.count - positives)) \(model.classes[0])"
            guard let output else { return [summary] }
            let provenance = [modelData.commit, data.commit].compactMap { $0 }
            return [
                summary,
                try writeOutput(
                    output, Array(csv.utf8), provenance: provenance, message: "predict with \(modelData.name)"),
            ]
        }
    }
}

/// Numbers as scenarios record them: the same text on every machine.
enum Format {
    static func count(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (n < 0 ? "-" : "") + out
    }

    static func metric(_ x: Double) -> String { x.isNaN ? "n/a" : String(format: "%.4f", x) }

    static func percent(_ x: Double) -> String { String(format: "%.2f%%", x * 100) }

    static func number(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(format: "%.2f", x)
    }
}

/// Quoting for CSV output.
enum CSVText {
    static func field(_ text: String) -> String {
        text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" })
            ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }
}
