extension MonitorReport {
    /// Where in the log each drifting feature began to drift: the drift sample cut into segments
    /// (``LogSegments``), each tested against the same training data with the same tests and
    /// Bonferroni correction as the whole window, and each drifting feature's onset found as
    /// `drift`'s history finds it (``DriftOnset``): the first segment of the last unbroken run of
    /// segments in which it drifts.
    public struct OnsetSearch: Sendable, Codable {
        /// One segment of the log and its drift figures (nil, with the reason, when it holds too
        /// few distinct requests to be tested).
        public struct Segment: Sendable, Codable {
            public let first: Int
            public let last: Int
            public let release: Int
            public let cannotJudge: String?
            public let report: DriftFigures?
        }

        /// Where a drifting feature's drift began, and what was serving then.
        public struct Onset: Sendable, Codable {
            public let feature: String
            /// The sequence number of the first request of the segment where it began.
            public let log: Int
            /// Its index in ``OnsetSearch/segments``.
            public let segment: Int
            /// The feature's p-value in that segment.
            public let pValue: Double
            /// How many times it went from no drift to drift over the tested segments (more than
            /// 1: it fell back and crossed again; the onset is the last crossing).
            public let crossings: Int
            /// The release serving at the onset, and whether the onset's segment starts at that
            /// release's first request (the drift began with the release).
            public let release: Int
            public let atRelease: Bool
            /// That release's live model (`repo@commit:/path`) and the data it was trained on.
            public let model: String?
            public let trainedOn: TrainingDataLocation?
        }

        /// The requests searched: the drift sample's first and last sequence numbers.
        public let first: Int
        public let last: Int
        /// The length of a block within a release's run (``LogSegments/blockSize(span:)``).
        public let block: Int
        public let segments: [Segment]
        /// One per feature that drifts in the window and in the last tested segment, in the
        /// window report's order.
        public let onsets: [Onset]
        /// The features that drift in the window but not in its last tested segment alone: no
        /// segment from which they drift through the end.
        public let unplaced: [String]
    }
}
