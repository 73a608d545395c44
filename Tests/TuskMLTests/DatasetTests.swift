import Foundation
import Testing

@testable import TuskML

@Suite struct DatasetTests {
    @Test func theCommittedDatasetsRegenerateByteForByte() throws {
        for (name, text) in DatasetFiles.all() {
            let committed = try #require(
                FileManager.default.contents(atPath: "datasets/\(name)"), "datasets/\(name) is missing")
            #expect(
                committed == Data(text.utf8),
                "datasets/\(name) differs from the generator's output; run `make datasets`")
        }
    }

    @Test func theGeneratorIsSeeded() {
        var a = CensusGenerator(.census, seed: 7), b = CensusGenerator(.census, seed: 7),
            c = CensusGenerator(.census, seed: 8)
        let first = (0..<50).map { _ in a.person() }
        #expect(first == (0..<50).map { _ in b.person() })
        #expect(first != (0..<50).map { _ in c.person() })
    }

    @Test func theDatasetsLoadWithTheAdultVocabulary() throws {
        let data = try LabeledData(table: try table(DatasetFiles.table(.census, rows: 400, seed: 1)), target: "income")
        #expect(data.classes == ["<=50K", ">50K"])
        #expect(data.features.map(\.name) == Array(CensusGenerator.columns.dropLast()))
        guard case .categorical(_, let sexes) = data.table.column(named: "sex")?.values else {
            Issue.record("sex is not categorical")
            return
        }
        #expect(sexes == ["Female", "Male"])
    }

    @Test func theVendorLabelFollowsSex() throws {
        func rates(_ population: CensusGenerator.Population) throws -> (female: Double, male: Double) {
            let data = try LabeledData(
                table: try table(DatasetFiles.table(population, rows: 3000, seed: 9)), target: "income")
            guard case .categorical(let codes, let levels)? = data.table.column(named: "sex")?.values else {
                return (0, 0)
            }
            let male = Int32(levels.firstIndex(of: "Male")!)
            var positives = [0, 0], counts = [0, 0]
            for (code, label) in zip(codes, data.labels) {
                let k = code == male ? 1 : 0
                counts[k] += 1
                positives[k] += Int(label)
            }
            return (Double(positives[0]) / Double(counts[0]), Double(positives[1]) / Double(counts[1]))
        }
        let vendor = try rates(.vendor), census = try rates(.census)
        #expect(vendor.female / vendor.male < 0.2)
        #expect(census.female / census.male > 0.5)
    }
}
