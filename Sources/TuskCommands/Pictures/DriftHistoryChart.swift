/// Drift along a history: one row per feature, one column per version of the data (oldest on
/// the left), each cell shaded by -log10 of its p-value against the reference; red where the
/// feature drifts, and outlined where a drifting feature's last run of drift began. A version is
/// a commit of a file (`drift REPO@A vs REPO@B`) or a segment of a deployment's log (`monitor`).
enum DriftHistoryChart {
    /// One version: its label under the axis, and each feature's figures (a feature absent from
    /// it is drawn grey, as one that cannot be judged).
    struct Column {
        let label: String
        let features: [DriftHistory.Version.Feature]
    }

    static func picture(_ history: DriftHistory, reference: String) -> Picture {
        picture(
            features: history.versions.last?.features.map(\.name) ?? [],
            columns: history.versions.map {
                Column(label: String($0.writer.commit.full.prefix(6)), features: $0.features)
            },
            onsets: Dictionary(
                history.onsets.compactMap { onset in
                    history.versions.firstIndex { $0.writer.commit.full == onset.writer.commit.full }.map {
                        (onset.feature, $0)
                    }
                }, uniquingKeysWith: { a, _ in a }),
            title: "p-value per feature per commit, against \(reference)",
            footer: "each commit that wrote \(history.path), oldest first (\(history.commits) commits in all)",
            name: "drift of \(history.path) per feature per commit")
    }

    /// The grid of `features` (rows) by `columns`, `onsets` giving the column where each
    /// drifting feature's drift began.
    static func picture(
        features names: [String], columns: [Column], onsets: [String: Int], title: String, footer: String,
        name: String
    ) -> Picture {
        let labelWidth = min(180, (names.map { SVGCanvas.width(of: $0) }.max() ?? 40) + 16)
        // Wide enough for its label in 9-point monospace, as log numbers grow.
        let cell = max(40.0, Double(columns.map(\.label.count).max() ?? 0) * 5.6 + 8)
        let rowHeight = 22.0, top = 40.0
        let width = labelWidth + cell * Double(max(columns.count, 1)) + 20
        let height = top + rowHeight * Double(names.count) + 58
        var canvas = SVGCanvas(
            width: max(width, SVGCanvas.width(of: title) + 16, labelWidth + SVGCanvas.width(of: footer, size: 11) + 8),
            height: height)
        canvas.text(title, x: 8, y: 18, bold: true)
        canvas.text(
            "darker: smaller p-value; red: drift; outlined: where the drift began", x: 8, y: 33, size: 11,
            fill: Palette.muted)
        for (row, name) in names.enumerated() {
            let y = top + rowHeight * Double(row)
            canvas.text(
                SVGCanvas.fitting(name, width: labelWidth - 12), x: labelWidth - 8, y: y + 15, anchor: .end,
                bold: onsets[name] != nil)
            for (index, column) in columns.enumerated() {
                let x = labelWidth + cell * Double(index)
                guard let feature = column.features.first(where: { $0.name == name }),
                    feature.cannotJudge == nil, !feature.pValue.isNaN
                else {
                    canvas.rect(x: x + 1, y: y + 1, width: cell - 2, height: rowHeight - 2, fill: Palette.grid)
                    continue
                }
                let strength = DriftChart.strength(feature.pValue) / DriftChart.floor
                canvas.rect(
                    x: x + 1, y: y + 1, width: cell - 2, height: rowHeight - 2,
                    fill: feature.drifted ? Palette.bad : Palette.calm, opacity: 0.15 + 0.85 * strength)
                if onsets[name] == index {
                    canvas.rect(
                        x: x + 1, y: y + 1, width: cell - 2, height: rowHeight - 2, fill: "none", stroke: Palette.ink)
                }
            }
        }
        let axis = top + rowHeight * Double(names.count) + 14
        for (index, column) in columns.enumerated() {
            canvas.text(
                column.label, x: labelWidth + cell * (Double(index) + 0.5), y: axis, size: 9, anchor: .middle,
                mono: true, fill: Palette.muted)
        }
        canvas.text(footer, x: labelWidth, y: axis + 20, size: 11, fill: Palette.muted)
        return canvas.picture(title: name)
    }
}
