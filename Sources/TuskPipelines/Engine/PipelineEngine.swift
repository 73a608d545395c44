import Foundation
import TuskArtifacts
import TuskCore
import TuskStore

/// Pachyderm's pipeline system, embedded: specs, the DAG, jobs triggered by new heads on input
/// branches, datums that are reused when their bytes have been seen, and lineage.
///
/// Everything runs synchronously and deterministically in the calling process: ``sync()``
/// compares each pipeline's input heads with those of its last job and runs a job, in DAG order,
/// for each that moved. Records are documents in the store, written in the same transaction as
/// the commits they describe.
///
///     let engine = PipelineEngine(store: store, runner: runner)
///     try engine.create(spec)
///     let jobs = try engine.sync()   // the pipeline runs on its inputs' current heads
public struct PipelineEngine: Sendable {
    public let store: Store
    let runner: any StepRunner
    /// Raised by Ctrl-C: a job checks it between datums, after a failed step and before it
    /// commits; stopped, it commits nothing and is recorded as killed (see ``sync()``).
    public let cancellation: CancellationFlag?

    public init(store: Store, runner: any StepRunner, cancellation: CancellationFlag? = nil) {
        self.store = store
        self.runner = runner
        self.cancellation = cancellation
    }

    static let pipelines = "pipeline", jobs = "job", datums = "datum"
    /// Indexes that keep a command's cost independent of how many jobs the store holds.
    static let running = "job-running", succeeded = "job-succeeded", counters = "counter"

    // MARK: - Pipelines

    /// Creates a pipeline (or, with `update`, its next version) and its output repo.
    @discardableResult
    public func create(_ spec: PipelineSpec, update: Bool = false) throws(PipelineError) -> PipelineRecord {
        guard update else { return try create([spec])[0] }
        let existing = try records()
        guard let old = existing.first(where: { $0.spec.name == spec.name }) else {
            throw .notFound(spec.name.rawValue, among: existing.map(\.spec.name.rawValue))
        }
        try check(spec, among: existing)
        // A new version has seen nothing: the next sync runs it on the inputs' current heads.
        let record = PipelineRecord(spec: spec, version: old.version + 1, lastInputs: nil)
        try save([record])
        return record
    }

    /// Creates several pipelines (a multi-document spec), each with its output repo, in one
    /// transaction: all of them, or on any error none. A pipeline may read the output of one
    /// before it in the list.
    @discardableResult
    public func create(_ specs: [PipelineSpec]) throws(PipelineError) -> [PipelineRecord] {
        var existing = try records()
        var made: [PipelineRecord] = []
        for (index, spec) in specs.enumerated() {
            do { try plan(spec, existing: &existing, made: &made) } catch {
                guard specs.count > 1 else { throw error }
                throw PipelineError(
                    error.kind,
                    "pipeline \(index + 1) of \(specs.count) (\(spec.name)): \(error.message); none was created",
                    help: error.help, file: error.file, line: error.line, column: error.column)
            }
        }
        do {
            try store.createRepos(
                made.map { ($0.spec.name, "output of pipeline \($0.spec.name)") },
                documents: try made.map(Self.document))
        } catch {
            throw .store(error)
        }
        return made
    }

    /// Checks one spec of a list against the pipelines so far, and adds its record.
    private func plan(_ spec: PipelineSpec, existing: inout [PipelineRecord], made: inout [PipelineRecord])
        throws(PipelineError)
    {
        if made.contains(where: { $0.spec.name == spec.name }) {
            throw PipelineError(
                .pipelineExists, "pipeline '\(spec.name)' is defined twice", help: "give each pipeline its own name")
        }
        if existing.contains(where: { $0.spec.name == spec.name }) {
            throw PipelineError(
                .pipelineExists, "pipeline '\(spec.name)' already exists",
                help: "change it, or pick another name", remedy: .updatePipeline)
        }
        if (try? store.inspectRepo(spec.name)) != nil {
            throw PipelineError(
                .pipelineExists, "a repo named '\(spec.name)' already exists",
                help: "a pipeline writes to a repo of its name: pick another name")
        }
        try check(spec, among: existing)
        let record = PipelineRecord(spec: spec, version: 1, lastInputs: nil)
        existing.append(record)
        made.append(record)
    }

    /// What Pachyderm checks of a pipeline's inputs, and what the DAG needs: inputs that exist
    /// (a repo, or a pipeline's output), distinct mount names, globs that compile, no cycle.
    func check(_ spec: PipelineSpec, among existing: [PipelineRecord]) throws(PipelineError) {
        let names = Set(existing.map(\.spec.name))
        for input in spec.input.leaves {
            if input.repo == spec.name {
                throw PipelineError(
                    .badInput, "pipeline '\(spec.name)' cannot read its own output", help: "name another repo")
            }
            if !names.contains(input.repo) {
                do { _ = try store.inspectRepo(input.repo) } catch {
                    throw PipelineError(.badInput, error.message, help: error.help, underlying: error)
                }
            }
            do { _ = try GlobPattern(input.glob) } catch {
                throw PipelineError(
                    .badInput, "glob '\(input.glob)' of input \(input.mount) does not compile: \(error.message)",
                    help: error.help)
            }
        }
        if let name = spec.input.clashingMount {
            throw name == "out"
                ? PipelineError(
                    .badInput, "input cannot be named out", help: "/pfs/out is the output: set the input's name")
                : PipelineError(
                    .badInput, "name \"\(name)\" was used more than once",
                    help: "give one of the inputs another name: /pfs/NAME is where the step sees it")
        }
        var graph = Dictionary(existing.map { ($0.spec.name, $0.spec.input.leaves.map(\.repo)) }) { _, b in b }
        graph[spec.name] = spec.input.leaves.map(\.repo)
        if let cycle = Self.cycle(graph, from: spec.name, names: names.union([spec.name])) {
            throw PipelineError(
                .badInput, "the pipelines would form a cycle: " + cycle.map(\.rawValue).joined(separator: " -> "),
                help: "a pipeline cannot depend on its own output")
        }
    }

    /// Every pipeline, in DAG order (inputs before the pipelines that read them).
    public func records() throws(PipelineError) -> [PipelineRecord] {
        let all: [PipelineRecord] = try load(Self.pipelines)
        var ordered: [PipelineRecord] = []
        var placed = Set<RepoName>()
        var rest = all.sorted { $0.spec.name < $1.spec.name }
        while !rest.isEmpty {
            let names = Set(rest.map(\.spec.name))
            let ready = rest.filter { record in
                record.spec.input.leaves.allSatisfy { !names.contains($0.repo) || placed.contains($0.repo) }
            }
            // A cycle cannot be created; should one appear, keep the rest in name order.
            let next = ready.isEmpty ? rest : ready
            for record in next { placed.insert(record.spec.name) }
            ordered += next
            rest.removeAll { record in next.contains { $0.spec.name == record.spec.name } }
        }
        return ordered
    }

    public func record(named name: String) throws(PipelineError) -> PipelineRecord {
        let all = try records()
        guard let record = all.first(where: { $0.spec.name.rawValue == name }) else {
            throw .notFound(name, among: all.map(\.spec.name.rawValue))
        }
        return record
    }

    /// The pipelines that read `name`'s output, directly or through others.
    public func downstream(of name: RepoName) throws(PipelineError) -> [PipelineRecord] {
        let all = try records()
        var found: [PipelineRecord] = []
        var frontier: Set<RepoName> = [name]
        for record in all where record.spec.input.leaves.contains(where: { frontier.contains($0.repo) }) {
            found.append(record)
            frontier.insert(record.spec.name)
        }
        return found
    }

    /// Deletes a pipeline (its output repo stays, as data). Refused while others read its
    /// output, unless `force`, which deletes those too.
    public func delete(_ name: String, force: Bool) throws(PipelineError) -> [String] {
        let record = try record(named: name)
        let dependents = try downstream(of: record.spec.name)
        if !dependents.isEmpty && !force {
            throw PipelineError(
                .hasDependents,
                "pipelines " + dependents.map { "'\($0.spec.name)'" }.joined(separator: ", ") + " read its output",
                help: "delete them first, or delete them with it", remedy: .deleteDependents)
        }
        let names = [record.spec.name.rawValue] + dependents.map(\.spec.name.rawValue)
        do { try store.write(documents: [], deleting: names.map { (Self.pipelines, $0) }) } catch {
            throw .store(error)
        }
        return names
    }

    // MARK: - Jobs

    public func jobRecords(pipeline: String? = nil) throws(PipelineError) -> [JobRecord] {
        let all: [JobRecord] = try load(Self.jobs)
        return all.filter { pipeline == nil || $0.pipeline == pipeline }.sorted { $0.number > $1.number }
    }

    /// A job by a unique prefix (4 digits or more) of its id.
    public func job(_ prefix: String) throws(PipelineError) -> JobRecord {
        let matches = try jobRecords().filter { $0.id.hasPrefix(prefix.lowercased()) }
        guard prefix.count >= 4, matches.count == 1 else {
            throw PipelineError(
                .jobNotFound,
                matches.count > 1 ? "job prefix '\(prefix)' is ambiguous" : "no job '\(prefix)'",
                help: matches.count > 1 ? "type more digits" : nil, remedy: matches.count > 1 ? nil : .listJobs)
        }
        return matches[0]
    }

    // MARK: - Storage

    func load<T: Decodable>(_ collection: String) throws(PipelineError) -> [T] {
        let documents: [Document]
        do { documents = try store.documents(in: collection) } catch { throw .store(error) }
        var values: [T] = []
        for document in documents { values.append(try Self.decode(T.self, document)) }
        return values
    }

    /// One record read back; one that does not decode is a damaged store, named, never skipped.
    static func decode<T: Decodable>(_ type: T.Type, _ document: Document) throws(PipelineError) -> T {
        do { return try JSONDecoder().decode(T.self, from: document.value) } catch {
            throw PipelineError(.corruptRecord, "the \(document.collection) record '\(document.key)' is unreadable")
        }
    }

    func save(_ records: [PipelineRecord]) throws(PipelineError) {
        do { try store.write(documents: try records.map(Self.document)) } catch { throw .store(error) }
    }

    static func document(_ record: PipelineRecord) throws(StoreError) -> Document {
        try document(record, in: pipelines, key: record.spec.name.rawValue)
    }

    static func document(_ job: JobRecord) throws(StoreError) -> Document { try document(job, in: jobs, key: job.id) }

    /// `value` as the record `key` of `collection`; one that cannot be encoded is refused, naming
    /// it, rather than written empty.
    static func document<T: Encodable>(_ value: T, in collection: String, key: String) throws(StoreError) -> Document {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        do { return Document(collection: collection, key: key, value: try encoder.encode(value)) } catch {
            throw .unwritableRecord(collection, key, reason: "\(error)")
        }
    }

    /// A path from `start` back to itself through `graph` (pipeline → the repos it reads), if any.
    static func cycle(_ graph: [RepoName: [RepoName]], from start: RepoName, names: Set<RepoName>) -> [RepoName]? {
        var path: [RepoName] = [start]
        var seen = Set<RepoName>()
        func visit(_ node: RepoName) -> Bool {
            for next in graph[node] ?? [] where names.contains(next) {
                if next == start {
                    path.append(next)
                    return true
                }
                if seen.insert(next).inserted {
                    path.append(next)
                    if visit(next) { return true }
                    path.removeLast()
                }
            }
            return false
        }
        return visit(start) ? path.reversed() : nil
    }
}
