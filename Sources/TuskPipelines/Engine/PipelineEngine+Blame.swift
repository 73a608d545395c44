import TuskCore
import TuskStore

/// Who wrote a file: the commit that last wrote it, the job that made that commit (nil for a
/// commit made by hand) and the data commits the write was computed from.
public struct FileBlame: Sendable, Equatable {
    public let origin: FileOrigin
    public let job: JobRecord?
    /// The commits upstream of the write that were computed from nothing (data put by hand),
    /// following provenance through every pipeline between: for a model, the data it was
    /// trained on. Empty for data put by hand.
    public let data: [CommitAddress]
}

/// Who wrote a run of records of a file (see ``Store/recordOrigins(of:in:at:maxChanges:split:)``).
public struct RecordBlame: Sendable, Equatable {
    public let origin: RecordOrigin
    public let job: JobRecord?
}

extension PipelineEngine {
    /// Each file at or under `path` of `commit`, with the commit that last wrote it, the job
    /// that made that commit and the data commits upstream of the write.
    ///
    /// One origin lookup per file (see ``Store/origins(under:in:at:)``), the job records read
    /// once, and each upstream commit resolved once whatever the number of files that share it.
    public func blame(repo: RepoName, commit: CommitID, path: RepoPath) throws(PipelineError) -> [FileBlame] {
        let jobs = try jobsByOutput()
        do {
            let origins = try store.origins(under: path, in: repo, at: commit)
            var upstream = UpstreamData(store: store)
            return try origins.map { origin throws(StoreError) in
                FileBlame(
                    origin: origin, job: jobs[origin.commit.id.hex], data: try upstream.roots(of: origin.provenance))
            }
        } catch {
            throw .store(error)
        }
    }

    /// The commit and job that wrote each run of records of the file at `path` of `commit`;
    /// nil when `split` cannot cut the file into records (it is not text).
    public func blameRecords(
        repo: RepoName, commit: CommitID, path: RepoPath, split: ([UInt8]) -> [String]?
    ) throws(PipelineError) -> [RecordBlame]? {
        let jobs = try jobsByOutput()
        let runs: [RecordOrigin]?
        do { runs = try store.recordOrigins(of: path, in: repo, at: commit, split: split) } catch {
            throw .store(error)
        }
        return runs?.map { RecordBlame(origin: $0, job: jobs[$0.commit.id.hex]) }
    }

    /// The job that made each output commit (by full commit id): the first that succeeded with it
    /// (a later job on the same inputs reuses the commit, and did not make it).
    public func jobsByOutput() throws(PipelineError) -> [String: JobRecord] {
        var byOutput: [String: JobRecord] = [:]
        for job in try jobRecords().reversed() where job.state == .success {
            if let output = job.output, byOutput[output] == nil { byOutput[output] = job }
        }
        return byOutput
    }
}

/// The data commits upstream of commits, each commit's answer kept for the next file.
private struct UpstreamData {
    let store: Store
    var known: [CommitAddress: [CommitAddress]] = [:]

    mutating func roots(of commits: [CommitAddress]) throws(StoreError) -> [CommitAddress] {
        var found = Set<CommitAddress>()
        for commit in commits { found.formUnion(try roots(of: commit)) }
        return found.sorted()
    }

    private mutating func roots(of commit: CommitAddress) throws(StoreError) -> [CommitAddress] {
        if let answer = known[commit] { return answer }
        // Marked first, so a damaged store with a provenance cycle ends.
        known[commit] = []
        let info = try store.resolve(commit.repo, CommitRef(base: commit.id.hex))
        let answer = info.provenance.isEmpty ? [commit] : try roots(of: info.provenance)
        known[commit] = answer
        return answer
    }
}
