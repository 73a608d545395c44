import Testing

@testable import TuskCore

/// Pachyderm's glob syntax (its ohmyglob library, separator `/`), on paths as a commit has them.
@Suite struct GlobTests {
    func matches(_ pattern: String, _ path: String) throws -> Bool { try Glob(pattern).matches(path) }

    @Test(arguments: [
        // `*` and `?` stay within a segment; `**` is any run of characters, `/` included.
        ("/*", "/train.csv", true), ("/*", "/splits/a.csv", false), ("/*/*", "/splits/a.csv", true),
        ("/?.csv", "/a.csv", true), ("/?.csv", "/ab.csv", false), ("/s?lits/*", "/splits/x", true),
        ("/**", "/a/b/c.csv", true), ("/**.csv", "/a.csv", true), ("/**/*.csv", "/a.csv", false),
        ("/**/*.csv", "/a/b.csv", true), ("/a/**", "/a", false),
        // Classes: lists, ranges, negation with ! or ^, POSIX names.
        ("/[abc].csv", "/b.csv", true), ("/[abc].csv", "/d.csv", false), ("/[a-c]*", "/census", true),
        ("/[!a-c]*", "/census", false), ("/[!a-c]*", "/data", true), ("/[^0-9]*", "/x1", true),
        ("/part[[:digit:]]", "/part7", true), ("/part[[:digit:]]", "/partx", false), ("/[!/]", "/a", true),
        // Alternatives, nested, with wildcards inside.
        ("/{train,test}.csv", "/test.csv", true), ("/{train,test}.csv", "/valid.csv", false),
        ("/{a,b{1,2}}/*", "/b2/x", true), ("/{*.csv,data/*}", "/data/x", true), ("/{*.csv,data/*}", "/x/y.csv", false),
        // Groups, as join and group keys name them; repeated and optional groups.
        ("/STORE(*).txt", "/STORE12.txt", true), ("/STORE(*).txt", "/STORE1/2.txt", false),
        ("/(a|b)-*", "/b-1", true), ("/(a|b)-*", "/c-1", false), ("/x*(ab)", "/xabab", true),
        ("/x+(ab)", "/x", false), ("/x?(ab)y", "/xy", true), ("/@(a|b)", "/a", true),
        // Negation: anything in one segment but the alternatives.
        ("/!(*.tmp)", "/a.csv", true), ("/!(*.tmp)", "/a.tmp", false), ("/!(b)/*", "/a/x", true),
        ("/!(b)/*", "/b/x", false),
        // Escapes and characters that are only special in their place.
        ("/a\\*b", "/a*b", true), ("/a\\*b", "/axb", false), ("/a,b}", "/a,b}", true), ("/x)", "/x)", true),
        ("/a@b+c!d", "/a@b+c!d", true),
    ])
    func matchesAsPachydermDoes(pattern: String, path: String, expected: Bool) throws {
        #expect(try matches(pattern, path) == expected, "\(pattern) on \(path)")
    }

    @Test func groupsAreCounted() throws {
        #expect(try Glob("/(*)-(*).csv").groupCount == 2)
        #expect(try Glob("/{a,b}/*").groupCount == 0)
    }

    @Test(arguments: [
        ("/[abc", "'[' is never closed"), ("/[]", "must name characters"), ("/[z-a]", "reverse order"),
        ("/^(a)", "not a glob group"),
    ])
    func patternsPachydermCannotCompileAreErrors(pattern: String, message: String) throws {
        let error = #expect(throws: GlobError.self) { try Glob(pattern) }
        #expect(error?.message.contains(message) == true, "\(pattern): \(error?.message ?? "")")
    }
}
