import Foundation
import TuskArtifacts
import TuskCore
import TuskStore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension PipelineEngine {
    /// Runs a job, in DAG order, for every pipeline whose input heads moved since its last job.
    /// Jobs left `running` by a process that died are marked `killed` first.
    ///
    /// Ctrl-C (``cancellation``) stops the running job at its next datum, or before its commit:
    /// it commits nothing, stays on record as `killed` (its inputs count as seen, so it does not
    /// start again by itself: `rerun pipeline` runs it), and no later job starts; pipelines whose
    /// inputs moved run after the next command.
    public func sync() throws(PipelineError) -> [JobRecord] {
        try markKilled()
        var ran: [JobRecord] = []
        for record in try records() {
            if isCancelled { break }
            guard let inputs = try heads(of: record), inputs != record.lastInputs else { continue }
            ran += try run(record, on: inputs)
        }
        return ran
    }

    /// Whether Ctrl-C asked the jobs to stop.
    var isCancelled: Bool { cancellation?.isCancelled == true }

    /// Runs `name` again on its inputs' current heads (after a killed or failed job).
    public func rerun(_ name: String) throws(PipelineError) -> [JobRecord] {
        let record = try record(named: name)
        guard let inputs = try heads(of: record) else {
            throw PipelineError(
                .badInput, "pipeline '\(name)' has an input branch with no commit yet", help: "put data on it first")
        }
        var ran = try run(record, on: inputs, reuseJobs: false)
        if !isCancelled { ran += try sync() }
        return ran
    }

    /// The jobs a move of `repo@branch` to `head` would start, and their datums, without running
    /// anything: `create branch … --dry-run`.
    public func plan(moving repo: RepoName, branch: BranchName, to head: CommitID) throws(PipelineError) -> [PlannedJob]
    {
        var planned: [PlannedJob] = []
        var moved: Set<RepoName> = [repo]
        for record in try records() {
            let leaves = record.spec.input.leaves
            guard leaves.contains(where: { moved.contains($0.repo) }) else { continue }
            moved.insert(record.spec.name)
            let direct = leaves.contains { $0.repo == repo && $0.branch == branch }
            var datums: Int?
            if direct, var inputs = try heads(of: record, allowEmpty: true) {
                for (index, leaf) in leaves.enumerated() where leaf.repo == repo && leaf.branch == branch {
                    inputs[index] = JobRecord.Input(repo: repo.rawValue, branch: branch.rawValue, commit: head.hex)
                }
                datums = try self.datums(record.spec.input, inputs: inputs).count
            }
            planned.append(PlannedJob(pipeline: record.spec.name.rawValue, datums: datums, afterUpstream: !direct))
        }
        return planned
    }

    // MARK: - One job

    /// The current heads of a pipeline's inputs, or nil while one has no commit.
    func heads(of record: PipelineRecord, allowEmpty: Bool = false) throws(PipelineError) -> [JobRecord.Input]? {
        var inputs: [JobRecord.Input] = []
        for leaf in record.spec.input.leaves {
            let branches: [BranchInfo]
            do { branches = try store.listBranches(leaf.repo) } catch { throw .store(error) }
            guard let head = branches.first(where: { $0.name == leaf.branch })?.head else {
                if allowEmpty {
                    inputs.append(JobRecord.Input(repo: leaf.repo.rawValue, branch: leaf.branch.rawValue, commit: ""))
                    continue
                }
                return nil
            }
            inputs.append(JobRecord.Input(repo: leaf.repo.rawValue, branch: leaf.branch.rawValue, commit: head.hex))
        }
        return inputs
    }

    func run(_ record: PipelineRecord, on inputs: [JobRecord.Input], reuseJobs: Bool = true) throws(PipelineError)
        -> [JobRecord]
    {
        let number = try nextJobNumber()
        var job = JobRecord(
            id: ContentHash(
                of: Array(
                    "job \(record.spec.name) v\(record.version) #\(number) "
                        .appending(inputs.map { "\($0.repo)@\($0.commit)" }.joined(separator: " ")).utf8)
            ).hex, number: number, pipeline: record.spec.name.rawValue, version: record.version, state: .running,
            inputs: inputs, process: getpid())
        var updated = record
        updated.lastInputs = inputs
        let output = BranchName.master
        let counter = Document(collection: Self.counters, key: Self.jobs, value: Data("\(number)".utf8))
        let seenKey = Self.inputsKey(record, inputs)

        // The same version on the same inputs already succeeded: its output commit, again (a
        // data rollback gives back the same bytes and the same commit ids). One lookup, however
        // many jobs the store holds.
        if reuseJobs, !record.spec.reprocessesEveryJob, let earlier = try succeededJob(seenKey),
            let commit = earlier.output
        {
            job.state = .success
            job.output = commit
            job.process = nil
            job.log = ["inputs seen by job \(earlier.short): its output commit \(commit.prefix(12)) is reused"]
            job.datums = JobRecord.Datums(total: earlier.datums.total, processed: 0, skipped: earlier.datums.total)
            do {
                _ = try store.createBranch(
                    record.spec.name, output, head: CommitRef(base: commit),
                    documents: [try Self.document(job), try Self.document(updated), counter])
            } catch {
                throw .store(error)
            }
            return [job]
        }

        // The job is on record as running before any step runs: a process killed now leaves it
        // visible, to be marked killed and rerun.
        let running = Document(collection: Self.running, key: job.id, value: Data("\(getpid())".utf8))
        do { try store.write(documents: [try Self.document(job), try Self.document(updated), counter, running]) } catch
        {
            throw .store(error)
        }
        defer { try? store.write(documents: [], deleting: [(Self.running, job.id)]) }

        var outputs: [RepoPath: PFSMounts.Output] = [:]
        var datumDocuments: [Document] = []
        var failure: JobFailure?
        let datums = try self.datums(record.spec.input, inputs: inputs)
        job.datums.total = datums.count
        for (index, datum) in datums.enumerated() {
            if isCancelled { return try interrupt(job) }
            let key = Self.datumKey(record, datum)
            let label =
                "datum \(index + 1)/\(datums.count) "
                + datum.keys.sorted().map { name in
                    "\(name):" + Self.describe(datum[name]?.files.keys.map { $0 } ?? [])
                }.joined(separator: " ")
            var written: [RepoPath: PFSMounts.Output]
            if !record.spec.reprocessesEveryJob, let reused = try processedDatum(key) {
                written = [:]
                for (path, hash) in reused.outputs {
                    do throws(NameError) {
                        written[try RepoPath(path)] = .content(ContentHash(hex: hash))
                    } catch {
                        throw .store(.unreadableRecord(Self.datums, key, reason: error.message))
                    }
                }
                job.datums.skipped += 1
                job.log.append("\(label): skipped, processed by job \(reused.job.prefix(12))")
            } else {
                let mounts = PFSMounts(
                    inputs: datum,
                    job: .init(pipeline: record.spec.name.rawValue, id: job.id, deployment: record.spec.deployment))
                do {
                    let lines: [String]
                    if record.spec.collects {
                        lines = Self.collect(mounts)
                    } else if !record.spec.stdin.isEmpty {
                        lines = try runner.run(script: record.spec.scriptLines, mounts: mounts)
                    } else {
                        lines = try runner.run(record.spec.command, mounts: mounts)
                    }
                    written = mounts.outputs
                    job.datums.processed += 1
                    job.log.append("\(label): processed")
                    job.log += lines.map { "  " + $0 }
                } catch {
                    // A step stopped by Ctrl-C (a `train` between trees) did not fail.
                    if isCancelled { return try interrupt(job) }
                    job.datums.failed += 1
                    job.log.append("\(label): failed")
                    job.log += error.lines.map { "  " + $0 }
                    failure = .step(datum: index + 1, error: error.error)
                    break
                }
                var hashes: [String: String] = [:]
                for (path, file) in written {
                    switch file {
                    case .bytes(let bytes): hashes[path.description] = ContentHash(of: bytes).hex
                    case .content(let hash): hashes[path.description] = hash.hex
                    }
                }
                do {
                    datumDocuments.append(
                        try Self.document(DatumRecord(job: job.id, outputs: hashes), in: Self.datums, key: key))
                } catch {
                    throw .store(error)
                }
            }
            for (path, file) in written {
                if outputs[path] != nil && outputs[path] != file {
                    failure = .conflictingWrites(path: path.description)
                    job.log.append("error: two datums wrote \(path) differently")
                    break
                }
                outputs[path] = file
            }
            if failure != nil { break }
        }

        // A step changes nothing but its output (the runner refuses the rest); should one have
        // moved an input of its own pipeline, the job would trigger itself: it fails instead.
        if failure == nil, let now = try heads(of: record, allowEmpty: true), now != inputs {
            let moved = zip(now, inputs).filter { $0 != $1 }.map { "\($0.0.repo)@\($0.0.branch)" }
            failure = .movedOwnInput(branches: moved)
            job.log.append("error: the step moved its own input \(moved.joined(separator: ", "))")
        }
        if let failure {
            job.failure = failure
            return try fail(job, record)
        }
        if isCancelled { return try interrupt(job) }
        job.state = .success
        job.process = nil
        // A collector's file came from one input only: its provenance says which, so lineage
        // from a collected model leads to its training job, not to every companion beside it.
        let collecting = record.spec.collects
        // By mount name: a collector writes each input's files under /pfs/out/NAME/.
        let byRepo = Dictionary(
            zip(record.spec.input.leaves, inputs).compactMap { leaf, input in input.address.map { (leaf.mount, $0) } }
        ) { a, _ in a }
        let writes = outputs.sorted { $0.key < $1.key }.map { path, file in
            switch file {
            case .bytes(let bytes): FileWrite(path: path, bytes: bytes)
            case .content(let hash):
                FileWrite(
                    path: path, source: .content(hash),
                    provenance: collecting ? path.segments.first.flatMap { byRepo[$0] }.map { [$0] } : nil)
            }
        }
        let provenance = inputs.compactMap(\.address)
        let succeeded = Document(collection: Self.succeeded, key: seenKey, value: Data(job.id.utf8))
        datumDocuments.append(succeeded)
        do throws(StoreError) {
            if writes.isEmpty {
                job.log.append("the job wrote no files: no output commit")
                try store.write(documents: [try Self.document(job)] + datumDocuments)
            } else {
                let finished = job
                let result = try store.put(
                    writes, repo: record.spec.name, branch: output, message: "job \(job.short) of \(record.spec.name)",
                    provenance: provenance, documents: datumDocuments,
                    documentsForCommit: { commit throws(StoreError) -> [Document] in
                        var done = finished
                        done.output = commit.hex
                        return [try Self.document(done)]
                    }, cancellation: cancellation)
                if case .committed(let commit) = result { job.output = commit.id.hex }
            }
        } catch {
            if error.kind == .cancelled { return try interrupt(job) }
            throw .store(error)
        }
        return [job]
    }

    /// Records a job Ctrl-C stopped: killed, as Pachyderm's `stop job` leaves one, with no
    /// output commit and no datum recorded; the pipeline's inputs count as seen.
    private func interrupt(_ job: JobRecord) throws(PipelineError) -> [JobRecord] {
        var killed = job
        killed.state = .killed
        killed.process = nil
        killed.output = nil
        killed.failure = .interrupted(datums: job.datums.processed + job.datums.skipped)
        killed.log.append(
            "interrupted (Ctrl-C) after \(job.datums.processed + job.datums.skipped) of \(job.datums.total) datums: "
                + "nothing of it was committed; run the pipeline again to redo it")
        do { try store.write(documents: [try Self.document(killed)]) } catch { throw .store(error) }
        return [killed]
    }

    /// Records a failed job, and an unrunnable one for every pipeline downstream of it.
    private func fail(_ job: JobRecord, _ record: PipelineRecord) throws(PipelineError) -> [JobRecord] {
        var failed = job
        failed.state = .failure
        failed.process = nil
        var records = [failed]
        var number = job.number
        for downstream in try downstream(of: record.spec.name) {
            number += 1
            let inputs = try heads(of: downstream, allowEmpty: true) ?? []
            records.append(
                JobRecord(
                    id: ContentHash(
                        of: Array("job \(downstream.spec.name) v\(downstream.version) #\(number) unrunnable".utf8)
                    ).hex,
                    number: number, pipeline: downstream.spec.name.rawValue, version: downstream.version,
                    state: .unrunnable, inputs: inputs, output: nil, datums: .init(),
                    log: ["upstream job \(job.short) of \(record.spec.name) failed"], process: nil,
                    failure: .upstreamFailed(job: job.id, pipeline: record.spec.name.rawValue)))
        }
        let counter = Document(collection: Self.counters, key: Self.jobs, value: Data("\(number)".utf8))
        do { try store.write(documents: try records.map(Self.document) + [counter]) } catch { throw .store(error) }
        return records
    }

    /// The job that already succeeded on the inputs `key` names, if one did; a record that cannot
    /// be read back fails the run, named, rather than quietly running the job again.
    func succeededJob(_ key: String) throws(PipelineError) -> JobRecord? {
        let marker: Document?
        do { marker = try store.document(in: Self.succeeded, key: key) } catch { throw .store(error) }
        guard let marker else { return nil }
        let id = String(decoding: marker.value, as: UTF8.self)
        let document: Document?
        do { document = try store.document(in: Self.jobs, key: id) } catch { throw .store(error) }
        // The marker of a deleted pipeline's job: no job to reuse.
        guard let document else { return nil }
        return try Self.decode(JobRecord.self, document)
    }

    /// What an earlier job wrote for the datum `key` names, if one processed it; a record that
    /// cannot be read back fails the run, named, rather than quietly processing the datum again.
    func processedDatum(_ key: String) throws(PipelineError) -> DatumRecord? {
        let document: Document?
        do { document = try store.document(in: Self.datums, key: key) } catch { throw .store(error) }
        return try document.map { document throws(PipelineError) in try Self.decode(DatumRecord.self, document) }
    }

    /// Jobs still `running` whose process is gone: killed. Reads only the jobs marked running.
    func markKilled() throws(PipelineError) {
        let markers: [Document]
        do { markers = try store.documents(in: Self.running) } catch { throw .store(error) }
        guard !markers.isEmpty else { return }
        var stale: [JobRecord] = []
        for marker in markers {
            let document: Document?
            do { document = try store.document(in: Self.jobs, key: marker.key) } catch { throw .store(error) }
            // A marker outlives its job only if the job's pipeline was deleted: nothing to mark.
            guard let document else { continue }
            let job = try Self.decode(JobRecord.self, document)
            guard job.state == .running, let process = job.process,
                process != getpid(), kill(process, 0) != 0, errno == ESRCH
            else { continue }
            stale.append(job)
        }
        guard !stale.isEmpty else { return }
        let killed = stale.map { job -> JobRecord in
            var killed = job
            killed.state = .killed
            killed.process = nil
            killed.failure = .processEnded
            killed.log.append(
                "the process running this job ended before it finished; run the pipeline again to redo it")
            return killed
        }
        do {
            try store.write(documents: try killed.map(Self.document), deleting: killed.map { (Self.running, $0.id) })
        } catch {
            throw .store(error)
        }
    }

    /// The next job number, from a counter kept with the jobs.
    func nextJobNumber() throws(PipelineError) -> Int {
        let counter: Document?
        do { counter = try store.document(in: Self.counters, key: Self.jobs) } catch { throw .store(error) }
        return (counter.flatMap { Int(String(decoding: $0.value, as: UTF8.self)) } ?? 0) + 1
    }

    /// What identifies "this version on these inputs", for reusing a whole job.
    static func inputsKey(_ record: PipelineRecord, _ inputs: [JobRecord.Input]) -> String {
        ContentHash(
            of: Array(
                "\(record.spec.name) v\(record.version) \(inputs.map { "\($0.repo)@\($0.commit)" }.joined(separator: " "))"
                    .utf8)
        ).hex
    }

    // MARK: - Datums

    /// The datums of an input on given commits: mount name → the files it shows.
    func datums(_ input: PipelineSpec.Input, inputs: [JobRecord.Input]) throws(PipelineError) -> [[String: PFSMounts
        .Input]]
    {
        var next = 0
        return try datums(input, inputs, &next)
    }

    private func datums(_ input: PipelineSpec.Input, _ inputs: [JobRecord.Input], _ next: inout Int)
        throws(PipelineError) -> [[String: PFSMounts.Input]]
    {
        switch input {
        case .pfs(let pfs):
            let commit = inputs[next].commit
            next += 1
            guard !commit.isEmpty else { return [] }
            let id = CommitID(hex: commit)
            let files: [FileInfo]
            do { files = try store.files(pfs.repo, id) } catch { throw .store(error) }
            var groups: [(RepoPath, [RepoPath: ContentHash])] = []
            if pfs.glob == "/" || pfs.glob.isEmpty {
                groups = [
                    (.root, Dictionary(uniqueKeysWithValues: files.compactMap { f in f.hash.map { (f.path, $0) } }))
                ]
            } else {
                let pattern: GlobPattern
                do { pattern = try GlobPattern(pfs.glob) } catch {
                    throw PipelineError(
                        .invalidSpec, "glob '\(pfs.glob)' of input \(pfs.mount) does not compile: \(error.message)",
                        help: error.help)
                }
                let matches: [FileInfo]
                do { matches = try store.glob(pfs.repo, id, pattern) } catch { throw .store(error) }
                for match in matches {
                    let under = files.filter { $0.path.isWithin(match.path) }
                    groups.append(
                        (
                            match.path,
                            Dictionary(uniqueKeysWithValues: under.compactMap { f in f.hash.map { (f.path, $0) } })
                        ))
                }
            }
            return groups.map { _, files in
                [pfs.mount: PFSMounts.Input(repo: pfs.repo, commit: id, files: files, emptyFiles: pfs.emptyFiles)]
            }
        case .union(let children):
            var all: [[String: PFSMounts.Input]] = []
            for child in children { all += try datums(child, inputs, &next) }
            return all
        case .cross(let children):
            var product: [[String: PFSMounts.Input]] = [[:]]
            for child in children {
                let datums = try datums(child, inputs, &next)
                product = product.flatMap { left in datums.map { right in left.merging(right) { a, _ in a } } }
            }
            return product
        }
    }

    /// What identifies a datum's work: the pipeline version, and each mounted file's path and bytes.
    static func datumKey(_ record: PipelineRecord, _ datum: [String: PFSMounts.Input]) -> String {
        var text = "datum \(record.spec.name) v\(record.version)\n"
        for name in datum.keys.sorted() {
            for (path, hash) in (datum[name]?.files ?? [:]).sorted(by: { $0.key < $1.key }) {
                text += "\(name) \(path) \(hash.hex)\n"
            }
        }
        return ContentHash(of: Array(text.utf8)).hex
    }

    static func describe(_ paths: [RepoPath]) -> String {
        let sorted = paths.sorted()
        if sorted.count <= 2 { return sorted.map(\.description).joined(separator: ",") }
        return "\(sorted[0]),… (\(sorted.count) files)"
    }

    /// The built-in collector: every input file under `/pfs/out/REPO/…`, by reference.
    static func collect(_ mounts: PFSMounts) -> [String] {
        var lines: [String] = []
        for name in mounts.inputs.keys.sorted() {
            guard let input = mounts.inputs[name] else { continue }
            for (path, hash) in input.files.sorted(by: { $0.key < $1.key }) {
                let target = RepoPath.root.appending(name).appendingPath(path)
                mounts.write(.content(hash), to: target)
                lines.append("linked \(target) (\(input.repo)@\(input.commit.short))")
            }
        }
        return lines
    }
}

/// A job a branch move would start.
public struct PlannedJob: Sendable, Equatable {
    public let pipeline: String
    /// How many datums it would process; nil when it would run only after an upstream job.
    public let datums: Int?
    /// Whether it would run because an upstream pipeline's output moves.
    public let afterUpstream: Bool
}

extension RepoPath {
    /// `self` followed by the segments of `other`.
    func appendingPath(_ other: RepoPath) -> RepoPath {
        other.segments.reduce(self) { $0.appending($1) }
    }
}
