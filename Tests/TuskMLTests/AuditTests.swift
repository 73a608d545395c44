import Testing

@testable import TuskML

@Suite struct AuditTests {
    /// Reference values: fairlearn 0.13 on the same labels and decisions.
    @Test func groupFairnessMatchesFairlearnAndAIF360() {
        let groups: [Int32] = [0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2]
        let labels: [UInt8] = [1, 1, 0, 0, 1, 1, 0, 0, 1, 0, 1, 0]
        let decisions: [UInt8] = [1, 0, 0, 1, 1, 0, 0, 0, 1, 0, 1, 1]
        let f = GroupFairness(
            codes: groups, levels: ["a", "b", "c"], privileged: 0, labels: labels, decisions: decisions)
        #expect(abs(f.demographicParityDifference - 0.41666666666666663) < 1e-12)
        #expect(abs(f.demographicParityRatio - 0.375) < 1e-12)
        #expect(abs(f.equalOpportunityDifference - 0.5) < 1e-12)
        #expect(abs(f.equalizedOddsDifference - 0.5) < 1e-12)
        // AIF360, privileged a, unprivileged b and c pooled: selection 3/7 against 3/5.
        #expect(abs(f.disparateImpact - (3.0 / 7) / 0.6) < 1e-12)
        #expect(abs(f.statisticalParityDifference - (3.0 / 7 - 0.6)) < 1e-12)
        #expect(abs(f.equalOpportunitySigned) < 1e-12)
        #expect(abs(f.falsePositiveRateSigned - (0.25 - 0.5)) < 1e-12)
    }

    @Test func associationMatchesScipy() {
        // scipy.stats.contingency.association(method="cramer") on this table gives 0.5.
        let a: [Int32] = [0, 0, 0, 0, 1, 1, 1, 1], b: [Int32] = [0, 0, 0, 1, 1, 1, 1, 0]
        #expect(abs(Association.cramersV(a, levelsA: 2, b, levelsB: 2) - 0.5) < 1e-12)
        #expect(Association.correlationRatio([1, 1, 5, 5], groups: [0, 0, 1, 1], levels: 2) == 1)
        #expect(Association.correlationRatio([1, 5, 1, 5], groups: [0, 0, 1, 1], levels: 2) == 0)
    }

    func model(trainedOn population: CensusGenerator.Population) throws -> TrainedModel {
        let data = try LabeledData(
            table: try table(DatasetFiles.table(population, rows: 3000, seed: 11)), target: "income")
        return try Trainer.train(.logistic, on: data, fingerprint: DataFingerprint(source: "t", rows: 3000, sha256: ""))
    }

    @Test func theVendorModelIsFlaggedOnSexAndTheCensusModelFarLess() throws {
        let test = try LabeledData(
            table: try table(DatasetFiles.table(.census, rows: 2000, seed: 12)), target: "income",
            classes: ["<=50K", ">50K"])
        let vendor = try Auditor.audit(try model(trainedOn: .vendor), on: test, protected: ["sex", "race"])
        let census = try Auditor.audit(try model(trainedOn: .census), on: test, protected: ["sex", "race"])
        #expect(!vendor.passed)
        #expect(vendor.biasedFeatures.contains("sex"))
        let vendorSex = vendor.attributes[0], censusSex = census.attributes[0]
        #expect(vendorSex.privileged == "Male")
        #expect(vendorSex.fairness.disparateImpact < 0.2)
        #expect(try #require(vendorSex.flipRate) > 0.3)
        #expect(try #require(censusSex.flipRate) < 0.05)
        #expect(censusSex.fairness.disparateImpact > 2 * vendorSex.fairness.disparateImpact)
        #expect(vendorSex.proxies.first?.feature == "relationship")
        #expect(vendorSex.failures.contains { $0.hasPrefix("flip rate") })
        #expect(!censusSex.failures.contains { $0.hasPrefix("flip rate") })
        #expect(try #require(vendorSex.importance).rank == 1)
        #expect(try #require(censusSex.importance).rank > 5)
    }

    @Test func aModelWithoutTheAttributeHasNoFlipRate() throws {
        let data = try LabeledData(
            table: try table(DatasetFiles.table(.vendor, rows: 1000, seed: 13)), target: "income", exclude: ["sex"])
        let model = try Trainer.train(
            .logistic, on: data, fingerprint: DataFingerprint(source: "t", rows: 1000, sha256: ""))
        let full = try LabeledData(table: data.table, target: "income")
        let audit = try Auditor.audit(model, on: full, protected: ["sex"])
        #expect(audit.attributes[0].flipRate == nil)
        #expect(audit.attributes[0].coefficients.isEmpty)
    }

    @Test func theDataAuditSeesLabelsDrivenBySex() throws {
        let vendor = try LabeledData(
            table: try table(DatasetFiles.table(.vendor, rows: 2000, seed: 14)), target: "income")
        let audit = try Auditor.auditData(vendor, protected: ["sex", "race"], privileged: ["sex": "Male"])
        #expect(!audit.passed)
        #expect(audit.biasedFeatures == ["sex"])
        #expect(audit.attributes[0].disparateImpact < 0.2)
        #expect(audit.attributes[0].rocAUC > 0.7)
        #expect(audit.attributes[1].rocAUC < 0.6)
    }

    @Test func badAttributesAreNamed() throws {
        let data = try LabeledData(table: try table(DatasetFiles.table(.census, rows: 200, seed: 15)), target: "income")
        let missing = #expect(throws: MLError.self) { try Auditor.auditData(data, protected: ["gender"]) }
        #expect(missing?.message == "no protected column 'gender'")
        let numeric = #expect(throws: MLError.self) { try Auditor.auditData(data, protected: ["age"]) }
        #expect(numeric?.message == "protected column 'age' is numeric")
        let group = #expect(throws: MLError.self) {
            try Auditor.auditData(data, protected: ["sex"], privileged: ["sex": "Men"])
        }
        #expect(group?.message == "'Men' is not a group of 'sex' (groups: Female, Male)")
    }
}
