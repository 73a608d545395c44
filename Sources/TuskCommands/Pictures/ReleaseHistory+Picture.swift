extension ReleaseHistory: Drawable {
    /// The releases as a timeline: one lane per model that was live, a dot per release in the
    /// lane of its live model, joined in order (a rollback jumps back to an earlier lane), with
    /// what each release changed, who made it and what else served beside the live model.
    public var pictures: [Picture] { releases.isEmpty ? [] : [picture] }

    /// What `history D --svg FILE` writes.
    public var picture: Picture {
        var lanes: [String] = []
        for entry in releases where !lanes.contains(entry.liveText) { lanes.append(entry.liveText) }
        let laneHeight = 30.0, column = 124.0, top = 58.0
        let labelWidth = min(330, (lanes.map { SVGCanvas.width(of: $0, size: 11, mono: true) }.max() ?? 0) + 34)
        let left = 12 + labelWidth
        let lanesBottom = top + Double(lanes.count) * laneHeight
        let notes = releases.map(Self.notes)
        let noteLines = notes.map(\.count).max() ?? 0
        let caption = "Releases of \(deployment): the live model of each release"
        var canvas = SVGCanvas(
            width: max(left + Double(releases.count) * column + 12, SVGCanvas.width(of: caption, size: 13) + 24),
            height: lanesBottom + 20 + Double(noteLines) * 14 + 10)
        canvas.text(caption, x: 12, y: 22, size: 13, bold: true)
        canvas.text("release", x: left - 10, y: top - 12, size: 11, anchor: .end, fill: Palette.muted)
        for (i, lane) in lanes.enumerated() {
            let y = top + Double(i) * laneHeight + laneHeight / 2
            let color = Palette.models[i % Palette.models.count]
            canvas.rect(
                x: 12, y: y - laneHeight / 2 + 2, width: canvas.width - 24, height: laneHeight - 4, fill: color,
                radius: 4, opacity: 0.08)
            canvas.circle(cx: 24, cy: y, r: 5, fill: color)
            canvas.text(
                SVGCanvas.fitting(lane, width: labelWidth - 30, size: 11, mono: true), x: 36, y: y + 4, size: 11,
                mono: true)
        }
        func center(_ i: Int) -> (x: Double, y: Double) {
            let lane = lanes.firstIndex(of: releases[i].liveText) ?? 0
            return (left + (Double(i) + 0.5) * column, top + Double(lane) * laneHeight + laneHeight / 2)
        }
        if releases.count > 1 {
            let points = releases.indices.map(center)
            let n = { SVGCanvas.number($0, places: 1) }
            canvas.path(
                "M " + points.map { n($0.x) + " " + n($0.y) }.joined(separator: " L "), stroke: Palette.muted,
                width: 2)
        }
        for (i, entry) in releases.enumerated() {
            let (x, y) = center(i)
            let lane = lanes.firstIndex(of: entry.liveText) ?? 0
            canvas.text(String(entry.release), x: x, y: top - 12, size: 11, anchor: .middle, bold: true)
            canvas.line(x1: x, y1: top - 6, x2: x, y2: lanesBottom + 4, stroke: Palette.grid)
            canvas.circle(
                cx: x, cy: y, r: 8, fill: entry.others.isEmpty ? Palette.models[lane % Palette.models.count] : "#fff",
                stroke: Palette.models[lane % Palette.models.count])
            for (k, note) in notes[i].enumerated() {
                canvas.text(
                    SVGCanvas.fitting(note.text, width: column - 6, size: 11), x: x,
                    y: lanesBottom + 20 + Double(k) * 14,
                    size: 11, anchor: .middle, bold: k == 0, fill: note.color)
            }
        }
        return canvas.picture(title: "release history of \(deployment)")
    }

    /// Under each release: what it did (`canary`, `at 25%`), who did it, what else served.
    static func notes(_ entry: Entry) -> [(text: String, color: String)] {
        // The change names its model in full, and the lane already shows the live one.
        let words = entry.change.description.split(separator: " ").filter { !$0.contains("@") }
        var notes = [(String(words.first ?? ""), Palette.ink)]
        if words.count > 1 { notes.append((words.dropFirst().joined(separator: " "), Palette.ink)) }
        // `pipeline deploy_production (job 9920d12b6b21)`: the pipeline's name, without the job.
        let by = entry.by.description.split(separator: " ")
        notes.append(("by " + (by.first.map(String.init) ?? ""), Palette.muted))
        if by.count > 1 { notes.append((String(by[1]), Palette.muted)) }
        // `canary-1 (25%)` → `+ canary-1 25%`; `shadow-1` → `+ shadow-1`.
        for other in entry.others {
            let name = other.split(separator: " ").first.map(String.init) ?? other
            let share =
                other.split(separator: " ").first { $0.hasSuffix("%)") }.map {
                    " " + $0.filter { $0 != "(" && $0 != ")" }
                } ?? ""
            notes.append(("+ " + name + share, Palette.predictor(name)))
        }
        return notes
    }
}
