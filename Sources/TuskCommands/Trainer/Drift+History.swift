import TuskArtifacts
import TuskCore
import TuskLang
import TuskML
import TuskPipelines
import TuskStore

extension Drift {
    /// When both sides are one file of one repo at two commits, the older an ancestor of the
    /// newer: every version of the file written between them, tested against the reference
    /// with the same test and threshold, and the commit where each drifting feature's last
    /// run of drift began (see ``DriftOnset``). Nil otherwise.
    func history(
        reference old: LoadedTable, exclude: [String], _ context: CommandContext
    ) throws(Diagnostic) -> DriftHistory? {
        guard case .store(let repo, let olderRef, let path?) = reference.location,
            case .store(let dataRepo, let newerRef, let dataPath?) = data.location, repo == dataRepo, path == dataPath
        else { return nil }
        let found = try context.store(data.spans) { store throws(StoreError) -> (commits: Int, writes: [FileOrigin])? in
            let older = try store.resolve(repo, olderRef), newer = try store.resolve(repo, newerRef)
            return try store.writes(of: path, in: repo, after: older.id, through: newer.id)
        }
        guard let found else { return nil }
        let jobs: [String: JobRecord]
        do { jobs = try context.pipelines.jobsByOutput() } catch { throw Diagnose.pipeline(error, at: data.span) }
        let options = try readData.options(in: context)
        var reports: [DriftDetector.Report] = []
        // Prepared once: every version between A and B is tested against it.
        let prepared = DriftDetector.Reference(old.table)
        for write in found.writes {
            try context.checkCancelled()
            let version: LoadedTable
            do {
                version = try context.workspace.loadTable(
                    .store(repo: repo, ref: CommitRef(base: write.commit.id.hex), path: path), options)
            } catch {
                throw Diagnose.artifact(error, data)
            }
            do {
                reports.append(
                    try DriftDetector.compare(
                        reference: prepared, data: version.table,
                        exclude: exclude + [old.schema?.target, version.schema?.target].compactMap { $0 }, alpha: alpha)
                )
            } catch {
                throw Diagnose.data(error, at: data.span)
            }
        }
        let versions = zip(found.writes, reports).map { write, report in
            DriftHistory.Version(
                write, job: jobs[write.commit.id.hex], threshold: report.threshold,
                features: report.features.map {
                    .init(name: $0.name, pValue: $0.pValue, drifted: $0.drifted, cannotJudge: $0.cannotJudge)
                })
        }
        return DriftHistory(
            commits: found.commits, path: path.description, versions: versions,
            onsets: DriftOnset.onsets(reports).map { onset in
                DriftHistory.Onset(
                    feature: onset.feature, version: versions[onset.version], crossings: onset.crossings)
            })
    }
}
