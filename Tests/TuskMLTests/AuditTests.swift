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
        #expect(audit.attributes[0].flip == .notAFeature)
        #expect(audit.attributes[0].reliance == Judgement(.pass, ["sex is not a feature of the model"]))
        #expect(audit.attributes[0].coefficients.isEmpty)
    }

    /// Data with one group of the attribute: no outcome gap can be measured, so the verdict is not
    /// a pass; the flip rate still is, swapping to the other group the model knows.
    @Test func anAttributeWithOneGroupCannotBeJudged() throws {
        let all = try LabeledData(
            table: try table(DatasetFiles.table(.census, rows: 1500, seed: 16)), target: "income")
        let model = try Trainer.train(
            .logistic, on: all, fingerprint: DataFingerprint(source: "t", rows: 1500, sha256: ""))
        guard case .categorical(let codes, let levels)? = all.table.column(named: "sex")?.values else {
            Issue.record("sex should be categorical")
            return
        }
        let male = Int32(try #require(levels.firstIndex(of: "Male")))
        let men = try LabeledData(
            table: all.table.rows(codes.indices.filter { codes[$0] == male }), target: "income",
            classes: model.classes)
        var thresholds = FairnessThresholds()
        thresholds.maxFlipRate = 0.1
        let audit = try Auditor.audit(model, on: men, protected: ["sex"], thresholds: thresholds)
        let sex = audit.attributes[0]
        #expect(sex.outcomes == Judgement(.cannotJudge, ["sex has one group in the data (Male): nothing to compare"]))
        #expect(sex.comparisons.isEmpty)
        // Men swapped to Female, the other group the model knows: about 6% of decisions change.
        #expect(abs(try #require(sex.flipRate) - 0.0619) < 0.0001)
        #expect(sex.reliance == Judgement(.pass, ["flip rate 0.0619 <= 0.1"]))
        #expect(audit.verdict == .cannotJudge)
        #expect(!audit.passed)
    }

    func group(_ name: String, _ rows: Int, selection: Double, tpr: Double, fpr: Double = 0.1) -> GroupStatistics {
        GroupStatistics(
            group: name, count: rows, baseRate: 0.3, selectionRate: selection, truePositiveRate: tpr,
            falsePositiveRate: fpr)
    }

    /// Pooling every group but the privileged one hid a gap (B against A) behind a group that is
    /// selected more (C); each group is now judged against the privileged one, and tiny groups not at all.
    @Test func eachGroupIsJudgedAgainstThePrivilegedOne() {
        let groups = [
            group("A", 500, selection: 0.5, tpr: 0.8), group("B", 100, selection: 0.3, tpr: 0.78),
            group("C", 300, selection: 0.7, tpr: 0.85), group("D", 12, selection: 0.0, tpr: 0.0),
        ]
        let judged = Auditor.judgeOutcomes(groups, attribute: "race", privileged: "A", FairnessThresholds())
        #expect(judged.comparisons.map(\.group) == ["B", "C"])
        #expect(abs(judged.comparisons[0].selectionRatio - 0.6) < 1e-12)
        #expect(judged.tooSmall.map(\.group) == ["D"])
        #expect(judged.judgement == Judgement(.fail, ["selection ratio of B 0.6000 < 0.8"]))
        var thresholds = FairnessThresholds()
        thresholds.minGroupSize = 10
        let all = Auditor.judgeOutcomes(groups, attribute: "race", privileged: "A", thresholds)
        #expect(all.judgement.reasons.contains("TPR gap of D -0.8000 beyond ±0.1"))
    }

    @Test(arguments: [
        (
            [("A", 500), ("B", 20)], "A", "no group but A has at least 30 rows: nothing to compare"
        ),
        ([("A", 20), ("B", 500)], "A", "the privileged group A has 20 rows, fewer than 30"),
        ([("A", 500)], "A", "race has one group in the data (A): nothing to compare"),
    ])
    func saysWhyItCannotJudge(sizes: [(String, Int)], privileged: String, reason: String) {
        let groups = sizes.map { group($0.0, $0.1, selection: 0.5, tpr: 0.5) }
        let judged = Auditor.judgeOutcomes(groups, attribute: "race", privileged: privileged, FairnessThresholds())
        #expect(judged.judgement == Judgement(.cannotJudge, [reason]))
    }

    @Test func anUndefinedGapCannotBeJudgedUnlessSomethingFails() {
        let groups = [group("A", 100, selection: 0.5, tpr: 0.6), group("B", 40, selection: 0.45, tpr: .nan)]
        let judged = Auditor.judgeOutcomes(groups, attribute: "race", privileged: "A", FairnessThresholds())
        #expect(
            judged.judgement
                == Judgement(.cannotJudge, ["TPR gap of B undefined: no positive rows in B or A"]))
    }

    @Test func theDataAuditSeesLabelsDrivenBySex() throws {
        let vendor = try LabeledData(
            table: try table(DatasetFiles.table(.vendor, rows: 2000, seed: 14)), target: "income")
        let audit = try Auditor.auditData(vendor, protected: ["sex", "race"], privileged: ["sex": "Male"])
        #expect(!audit.passed)
        #expect(audit.biasedFeatures == ["sex"])
        #expect(audit.attributes[0].disparateImpact < 0.2)
        #expect(audit.attributes[0].judgement.reasons.first?.hasPrefix("label base rate ratio of Female 0.") == true)
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

    @Test func aDataAuditOfOneGroupCannotBeJudged() throws {
        let data = try LabeledData(
            table: try table("sex,x,y\nMale,1,yes\nMale,2,no\nMale,3,yes\n"), target: "y")
        let audit = try Auditor.auditData(data, protected: ["sex"])
        #expect(audit.attributes[0].judgement.outcome == .cannotJudge)
        #expect(audit.verdict == .cannotJudge && !audit.passed)
        let empty = #expect(throws: MLError.self) {
            try Auditor.auditData(
                try LabeledData(table: try table("sex,y\n?,yes\n?,no\n"), target: "y"), protected: ["sex"])
        }
        #expect(empty?.message == "protected column 'sex' has no values")
    }
}
