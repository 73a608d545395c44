/// Which predictor answers a request: a pure function of the request id, the deployment's seed
/// and the release, so a replay routes every request the same way, and the shares of a large
/// stream converge to the canary weights.
public enum Router {
    /// The predictor whose answer is returned, and the shadows that see the request too.
    public static func route(_ requestID: String, seed: UInt64, release: Release) -> (
        answer: Predictor, shadows: [Predictor]
    )? {
        guard let live = release.live else { return nil }
        let bucket = Int(hash(requestID, seed) % 10_000)
        var start = 0
        var answer = live
        for predictor in release.predictors {
            guard case .canary(let traffic) = predictor.role else { continue }
            let end = start + traffic * 100
            if bucket >= start && bucket < end {
                answer = predictor
                break
            }
            start = end
        }
        return (answer, release.predictors.filter { $0.role == .shadow })
    }

    /// The predictor whose answer is returned: `route`'s answer without gathering the shadows,
    /// for the per-request loop (no allocation).
    public static func answering(_ requestID: String, seed: UInt64, release: Release) -> Predictor? {
        let bucket = Int(hash(requestID, seed) % 10_000)
        var start = 0
        var live: Predictor?
        for predictor in release.predictors {
            switch predictor.role {
            case .live: live = live ?? predictor
            case .canary(let traffic):
                let end = start + traffic * 100
                if bucket >= start && bucket < end { return predictor }
                start = end
            case .shadow: break
            }
        }
        return live
    }

    /// FNV-1a over the seed and the id, then a SplitMix64 finish: stable on every machine.
    static func hash(_ id: String, _ seed: UInt64) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325 ^ seed
        for byte in id.utf8 {
            h ^= UInt64(byte)
            h &*= 0x0000_0100_0000_01b3
        }
        h ^= h >> 30
        h &*= 0xbf58_476d_1ce4_e5b9
        h ^= h >> 27
        h &*= 0x94d0_49bb_1331_11eb
        return h ^ (h >> 31)
    }
}
