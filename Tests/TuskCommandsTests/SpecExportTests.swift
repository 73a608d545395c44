import Foundation
import Testing
import TuskCore
import TuskPipelines

@testable import TuskCommands

/// What `tusk export k8s` writes of input names and stdin scripts, read back as the same spec.
@Suite struct SpecExportTests {
    @Test func namesAndScriptsAreExportedAndReadBack() throws {
        let spec = try SpecParser.parse(
            """
            pipeline: {name: scripted}
            input:
              cross:
                - pfs: {repo: income_data, name: census, glob: "/{train,test}.csv"}
                - pfs: {repo: income_data, name: extra, glob: "/te[a-z]t.csv"}
            transform:
              cmd: [tusk]
              stdin:
                - train logistic on /pfs/census/train.csv --target income -o /pfs/out/model.json
            """, file: "s.yaml")
        let exported = PachydermPipeline(spec, options: .init(image: "tusk:test")).json
        let object = try #require(try JSONSerialization.jsonObject(with: Data(exported.utf8)) as? [String: Any])
        let transform = try #require(object["transform"] as? [String: Any])
        #expect(transform["cmd"] as? [String] == ["tusk"])
        #expect(transform["stdin"] as? [String] == spec.stdin)
        let cross = try #require((object["input"] as? [String: Any])?["cross"] as? [[String: Any]])
        #expect(cross.compactMap { ($0["pfs"] as? [String: Any])?["name"] as? String } == ["census", "extra"])
        #expect(try SpecParser.parse(exported, file: "exported.json") == spec)
    }
}
