import Foundation
import Testing
import TuskCore

@testable import TuskStore

/// The layered trees against a plain dictionary model: hundreds of commits on several branches
/// (so depths cross many powers of two and bases), moved heads, open commits, appends and
/// refused writes. Every commit's files must be exactly the model's at that point.
@Suite struct TreeLayerTests {
    /// A small deterministic generator (64-bit LCG), so a failure replays exactly.
    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    typealias Model = [RepoPath: [UInt8]]

    static let directories = ["a", "b", "c"]
    static let files = ["f0", "f1", "f2.csv", "f3", "f4"]

    /// Mostly files in directories; now and then a path that collides (a directory written as a
    /// file, or a file below a file), which the store must refuse as the model does.
    static func randomPath(_ random: inout Generator) -> RepoPath {
        var segments = (0..<random.next(3)).map { _ in directories[random.next(directories.count)] }
        switch random.next(15) {
        case 0: if segments.isEmpty { segments = ["a"] }
        case 1: segments += [files[random.next(files.count)], "x"]
        default: segments.append(files[random.next(files.count)])
        }
        return try! RepoPath("/" + segments.joined(separator: "/"))
    }

    /// What the model says a write does: the new tree, or the kind of error the store must raise.
    static func apply(_ write: FileWrite, to tree: inout Model) -> StoreError.Kind? {
        if write.path.isRoot { return .rootIsNotAFile }
        for depth in 1..<write.path.segments.count {
            let ancestor = try! RepoPath("/" + write.path.segments.prefix(depth).joined(separator: "/"))
            if tree[ancestor] != nil { return .underFile }
        }
        if tree.keys.contains(where: { $0 != write.path && $0.isWithin(write.path) }) { return .isDirectory }
        tree[write.path] = (write.append ? tree[write.path] ?? [] : []) + write.bytes
        return nil
    }

    @Test(arguments: [1, 2, 3]) func layeredTreesMatchAPlainModel(seed: UInt64) throws {
        var random = Generator(state: seed)
        let store = try Store.inMemory(configuration: StoreConfiguration(chunkSize: 64))
        let repo = Fixture.repo("r")
        try store.createRepo(repo)
        let branches = ["master", "dev", "side"].map(Fixture.branch)
        for branch in branches.dropFirst() { try store.createBranch(repo, branch) }
        var heads: [BranchName: Model] = [:]
        var snapshots: [CommitID: Model] = [:]
        var open: [BranchName: Model] = [:]
        var refusals: Set<StoreError.Kind> = []

        for step in 0..<600 {
            let branch = branches[random.next(branches.count)]
            let action = random.next(20)
            if action == 0 {
                // Move the branch to another branch's head (deferred processing).
                let other = branches[random.next(branches.count)]
                guard open[branch] == nil, heads[other] != nil else { continue }
                try store.createBranch(repo, branch, head: CommitRef(base: other.rawValue))
                heads[branch] = heads[other]
            } else if action == 1, open[branch] == nil {
                try store.startCommit(repo, branch, message: "open \(step)")
                open[branch] = heads[branch] ?? [:]
            } else if action == 2, let staged = open[branch] {
                let commit = try store.finishCommit(repo, branch)
                heads[branch] = staged
                open[branch] = nil
                snapshots[commit.id] = staged
                #expect(commit.fileCount == staged.count)
                #expect(commit.size == staged.values.reduce(0) { $0 + $1.count })
            } else {
                let writes = (0..<(1 + random.next(3))).map { n in
                    FileWrite(
                        path: Self.randomPath(&random),
                        bytes: Array(repeating: UInt8(truncatingIfNeeded: step), count: random.next(150)),
                        append: random.next(3) == 0)
                }
                var expected = open[branch] ?? heads[branch] ?? [:]
                let failure = writes.lazy.compactMap { Self.apply($0, to: &expected) }.first
                do {
                    let result = try store.put(writes, repo: repo, branch: branch, message: "step \(step)")
                    #expect(failure == nil, "step \(step): the store accepted what the model refuses")
                    switch result {
                    case .committed(let commit):
                        heads[branch] = expected
                        snapshots[commit.id] = expected
                    case .staged(_, _, let files):
                        open[branch] = expected
                        #expect(files == expected.count)
                    }
                } catch {
                    #expect(error.kind == failure, "step \(step): \(error)")
                    refusals.insert(error.kind)
                }
            }
        }
        #expect(snapshots.count > 150)
        #expect(refusals.contains(.underFile) && refusals.contains(.isDirectory))
        for (id, model) in snapshots {
            let files = try store.files(repo, id)
            #expect(files.map(\.path) == model.keys.sorted(), "commit \(id.short)")
            for file in files { #expect(file.hash == ContentHash(of: model[file.path]!)) }
            let info = try store.resolve(repo, CommitRef(base: id.hex))
            #expect(info.fileCount == model.count)
            #expect(info.size == model.values.reduce(0) { $0 + $1.count })
            for path in model.keys.sorted().prefix(3) { #expect(try store.readFile(repo, id, path) == model[path]) }
            let root = try store.listFiles(repo, id)
            let children = Set(model.keys.map { "/" + $0.segments[0] })
            #expect(root.map(\.path.description) == children.sorted())
            for entry in root where entry.kind == .dir {
                let below = model.filter { $0.key.isWithin(entry.path) }
                #expect(entry.size == below.values.reduce(0) { $0 + $1.count })
            }
        }
    }

    @Test func aCommitCopiesOnlyWhatItsLayerNeeds() throws {
        // 64 one-file commits: layers hold each entry O(log n) times, not once per commit.
        let store = try Store.inMemory()
        let repo = Fixture.repo("r")
        try store.createRepo(repo)
        for n in 0..<64 { try Fixture.commit(store, "r", "master", Fixture.write("/f\(n)", "\(n)")) }
        let entries = try store.count("entry")
        // A full copy per commit would be 1 + 2 + … + 64 = 2,080 rows; skip-deltas keep 64 × (1 + log2 64 / 2) = 256.
        #expect(entries == 256)
        let head = try store.resolve(repo, CommitRef(base: "master"))
        #expect(head.fileCount == 64)
        #expect(try store.readFile(repo, head.id, Fixture.path("/f0")) == Array("0".utf8))
    }
}
