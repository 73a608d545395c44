import Foundation
import TuskCore
import TuskML
import TuskStore

/// The glue every engine above the store reuses: data and models read from local files or store
/// addresses, outputs written to local files or committed with their provenance.
///
/// The trainer's commands, pipelines and the router all load through here, so a model address
/// means the same thing everywhere, and every output commit names the commits it came from.
///
///     let workspace = Workspace(store: store, files: LocalFiles(baseDirectory: "."))
///     let data = try workspace.loadTable(.local("datasets/census.csv"), ReadOptions(), label: "income")
public struct Workspace: Sendable {
    /// The store, opened when an address first needs it.
    public let deferredStore: DeferredStore
    public let files: LocalFiles
    /// `/pfs` when running as a pipeline step; nil otherwise.
    public let mounts: PFSMounts?

    public init(store: Store, files: LocalFiles, mounts: PFSMounts? = nil) {
        self.init(store: DeferredStore(store), files: files, mounts: mounts)
    }

    public init(store: DeferredStore, files: LocalFiles, mounts: PFSMounts? = nil) {
        deferredStore = store
        self.files = files
        self.mounts = mounts
    }

    /// The store, opened now if nothing has used it yet.
    public var store: Store {
        get throws(StoreError) { try deferredStore.get() }
    }

    /// Where a model lives in a repo when an address names no path (`models@master`).
    public static let modelPath = RepoPath.root.appending("model.json")

    /// The bytes at `location`, with a display name and, for store files, the commit holding them.
    public func read(_ location: ArtifactLocation, defaultPath: RepoPath? = nil) throws(ArtifactError) -> ArtifactBytes
    {
        switch location {
        case .local(let path):
            if let mounts {
                guard let (mount, inner) = PFSMounts.split(path) else { throw Self.stepOnlyPFS(path) }
                return try readMounted(mounts, mount, inner, as: path)
            }
            do { return ArtifactBytes(bytes: try files.read(path), name: path, commit: nil, provenance: []) } catch {
                throw .localFile(error)
            }
        case .store(let repo, let ref, let path):
            if mounts != nil { throw Self.stepOnlyPFS("\(repo)@\(ref)") }
            guard let path = path ?? defaultPath, !path.isRoot else {
                throw .noFilePath(repo: repo, ref: ref, reading: true)
            }
            do {
                // Named by the commit that wrote these bytes, not the head that holds them: two
                // models in one repo each name their own training commit.
                let commit = try store.resolve(repo, ref)
                let bytes = try store.readFile(repo, commit.id, path)
                let origin = try store.origin(of: path, in: repo, at: commit.id)
                return ArtifactBytes(
                    bytes: bytes, name: "\(repo)@\(origin.commit.id.short):\(path)",
                    commit: CommitAddress(repo: repo, id: origin.commit.id), provenance: origin.provenance)
            } catch {
                throw .store(error)
            }
        }
    }

    /// A pipeline step sees only `/pfs`: its job's inputs and its output, so it is reproducible.
    static func stepOnlyPFS(_ path: String) -> ArtifactError {
        .localFile(
            LocalFileError(
                .notFound, path, "a pipeline step reads only /pfs/REPO/… and writes only /pfs/out/…, not '\(path)'",
                help: "name the input as /pfs/REPO/PATH"))
    }

    /// A file of a mounted input (or of the step's own output), as a step reads `/pfs/REPO/PATH`.
    private func readMounted(_ mounts: PFSMounts, _ mount: String, _ inner: RepoPath, as path: String)
        throws(ArtifactError) -> ArtifactBytes
    {
        if mount == "out", case .bytes(let bytes)? = mounts.outputs[inner] {
            return ArtifactBytes(bytes: bytes, name: path, commit: nil, provenance: [])
        }
        guard let input = mounts.inputs[mount] else {
            throw .localFile(
                LocalFileError(
                    .notFound, path, "'/pfs/\(mount)' is not an input of this pipeline",
                    help: "inputs: " + mounts.inputs.keys.sorted().map { "/pfs/\($0)" }.joined(separator: ", ")))
        }
        guard input.files[inner] != nil else {
            let near = Suggestion.closest(to: inner.description, among: input.files.keys.map(\.description))
            throw .localFile(
                LocalFileError(
                    .notFound, path, "'\(path)' is not in this datum of \(input.repo)@\(input.commit.short)",
                    help: near.map { "did you mean '/pfs/\(mount)\($0)'?" } ?? "check the input's glob"))
        }
        // As in a Pachyderm container: an `empty_files` input's files exist and hold nothing.
        if input.emptyFiles {
            return ArtifactBytes(
                bytes: [], name: path, commit: CommitAddress(repo: input.repo, id: input.commit), provenance: [])
        }
        do {
            return ArtifactBytes(
                bytes: try store.readFile(input.repo, input.commit, inner), name: path,
                commit: CommitAddress(repo: input.repo, id: input.commit), provenance: [])
        } catch {
            throw .store(error)
        }
    }

    /// Reads and types a dataset. A known schema supplies the layout and, unless `label` is
    /// given, the label column.
    ///
    /// - Parameter trainedOn: the training data of the model the data is read for (an
    ///   evaluation, an audit, a drift reference). When `options` say nothing and that data was
    ///   read with a layout, the file is read with it too if it is that very file (the same
    ///   bytes), or if it looks headerless and has the layout's number of columns: a model
    ///   trained with `--schema uci-adult` reads `adult.test` the way it read `adult.data`.
    public func loadTable(
        _ location: ArtifactLocation, _ options: ReadOptions, label: String? = nil, trainedOn: DataFingerprint? = nil
    ) throws(ArtifactError) -> LoadedTable {
        let source = try read(location)
        guard options.isEmpty, let fingerprint = trainedOn, let layout = fingerprint.layout else {
            return try loadTable(source, options, label: label)
        }
        let recorded: ReadOptions
        do { recorded = try ReadOptions(layout: layout) } catch { throw .data(error) }
        if ContentHash(of: source.bytes).hex == fingerprint.sha256 {
            return try loadTable(source, recorded, label: label)
        }
        do { return try loadTable(source, options, label: label) } catch {
            guard case .data(let data) = error, case .headerlessFile(let columns)? = data.subject else { throw error }
            if layout.headerless, layout.columnCount == columns { return try loadTable(source, recorded, label: label) }
            throw .data(
                MLError(
                    data.message, kind: data.kind, subject: data.subject, file: data.file, line: data.line,
                    column: data.column,
                    help: "read it as the model's training data was read",
                    remedy: .trainingLayout(layout, otherwise: data.remedy)))
        }
    }

    /// Types bytes already read.
    func loadTable(_ source: ArtifactBytes, _ options: ReadOptions, label: String?) throws(ArtifactError)
        -> LoadedTable
    {
        var format = options.schema?.format ?? CSVFormat()
        if let columns = options.columns {
            format.hasHeader = false
            format.columnNames = columns
        }
        if let delimiter = options.delimiter { format.delimiter = delimiter }
        // A headerless layout applied to a file that has a header naming its columns: the
        // header is skipped, so one scenario parameter reads both kinds of file.
        if !format.hasHeader, let names = format.columnNames,
            Self.firstLine(of: source.bytes, delimiter: format.delimiter) == names
        {
            format.hasHeader = true
        }
        do {
            let fields = try CSVReader.parse(source.bytes, source: source.name, format: format)
            let table = try TableLoader.load(
                fields, schema: options.schema?.schema, format: format, labelColumn: label ?? options.schema?.target,
                normalizeLabel: options.schema?.normalizeLabel)
            return LoadedTable(table: table, source: source, schema: options.schema)
        } catch {
            throw .data(error)
        }
    }

    /// The fields of the first line, trimmed.
    static func firstLine(of bytes: [UInt8], delimiter: UInt8) -> [String] {
        var end = bytes.firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
        if end > 0, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        var start = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
        guard start <= end else { return [] }
        return bytes[start..<end].split(separator: delimiter, omittingEmptySubsequences: false).map {
            String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespaces)
        }
    }

    /// A schema file (JSON) from the local disk.
    public func schema(file path: String) throws(ArtifactError) -> KnownSchema {
        let bytes: [UInt8]
        do { bytes = try files.read(path) } catch { throw .localFile(error) }
        do { return try KnownSchema.load(bytes, source: path) } catch { throw .data(error) }
    }

    /// A model artifact; a store address without a path means `/model.json`.
    public func loadModel(_ location: ArtifactLocation) throws(ArtifactError) -> LoadedModel {
        let source = try read(location, defaultPath: Self.modelPath)
        do {
            return LoadedModel(model: try TrainedModel.load(Data(source.bytes), source: source.name), source: source)
        } catch {
            throw .data(error)
        }
    }

    /// Writes `bytes` to a local file, or commits them to a branch with `provenance`.
    public func write(
        _ bytes: [UInt8], to location: ArtifactLocation, defaultPath: RepoPath? = nil, provenance: [CommitAddress],
        message: String
    ) throws(ArtifactError) -> WriteReceipt {
        switch location {
        case .local(let path):
            if let mounts {
                guard let (mount, inner) = PFSMounts.split(path), mount == "out", !inner.isRoot else {
                    throw .localFile(
                        LocalFileError(
                            .unwritable, path, "a step writes only under /pfs/out", help: "write to /pfs/out/NAME"))
                }
                mounts.write(.bytes(bytes), to: inner)
                return WriteReceipt(kind: .wroteFile, target: path, bytes: bytes.count, commit: nil)
            }
            do {
                let outcome = try files.write(bytes, to: path)
                return WriteReceipt(
                    kind: outcome == .created ? .wroteFile : .replacedFile, target: path, bytes: bytes.count,
                    commit: nil)
            } catch {
                throw .localFile(error)
            }
        case .store(let repo, let ref, let path):
            if mounts != nil { throw Self.stepOnlyPFS("\(repo)@\(ref)") }
            guard ref.ancestors == 0, let branch = try? BranchName(ref.base) else { throw .outputNeedsBranch }
            guard let path = path ?? defaultPath else { throw .noFilePath(repo: repo, ref: ref, reading: false) }
            do {
                let result = try store.put(
                    [FileWrite(path: path, bytes: bytes)], repo: repo, branch: branch, message: message,
                    provenance: provenance)
                switch result {
                case .committed(let commit):
                    return WriteReceipt(
                        kind: .committed, target: "\(repo)@\(branch):\(path)", bytes: bytes.count,
                        commit: commit.id.hex)
                case .staged:
                    return WriteReceipt(
                        kind: .staged, target: "\(repo)@\(branch):\(path)", bytes: bytes.count, commit: nil)
                }
            } catch {
                throw .store(error)
            }
        }
    }
}

/// Bytes read from a file or the store, with a name for messages and the commit that holds them.
public struct ArtifactBytes: Sendable {
    public let bytes: [UInt8]
    /// `datasets/census.csv`, or `income_data@3f2a9c1e0b7d:/train.csv`.
    public let name: String
    /// The commit that wrote the bytes (for provenance); nil for local files.
    public let commit: CommitAddress?
    /// What that commit computed this file from (a model's training data commit).
    public let provenance: [CommitAddress]
}

/// A dataset, typed, with where it came from.
public struct LoadedTable: Sendable {
    public let table: Table
    public let source: ArtifactBytes
    public let schema: KnownSchema?
}

/// A model artifact with where it came from.
public struct LoadedModel: Sendable {
    public let model: TrainedModel
    public let source: ArtifactBytes
}

/// How to read a data file: a known layout or schema file, column names, a delimiter.
public struct ReadOptions: Sendable {
    public var schema: KnownSchema?
    public var columns: [String]?
    public var delimiter: UInt8?

    public init(schema: KnownSchema? = nil, columns: [String]? = nil, delimiter: UInt8? = nil) {
        self.schema = schema
        self.columns = columns
        self.delimiter = delimiter
    }
}

/// What a write did: a local file written or replaced, a commit made, or a file staged in an
/// open commit.
public struct WriteReceipt: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable {
        case wroteFile = "wrote", replacedFile = "replaced", committed, staged
    }

    public let kind: Kind
    /// The local path, or `repo@branch:/path`.
    public let target: String
    public let bytes: Int
    /// The full id of the commit made, when one was (text prints its first 12 digits).
    public let commit: String?

    public init(kind: Kind, target: String, bytes: Int, commit: String?) {
        self.kind = kind
        self.target = target
        self.bytes = bytes
        self.commit = commit
    }
}
