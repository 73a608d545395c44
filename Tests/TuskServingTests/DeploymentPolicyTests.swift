import Testing
import TuskCore

@testable import TuskServing

/// The release rules as pure functions: no store, no clock.
@Suite struct DeploymentPolicyTests {
    let one = ModelAddress.fixture("1")
    let two = ModelAddress.fixture("2")
    let three = ModelAddress.fixture("3")

    @Test func releaseRollbackAndHistory() throws {
        var d = Deployment(name: try DeploymentName("production"), seed: 7)
        let nothing = #expect(throws: ServingError.self) { try DeploymentPolicy.rollback(d, to: nil) }
        #expect(nothing?.kind == .nothingReleased)
        d = try DeploymentPolicy.release(d, model: one)
        d = try DeploymentPolicy.release(d, model: two)
        #expect(d.current?.live?.model == two)
        d = try DeploymentPolicy.rollback(d, to: nil)
        #expect(d.current?.live?.model == one)
        #expect(d.current?.number == 3 && d.current?.cause == .rollback(to: 1))
        #expect(d.releases.map(\.number) == [1, 2, 3])
        let error = #expect(throws: ServingError.self) { try DeploymentPolicy.rollback(d, to: 9) }
        #expect(error?.message == "deployment 'production' has no release 9")
    }

    /// What a deploy pipeline does when its branch moves: a release. Moved back to a model an
    /// earlier release served, it is a rollback to that release; moved to a shadow's model, it
    /// promotes the shadow.
    @Test func aReleaseOfAServedModelIsARollbackOrAPromotion() throws {
        let job = Release.Source.pipeline(name: "deploy", job: "j")
        var d = try DeploymentPolicy.release(
            Deployment(name: try DeploymentName("p"), seed: 1), model: one, source: job)
        d = try DeploymentPolicy.release(d, model: two, source: job)
        d = try DeploymentPolicy.shadow(d, model: three)
        d = try DeploymentPolicy.release(d, model: one, source: job)
        #expect(d.current?.cause == .rollback(to: 1) && d.current?.source == job)
        // The shadow started by command stays: the branch drives the live model only.
        #expect(d.current?.predictors.map(\.name.rawValue) == ["live", "shadow-1"])
        d = try DeploymentPolicy.release(d, model: three, source: job)
        #expect(d.current?.cause == .promote(predictor: .fixture("shadow-1")))
        #expect(d.current?.predictors.map(\.name.rawValue) == ["live"] && d.current?.live?.model == three)
        // The latest release that served the model is the one rolled back to.
        d = try DeploymentPolicy.release(d, model: two, source: job)
        d = try DeploymentPolicy.release(d, model: three, source: job)
        #expect(d.current?.cause == .rollback(to: 5))
    }

    @Test func canaryShadowPromoteRetire() throws {
        var d = try DeploymentPolicy.release(Deployment(name: try DeploymentName("p"), seed: 1), model: one)
        d = try DeploymentPolicy.canary(d, model: two, traffic: 10)
        d = try DeploymentPolicy.shadow(d, model: three)
        #expect(d.current?.predictors.map(\.name.rawValue) == ["live", "canary-1", "shadow-1"])
        // A model already served cannot be a canary too; a new one may not take the live model's last 10%.
        let served = #expect(throws: ServingError.self) { try DeploymentPolicy.canary(d, model: three, traffic: 10) }
        #expect(served?.kind == .alreadyServing)
        let four = ModelAddress.fixture("4")
        let tooMuch = #expect(throws: ServingError.self) { try DeploymentPolicy.canary(d, model: four, traffic: 90) }
        #expect(tooMuch?.kind == .badTraffic)
        d = try DeploymentPolicy.promote(d, predictor: .fixture("shadow-1"))
        #expect(d.current?.live?.model == three)
        #expect(d.current?.predictors.map(\.name.rawValue) == ["live", "canary-1"])
        d = try DeploymentPolicy.retire(d, predictor: .fixture("canary-1"))
        #expect(d.current?.predictors.map(\.name.rawValue) == ["live"])
        let error = #expect(throws: ServingError.self) {
            try DeploymentPolicy.retire(d, predictor: .fixture("canary-1"))
        }
        #expect(error?.kind == .noSuchPredictor)
    }

    @Test func routingIsDeterministicAndConvergesToTheWeights() throws {
        var d = try DeploymentPolicy.release(Deployment(name: try DeploymentName("p"), seed: 42), model: one)
        d = try DeploymentPolicy.canary(d, model: two, traffic: 10)
        d = try DeploymentPolicy.shadow(d, model: three)
        let release = try #require(d.current)
        var canary = 0
        for i in 0..<100_000 {
            let routed = try #require(Router.route("request-\(i)", seed: d.seed, release: release))
            if routed.answer.name.rawValue == "canary-1" { canary += 1 }
            #expect(routed.shadows.map(\.name.rawValue) == ["shadow-1"])
            #expect(routed.answer.role != .shadow)
        }
        #expect(abs(Double(canary) / 100_000 - 0.10) < 0.005)
        let first = Router.route("abc", seed: 42, release: release)?.answer.name
        #expect(Router.route("abc", seed: 42, release: release)?.answer.name == first)
        #expect(Router.hash("abc", 42) == Router.hash("abc", 42) && Router.hash("abc", 42) != Router.hash("abc", 43))
    }
}
