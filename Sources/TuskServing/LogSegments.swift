/// The segments of a deployment's log in which `monitor` looks for where a drift began: the
/// requests of its drift sample cut at every change of release, then each release's run cut into
/// blocks of about equal length.
///
/// Why cut at releases: a release is where the model and the data it was trained on changed, so a
/// segment never mixes two of them, and an onset found at a segment that starts a release's run
/// coincides with that release. Why equal blocks within a release: each block is tested alone
/// against the training data, so blocks of one length are tests of one power, and the first
/// block from which a feature drifts is where its drift began, to within a block. Why at least
/// ``minimumBlock`` requests: a block is a sample of its own, and 500 requests against 8,000
/// training rows detect a Kolmogorov-Smirnov distance of 0.08 at alpha 0.05 / 14; much smaller
/// blocks would call a real shift "no drift". Why at most about
/// ``blocks`` of them: the search then costs that many tests per feature, plus one per change of
/// release, whatever the length of the log.
///
///     let runs = [LogSegments.Run(first: 1, last: 1000, release: 1), .init(first: 1001, last: 2000, release: 2)]
///     LogSegments.split(runs, block: LogSegments.blockSize(span: 2000))
///     // 1–500, 501–1000 (release 1), 1001–1500, 1501–2000 (release 2)
public enum LogSegments {
    /// Consecutive requests of one release, by sequence number, both ends included.
    public struct Run: Sendable, Equatable {
        public let first: Int
        public let last: Int
        public let release: Int

        public init(first: Int, last: Int, release: Int) {
            self.first = first
            self.last = last
            self.release = release
        }
    }

    /// The fewest requests a block holds (a release's run shorter than this is one segment).
    public static let minimumBlock = 500
    /// About how many blocks a sample is cut into, releases aside.
    public static let blocks = 20

    /// The length of a block for a sample spanning `span` requests.
    public static func blockSize(span: Int) -> Int { max(minimumBlock, (span + blocks - 1) / blocks) }

    /// Each run cut into the whole number of blocks nearest its length over `block` (at least one),
    /// of equal length to within a request, in order.
    public static func split(_ runs: [Run], block: Int) -> [Run] {
        runs.flatMap { run -> [Run] in
            let length = run.last - run.first + 1
            guard length > 0 else { return [] }
            let parts = max(1, Int((Double(length) / Double(block)).rounded()))
            return (0..<parts).map { k in
                Run(
                    first: run.first + length * k / parts, last: run.first + length * (k + 1) / parts - 1,
                    release: run.release)
            }
        }
    }

    /// The runs of consecutive requests of one release among `chunks` (in log order), from
    /// sequence number `from` on.
    public static func runs(_ chunks: [(first: Int, count: Int, release: Int)], from: Int) -> [Run] {
        var runs: [Run] = []
        for chunk in chunks where chunk.first + chunk.count > from && chunk.count > 0 {
            let first = max(chunk.first, from), last = chunk.first + chunk.count - 1
            if let previous = runs.last, previous.release == chunk.release, previous.last + 1 == first {
                runs[runs.count - 1] = Run(first: previous.first, last: last, release: chunk.release)
            } else {
                runs.append(Run(first: first, last: last, release: chunk.release))
            }
        }
        return runs
    }
}
