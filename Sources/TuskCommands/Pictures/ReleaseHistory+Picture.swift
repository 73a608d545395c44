extension ReleaseHistory: Drawable {
    /// The releases as a timeline: one lane per model that served, named by the data that trained
    /// it; a filled dot per release in the lane of its live model, joined in order (a rollback
    /// jumps back to an earlier lane); a ring in the lane of each canary or shadow beside it; and
    /// under each release what it changed and who made it.
    package var pictures: [Picture] { releases.isEmpty ? [] : [picture] }

    /// What `history D --svg FILE` writes.
    package var picture: Picture {
        let lanes = models.map(\.model.full)
        let labels = models.map(Self.laneLabel)
        let laneHeight = 30.0, column = 124.0, top = 58.0
        let labelWidth = min(
            360,
            (labels.map {
                SVGCanvas.width(of: $0.data, size: 11) + 8 + SVGCanvas.width(of: $0.model, size: 11, mono: true)
            }.max() ?? 0) + 34)
        let left = 12 + labelWidth
        let lanesBottom = top + Double(lanes.count) * laneHeight
        let notes = releases.map(Self.notes)
        let noteLines = notes.map(\.count).max() ?? 0
        let caption = "Releases of \(deployment): filled, the live model; ring, a canary or shadow beside it"
        let bottom = lanesBottom + 20 + Double(noteLines) * 14 + 8
        var canvas = SVGCanvas(
            width: max(left + Double(releases.count) * column + 12, SVGCanvas.width(of: caption, size: 13) + 24),
            height: bottom + 10)
        canvas.text(caption, x: 12, y: 22, size: 13, bold: true)
        canvas.text("release", x: left - 10, y: top - 12, size: 11, anchor: .end, fill: Palette.muted)
        func color(_ lane: Int) -> String { Palette.models[lane % Palette.models.count] }
        func laneY(_ lane: Int) -> Double { top + Double(lane) * laneHeight + laneHeight / 2 }
        for (i, label) in labels.enumerated() {
            let y = laneY(i)
            canvas.rect(
                x: 12, y: y - laneHeight / 2 + 2, width: canvas.width - 24, height: laneHeight - 4, fill: color(i),
                radius: 4, opacity: 0.08)
            canvas.circle(cx: 24, cy: y, r: 5, fill: color(i))
            let room = labelWidth - 30
            let data = SVGCanvas.fitting(label.data, width: room, size: 11)
            canvas.text(data, x: 36, y: y + 4, size: 11, bold: true)
            let used = SVGCanvas.width(of: data, size: 11) + 8
            if used < room - 40 {
                canvas.text(
                    SVGCanvas.fitting(label.model, width: room - used, size: 11, mono: true), x: 36 + used, y: y + 4,
                    size: 11, mono: true, fill: Palette.muted)
            }
        }
        func x(_ i: Int) -> Double { left + (Double(i) + 0.5) * column }
        let liveLanes = releases.map { entry in entry.live.flatMap { lanes.firstIndex(of: $0.full) } }
        let path = releases.indices.compactMap { i in liveLanes[i].map { (x(i), laneY($0)) } }
        if path.count > 1 {
            let n = { SVGCanvas.number($0, places: 1) }
            canvas.path(
                "M " + path.map { n($0.0) + " " + n($0.1) }.joined(separator: " L "), stroke: Palette.muted, width: 2)
        }
        for (i, entry) in releases.enumerated() {
            canvas.text(String(entry.release), x: x(i), y: top - 12, size: 11, anchor: .middle, bold: true)
            canvas.line(x1: x(i), y1: top - 6, x2: x(i), y2: lanesBottom + 4, stroke: Palette.grid)
            for other in entry.others {
                guard let lane = lanes.firstIndex(of: other.model.full) else { continue }
                if let live = liveLanes[i] {
                    canvas.line(
                        x1: x(i), y1: laneY(live), x2: x(i), y2: laneY(lane),
                        stroke: Palette.predictor(other.name.rawValue),
                        width: 1.5, dashed: true)
                }
                canvas.circle(cx: x(i), cy: laneY(lane), r: 7, fill: "#fff", stroke: color(lane))
                canvas.text(
                    other.role == "shadow" ? "mirror" : "\(other.traffic ?? 0)%", x: x(i) + 11, y: laneY(lane) + 4,
                    size: 10, fill: Palette.muted)
            }
            if let live = liveLanes[i] { canvas.circle(cx: x(i), cy: laneY(live), r: 8, fill: color(live)) }
            for (k, note) in notes[i].enumerated() {
                canvas.text(
                    SVGCanvas.fitting(note.text, width: column - 6, size: 11), x: x(i),
                    y: lanesBottom + 20 + Double(k) * 14,
                    size: 11, anchor: .middle, bold: k == 0, fill: note.color)
            }
        }
        return canvas.picture(title: "release history of \(deployment)")
    }

    /// A lane's name: the message of the data commit that trained its model (`census extract`),
    /// or its data file's name, then the model's short address.
    static func laneLabel(_ served: ServedModel) -> (data: String, model: String) {
        let data =
            served.data.map { data in
                data.message.flatMap { $0.isEmpty ? nil : $0 }
                    ?? String(data.address.split(separator: "/").last ?? Substring(data.address))
            } ?? "data not recorded"
        return (data, served.model.description)
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
        // `+ canary-1 25%`, `+ shadow-1`.
        for other in entry.others {
            notes.append(
                (
                    "+ " + other.name.rawValue + (other.traffic.map { " \($0)%" } ?? ""),
                    Palette.predictor(other.name.rawValue)
                ))
        }
        return notes
    }
}
