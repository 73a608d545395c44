import Foundation
import Testing
import TuskCore
import TuskML
import TuskStore

@testable import TuskArtifacts

@Suite struct WorkspaceTests {
    let directory: String
    let store: Store
    let workspace: Workspace

    init() throws {
        directory =
            FileManager.default.temporaryDirectory.appendingPathComponent("tusk-artifacts-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        store = try Store.open(directory: directory + "/.tusk")
        workspace = Workspace(
            store: store, files: LocalFiles(baseDirectory: directory, protectedDirectories: [directory + "/.tusk"]))
        try store.createRepo(RepoName("data"))
        var csv = "x,y\n"
        for i in 0..<40 { csv += "\(i),\(i % 4 == 0 ? "yes" : "no")\n" }
        try store.put(
            [FileWrite(path: RepoPath("/train.csv"), bytes: Array(csv.utf8))], repo: RepoName("data"),
            branch: BranchName("master"))
    }

    /// Pachyderm's `empty_files`: a step sees the input's files by name, each empty.
    @Test func anEmptyFilesInputReadsAsEmpty() throws {
        let data = try RepoName("data")
        let head = try store.resolve(data, CommitRef(base: "master"))
        let files = Dictionary(
            uniqueKeysWithValues: try store.files(data, head.id).compactMap { f in f.hash.map { (f.path, $0) } })
        for empty in [false, true] {
            let mounts = PFSMounts(inputs: ["data": .init(repo: data, commit: head.id, files: files, emptyFiles: empty)]
            )
            let step = Workspace(store: store, files: workspace.files, mounts: mounts)
            let read = try step.read(.local("/pfs/data/train.csv"))
            #expect(read.bytes.isEmpty == empty)
        }
    }

    @Test func outputsNeverLandInTheStoresDirectory() throws {
        let error = #expect(throws: ArtifactError.self) {
            try workspace.write([1, 2, 3], to: .local(".tusk/store.sqlite"), provenance: [], message: "")
        }
        guard case .localFile(let file)? = error else {
            Issue.record("not a local file error: \(String(describing: error))")
            return
        }
        #expect(file.kind == .insideStore)
        // The store still opens and holds its commit.
        #expect(try Store.open(directory: directory + "/.tusk").listCommits(RepoName("data")).count == 1)
    }

    /// Another store's files (not the one in use) are refused as well: found by its database.
    @Test(arguments: ["store.sqlite", "store.sqlite-wal", "store.sqlite-shm", "store.lock", "history", "new.json"])
    func outputsNeverLandInAnotherStoresDirectory(name: String) throws {
        let other = try Store.open(directory: directory + "/other")
        try other.createRepo(RepoName("kept"))
        let before = try Data(contentsOf: URL(fileURLWithPath: directory + "/other/store.sqlite"))
        for path in ["other/\(name)", directory + "/other/\(name)", "./other/../other/\(name)"] {
            let error = #expect(throws: ArtifactError.self) {
                try workspace.write([1, 2, 3], to: .local(path), provenance: [], message: "")
            }
            guard case .localFile(let file)? = error else {
                Issue.record("not a local file error: \(String(describing: error))")
                continue
            }
            #expect(file.kind == .insideStore)
            #expect(file.message.contains("inside a tusk store's directory"), "\(file.message)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: directory + "/other/store.sqlite")) == before)
        #expect(try Store.open(directory: directory + "/other").listRepos().map(\.name.rawValue) == ["kept"])
    }

    @Test func anExistingFileIsReplacedAndSaysSo() throws {
        let first = try workspace.write([1], to: .local("out.bin"), provenance: [], message: "")
        let second = try workspace.write([2, 3], to: .local("out.bin"), provenance: [], message: "")
        #expect(first.kind == .wroteFile && second.kind == .replacedFile)
        #expect(FileManager.default.contents(atPath: directory + "/out.bin") == Data([2, 3]))
    }

    @Test func storeOutputsRecordTheirProvenance() throws {
        let data = try workspace.loadTable(
            .store(repo: RepoName("data"), ref: CommitRef(base: "master"), path: RepoPath("/train.csv")), ReadOptions(),
            label: "y")
        #expect(data.table.rowCount == 40)
        let source = try #require(data.source.commit)
        let receipt = try workspace.write(
            Array("p\n".utf8),
            to: .store(repo: RepoName("data"), ref: CommitRef(base: "master"), path: RepoPath("/p.csv")),
            provenance: [source], message: "predict")
        #expect(receipt.kind == .committed)
        #expect(try store.resolve(RepoName("data"), CommitRef(base: "master")).provenance == [source])
    }

    @Test func errorsKeepTheEnginesKinds() throws {
        let repo = try RepoName("data")
        let missing = #expect(throws: ArtifactError.self) { try workspace.read(.local("nope.csv")) }
        if case .localFile(let file)? = missing {
            #expect(file.kind == .notFound)
        } else {
            Issue.record("\(String(describing: missing))")
        }
        let noPath = #expect(throws: ArtifactError.self) {
            try workspace.read(.store(repo: repo, ref: CommitRef(base: "master"), path: nil))
        }
        #expect(noPath == .noFilePath(repo: repo, ref: CommitRef(base: "master"), reading: true))
        let badBranch = #expect(throws: ArtifactError.self) {
            try workspace.write(
                [1], to: .store(repo: repo, ref: CommitRef(base: "master", ancestors: 1), path: nil), provenance: [],
                message: "")
        }
        #expect(badBranch == .outputNeedsBranch)
        let notAModel = #expect(throws: ArtifactError.self) {
            try workspace.loadModel(.store(repo: repo, ref: CommitRef(base: "master"), path: RepoPath("/train.csv")))
        }
        if case .data(let error)? = notAModel {
            #expect(error.kind == .invalidModel)
        } else {
            Issue.record("\(String(describing: notAModel))")
        }
        let unknownColumn = #expect(throws: MLError.self) {
            let data = try workspace.loadTable(
                .store(repo: repo, ref: CommitRef(base: "master"), path: RepoPath("/train.csv")), ReadOptions())
            _ = try LabeledData(table: data.table, target: "z")
        }
        #expect(unknownColumn?.subject == .column("z"))
    }

    /// A model trained on a headerless file with `--schema uci-adult` records that layout; data
    /// read for it without options is read with it when it is the same file, or a file of the
    /// same width that looks headerless, and an error names the layout otherwise.
    @Test func dataReadForAModelTakesItsTrainingLayout() throws {
        let rows = [
            "39, State-gov, 77516, Bachelors, 13, Never-married, Adm-clerical, Not-in-family, White, Male, 2174, 0, 40, United-States, <=50K",
            "50, Self-emp-not-inc, 83311, Bachelors, 13, Married-civ-spouse, Exec-managerial, Husband, White, Male, 0, 0, 13, United-States, >50K",
            "38, Private, 215646, HS-grad, 9, Divorced, Handlers-cleaners, Not-in-family, White, Male, 0, 0, 40, United-States, <=50K",
            "53, State-gov, 234721, 11th, 7, Married-civ-spouse, Handlers-cleaners, Husband, Black, Male, 0, 0, 40, United-States, >50K",
        ]
        let adult = Array((rows.joined(separator: "\n") + "\n").utf8)
        _ = try files.write(adult, to: "adult.data")
        _ = try files.write(Array((rows.reversed().joined(separator: "\n") + "\n").utf8), to: "adult.test")
        _ = try files.write(Array("39, State-gov, 77516\n50, Private, 83311\n38, Private, 1\n".utf8), to: "narrow.data")
        let fingerprint = DataFingerprint(
            source: "adult.data", rows: 4, sha256: ContentHash(of: adult).hex, layout: DataLayout(schema: "uci-adult"))

        // Without the model, the file is refused as headerless, naming the layout that fits.
        let refused = #expect(throws: ArtifactError.self) {
            try workspace.loadTable(.local("adult.data"), ReadOptions())
        }
        guard case .data(let plain)? = refused else {
            Issue.record("the headerless file was not refused as data: \(String(describing: refused))")
            return
        }
        #expect(plain.subject == .headerlessFile(columns: 15))

        for name in ["adult.data", "adult.test"] {
            let loaded = try workspace.loadTable(.local(name), ReadOptions(), trainedOn: fingerprint)
            #expect(loaded.table.rowCount == 4)
            #expect(loaded.table.column(named: "income") != nil)
        }
        let narrow = #expect(throws: ArtifactError.self) {
            try workspace.loadTable(.local("narrow.data"), ReadOptions(), trainedOn: fingerprint)
        }
        guard case .data(let error)? = narrow else {
            Issue.record("the narrow file was not refused as data: \(String(describing: narrow))")
            return
        }
        #expect(error.help == "read it as the model's training data was read")
        #expect(error.remedy == .trainingLayout(DataLayout(schema: "uci-adult"), otherwise: .readLayout(known: [])))
    }

    var files: LocalFiles { workspace.files }
}
