/// Pieces of text `drift` and `monitor` share.
enum DriftText {
    /// A feature's DRIFT cell: `yes` (a failed check), `no`, or `cannot judge: …` (a warning).
    static func cell(_ cannotJudge: String?, drifted: Bool) -> StyledText {
        if let cannotJudge { return .warn("cannot judge: \(cannotJudge)") }
        return drifted ? .fail("yes") : "no"
    }
}
