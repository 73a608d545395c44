import Testing
import TuskCore

@Suite struct RepoPathTests {
    @Test(arguments: [
        ("/", "/"), ("", "/"), ("/train.csv", "/train.csv"), ("train.csv", "/train.csv"),
        ("//a///b.csv", "/a/b.csv"), ("/a/./b.csv", "/a/b.csv"), ("/a/../b.csv", "/b.csv"), ("/a/b/..", "/a"),
    ])
    func normalizes(input: String, expected: String) throws {
        #expect(try RepoPath(input).description == expected)
    }

    @Test(arguments: ["/..", "/../x", "/a/../../x", ".."])
    func refusesToClimbAboveTheRoot(input: String) {
        #expect(throws: NameError.self) { try RepoPath(input) }
    }

    @Test func knowsWhatLiesWithin() throws {
        #expect(try RepoPath("/a/b.csv").isWithin(RepoPath("/a")))
        #expect(try RepoPath("/a").isWithin(RepoPath("/a")))
        #expect(try !RepoPath("/ab/c").isWithin(RepoPath("/a")))
        #expect(try RepoPath("/x").isWithin(.root))
    }
}

@Suite struct PathLimitTests {
    @Test func aNameOf255BytesAndAPathOf4096AreAccepted() throws {
        let name = String(repeating: "n", count: 255)
        #expect(try RepoPath("/" + name).name == name)
        let deep = Array(repeating: String(repeating: "d", count: 255), count: 16).joined(separator: "/")
        #expect(try RepoPath("/" + deep).description.utf8.count == 4096)
    }

    @Test func longerNamesAndPathsAreRefusedWithAShortMessage() {
        let cases = [
            ("/" + String(repeating: "n", count: 256), "has a name of 256 bytes; at most 255"),
            ("/" + Array(repeating: "dddd", count: 1000).joined(separator: "/") + "/x", "is 5002 bytes; at most 4096"),
            ("/" + String(repeating: "é", count: 128), "has a name of 256 bytes"),
            (String(repeating: "x", count: 1 << 20), "is 1048576 bytes; at most 4096"),
        ]
        for (text, expected) in cases {
            #expect {
                try RepoPath(text)
            } throws: { error in
                let message = (error as? NameError)?.message ?? ""
                return message.contains(expected) && message.count < 140
            }
        }
    }

    @Test func aLongBadNameIsEchoedCut() {
        let long = String(repeating: "x", count: 100_000)
        #expect {
            try RepoName(long)
        } throws: { error in
            let message = (error as? NameError)?.message ?? ""
            return message.contains("longer than 63 characters") && message.count < 140
        }
        #expect {
            try BranchName("a b" + long)
        } throws: { error in ((error as? NameError)?.message.count ?? .max) < 140 }
    }
}

@Suite struct NameTests {
    @Test(arguments: ["income_data", "a", "model-3", "v1.2", "0day"])
    func acceptsGoodNames(name: String) throws {
        #expect(try RepoName(name).rawValue == name)
        #expect(try BranchName(name).rawValue == name)
    }

    @Test(arguments: ["", "bad name", "-x", "_x", "a@b", "a:b", "a/b", "a^", String(repeating: "x", count: 64)])
    func refusesBadNames(name: String) {
        #expect(throws: NameError.self) { try RepoName(name) }
    }
}

@Suite struct CommitRefTests {
    @Test(arguments: [
        ("master", "master", 0), ("master^", "master", 1), ("master^^", "master", 2), ("master^3", "master", 3),
        ("3f2a9c", "3f2a9c", 0), ("master^0", "master", 0),
    ])
    func parsesAncestry(text: String, base: String, ancestors: Int) throws {
        let ref = try #require(CommitRef(parsing: text))
        #expect(ref.base == base)
        #expect(ref.ancestors == ancestors)
    }

    @Test(arguments: ["", "^", "^2", "master^x", "master^^2", "master^-1"])
    func rejectsMalformedRefs(text: String) {
        #expect(CommitRef(parsing: text) == nil)
    }
}
