import Foundation
import Testing
import TuskCore

@testable import TuskStore

/// Contents in chunks: what is stored once, what streams, what an append reads back.
@Suite struct ContentTests {
    let repo = Fixture.repo("r")
    let master = Fixture.branch("master")

    /// Bytes that do not repeat within a chunk, so each chunk is distinct.
    static func pattern(_ count: Int, seed: UInt32 = 1) -> [UInt8] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 1_664_525 &+ 1_013_904_223
            return UInt8(truncatingIfNeeded: state >> 24)
        }
    }

    @Test(arguments: [0, 1, 55, 56, 63, 64, 65, 119, 128, 1000, 4097])
    func theStreamingHashIsSHA256(length: Int) {
        let bytes = Self.pattern(length)
        #expect(SHA256Stream.hash(bytes) == ContentHash(of: bytes))
        // Fed in uneven pieces, and saved and resumed halfway, it gives the same digest.
        var stream = SHA256Stream()
        var offset = 0
        var size = 1
        while offset < length {
            stream.update(bytes[offset..<min(length, offset + size)])
            offset += size
            size = size * 3 % 71 + 1
        }
        #expect(stream.finalized() == ContentHash(of: bytes))
        var half = SHA256Stream()
        half.update(bytes[..<(length / 2)])
        let saved = SHA256Stream.Saved(half.saved.bytes)!
        var resumed = SHA256Stream(resuming: saved)
        resumed.update(bytes[Int(saved.count)...])
        #expect(resumed.finalized() == ContentHash(of: bytes))
        #expect(
            SHA256Stream.hash(Array("abc".utf8)).hex
                == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func aLargeFileIsStoredInChunksAndReadBackWhole() throws {
        let store = try Store.inMemory(configuration: StoreConfiguration(chunkSize: 1024))
        try store.createRepo(repo)
        let bytes = Self.pattern(10 * 1024 + 300)
        let commit = try Fixture.commit(store, "r", "master", FileWrite(path: Fixture.path("/big"), bytes: bytes))
        #expect(try store.count("chunk") == 11)
        #expect(commit.size == bytes.count)
        #expect(try store.readFile(repo, commit.id, Fixture.path("/big")) == bytes)
        #expect(try store.files(repo, commit.id)[0].hash == ContentHash(of: bytes))
        var pieces: [Int] = []
        let total = try store.readFile(repo, commit.id, Fixture.path("/big")) { pieces.append($0.count) }
        #expect(total == bytes.count)
        #expect(pieces == Array(repeating: 1024, count: 10) + [300])
    }

    @Test func equalChunksAreStoredOnce() throws {
        let store = try Store.inMemory(configuration: StoreConfiguration(chunkSize: 1024))
        try store.createRepo(repo)
        let block = Self.pattern(1024)
        // Eight equal blocks, then the same file under another name: one chunk in all.
        let bytes = Array([[UInt8]](repeating: block, count: 8).joined())
        try Fixture.commit(
            store, "r", "master", FileWrite(path: Fixture.path("/a"), bytes: bytes),
            FileWrite(path: Fixture.path("/b"), bytes: block))
        #expect(try store.count("chunk") == 1)
        #expect(try store.count("content") == 2)
    }

    @Test func aLocalFileStreamsInAndOut() throws {
        let directory = Fixture.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let source = URL(fileURLWithPath: directory + "/source.bin")
        let bytes = Self.pattern(3 * 1024 * 1024 + 12345)
        try Data(bytes).write(to: source)
        let store = try Store.open(
            directory: directory + "/store", configuration: StoreConfiguration(chunkSize: 64 * 1024))
        try store.createRepo(repo)
        let commit = try Fixture.commit(
            store, "r", "master", FileWrite(path: Fixture.path("/data.bin"), source: .localFile(source)))
        #expect(commit.size == bytes.count)
        #expect(try store.count("chunk") == 49)
        #expect(try store.files(repo, commit.id)[0].hash == ContentHash(of: bytes))

        let target = URL(fileURLWithPath: directory + "/copy.bin")
        #expect(FileManager.default.createFile(atPath: target.path, contents: nil))
        let handle = try FileHandle(forWritingTo: target)
        let written = try store.readFile(repo, commit.id, Fixture.path("/data.bin"), to: handle)
        try handle.close()
        #expect(written == bytes.count)
        #expect(try Data(contentsOf: target) == Data(bytes))
    }

    @Test func anAppendReusesTheWholeChunksAndHashesOnlyTheNewBytes() throws {
        let store = try Store.inMemory(configuration: StoreConfiguration(chunkSize: 1000))
        try store.createRepo(repo)
        let first = Self.pattern(5500, seed: 7)
        try Fixture.commit(store, "r", "master", FileWrite(path: Fixture.path("/log"), bytes: first))
        #expect(try store.count("chunk") == 6)
        let more = Self.pattern(2600, seed: 9)
        let commit = try Fixture.commit(
            store, "r", "master", FileWrite(path: Fixture.path("/log"), bytes: more, append: true))
        // The five whole chunks are shared; the last 500 bytes and the new 2,600 make four more.
        #expect(try store.count("chunk") == 6 + 4)
        #expect(try store.readFile(repo, commit.id, Fixture.path("/log")) == first + more)
        #expect(try store.files(repo, commit.id)[0].hash == ContentHash(of: first + more))
        // An append to an append resumes from the stored hash state again.
        let last = try Fixture.commit(store, "r", "master", Fixture.write("/log", "end", append: true))
        #expect(try store.files(repo, last.id)[0].hash == ContentHash(of: first + more + Array("end".utf8)))
    }

    @Test func aMissingLocalFileIsAnIOErrorThatChangesNothing() throws {
        let store = try Store.inMemory()
        try store.createRepo(repo)
        let error = #expect(throws: StoreError.self) {
            try store.put(
                [
                    Fixture.write("/a", "1"),
                    FileWrite(path: Fixture.path("/b"), source: .localFile(URL(fileURLWithPath: "/nonexistent/x.csv"))),
                ],
                repo: repo, branch: master)
        }
        #expect(error?.kind == .io)
        #expect(error?.message == "cannot read '/nonexistent/x.csv': no such file")
        #expect(try store.listCommits(repo).isEmpty)
        #expect(try store.count("content") == 0)
    }
}
