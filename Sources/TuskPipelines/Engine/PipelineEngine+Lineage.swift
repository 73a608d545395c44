import TuskCore
import TuskStore

/// One commit on the way from an output back to the data.
public struct LineageStep: Sendable, Equatable, Codable {
    /// 0 for the starting point, then one more per step back.
    public let depth: Int
    public let repo: String
    public let commit: String
    /// The file followed, at the start.
    public let path: String?
    public let message: String
    /// The job that made the commit, when a pipeline did.
    public let job: String?
    public let pipeline: String?
    public let version: Int?
}

extension PipelineEngine {
    /// From a file (or a commit) back to the data commits: each commit, the job and pipeline
    /// version that made it, and what that job read, depth first, each commit once.
    public func lineage(repo: RepoName, commit: CommitID, path: RepoPath?) throws(PipelineError) -> [LineageStep] {
        let byOutput = try jobsByOutput()
        var steps: [LineageStep] = []
        var seen = Set<String>()
        func visit(_ repo: RepoName, _ commit: CommitID, path: RepoPath?, depth: Int) throws(PipelineError) {
            let info: CommitInfo
            var sources: [CommitAddress]
            do {
                if let path {
                    let origin = try store.origin(of: path, in: repo, at: commit)
                    info = origin.commit
                    sources = origin.provenance
                    if sources.isEmpty { sources = info.provenance }
                } else {
                    info = try store.resolve(repo, CommitRef(base: commit.hex))
                    sources = info.provenance
                }
            } catch {
                throw .store(error)
            }
            let job = byOutput[info.id.hex]
            steps.append(
                LineageStep(
                    depth: depth, repo: repo.rawValue, commit: info.id.hex, path: path?.description,
                    message: info.message,
                    job: job?.id, pipeline: job?.pipeline, version: job?.version))
            guard seen.insert(info.id.hex).inserted else { return }
            for source in sources.sorted() { try visit(source.repo, source.id, path: nil, depth: depth + 1) }
        }
        try visit(repo, commit, path: path, depth: 0)
        return steps
    }
}
