/// Drift along a history: one row per feature, one column per version of the file (oldest on
/// the left), each cell shaded by -log10 of its p-value against the reference; red where the
/// feature drifts, and outlined where a drifting feature's last run of drift began.
enum DriftHistoryChart {
    static func picture(_ history: DriftHistory, reference: String) -> Picture {
        let names = history.versions.last?.features.map(\.name) ?? []
        let onsets = Dictionary(
            history.onsets.map { ($0.feature, $0.writer.commit.full) }, uniquingKeysWith: { a, _ in a })
        let labelWidth = min(180, (names.map { SVGCanvas.width(of: $0) }.max() ?? 40) + 16)
        let cell = 40.0, rowHeight = 22.0, top = 40.0
        let width = labelWidth + cell * Double(max(history.versions.count, 1)) + 20
        let height = top + rowHeight * Double(names.count) + 58
        let title = "p-value per feature per commit, against \(reference)"
        let footer = "each commit that wrote \(history.path), oldest first (\(history.commits) commits in all)"
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
            for (column, version) in history.versions.enumerated() {
                let x = labelWidth + cell * Double(column)
                guard let feature = version.features.first(where: { $0.name == name }),
                    feature.cannotJudge == nil, !feature.pValue.isNaN
                else {
                    canvas.rect(x: x + 1, y: y + 1, width: cell - 2, height: rowHeight - 2, fill: Palette.grid)
                    continue
                }
                let strength = DriftChart.strength(feature.pValue) / DriftChart.floor
                canvas.rect(
                    x: x + 1, y: y + 1, width: cell - 2, height: rowHeight - 2,
                    fill: feature.drifted ? Palette.bad : Palette.calm, opacity: 0.15 + 0.85 * strength)
                if onsets[name] == version.writer.commit.full {
                    canvas.rect(
                        x: x + 1, y: y + 1, width: cell - 2, height: rowHeight - 2, fill: "none", stroke: Palette.ink)
                }
            }
        }
        let axis = top + rowHeight * Double(names.count) + 14
        for (column, version) in history.versions.enumerated() {
            canvas.text(
                String(version.writer.commit.full.prefix(6)), x: labelWidth + cell * (Double(column) + 0.5), y: axis,
                size: 9, anchor: .middle, mono: true, fill: Palette.muted)
        }
        canvas.text(footer, x: labelWidth, y: axis + 20, size: 11, fill: Palette.muted)
        return canvas.picture(title: "drift of \(history.path) per feature per commit")
    }
}
