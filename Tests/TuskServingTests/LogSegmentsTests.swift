import Testing

@testable import TuskServing

/// How `monitor` cuts its drift sample for the onset search.
@Suite struct LogSegmentsTests {
    @Test func chunksOfOneReleaseMakeOneRunAndTheSampleStartCutsTheFirst() {
        let chunks = [(first: 1, count: 300, release: 1), (301, 700, 1), (1001, 10, 2), (1011, 990, 2), (2001, 5, 3)]
        #expect(
            LogSegments.runs(chunks, from: 101) == [
                .init(first: 101, last: 1000, release: 1), .init(first: 1001, last: 2000, release: 2),
                .init(first: 2001, last: 2005, release: 3),
            ])
        // A release that comes back (a rollback is a new release, but a gap is not a run).
        #expect(LogSegments.runs([(1, 10, 1), (11, 10, 2), (21, 10, 1)], from: 1).map(\.release) == [1, 2, 1])
    }

    @Test func blocksAreAtLeast500AndAboutTwentyToASample() {
        #expect(LogSegments.blockSize(span: 2000) == 500)
        #expect(LogSegments.blockSize(span: 100_000) == 5000)
        #expect(LogSegments.blockSize(span: 100_001) == 5001)
    }

    @Test func eachRunIsCutIntoTheNearestWholeNumberOfEqualBlocks() {
        let cut = LogSegments.split(
            [
                .init(first: 1, last: 1000, release: 1), .init(first: 1001, last: 2300, release: 2),
                .init(first: 2301, last: 2310, release: 3),
            ], block: 500)
        #expect(cut.map(\.first) == [1, 501, 1001, 1434, 1867, 2301])
        #expect(cut.map(\.last) == [500, 1000, 1433, 1866, 2300, 2310])
        #expect(cut.map(\.release) == [1, 1, 2, 2, 2, 3])
        // Contiguous, every request in exactly one segment.
        #expect(zip(cut, cut.dropFirst()).allSatisfy { $0.last + 1 == $1.first })
    }
}
