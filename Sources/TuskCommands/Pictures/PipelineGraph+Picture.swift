extension PipelineGraph: Drawable {
    /// The DAG: data repos on the left, each pipeline one column right of its deepest input, an
    /// arrow per input (labelled with the branch when it is not `master`, and the glob when it is
    /// not `/`).
    package var pictures: [Picture] { [picture] }

    /// What `draw pipeline --svg FILE` writes.
    package var picture: Picture {
        let layout = Layout(self)
        var canvas = SVGCanvas(width: layout.width, height: layout.height)
        canvas.text("Pipelines: data repos feed pipelines", x: 12, y: 22, size: 13, bold: true)
        guard !nodes.isEmpty else {
            canvas.text("no pipelines yet", x: 12, y: 48, fill: Palette.muted)
            return canvas.picture(title: "pipeline DAG: no pipelines yet")
        }
        for route in layout.routes {
            canvas.path(route.path, stroke: Palette.muted)
            let (x, y) = route.end
            canvas.polygon([(x, y), (x - 8, y - 4.5), (x - 8, y + 4.5)], fill: Palette.muted)
            if !route.label.isEmpty {
                canvas.text(route.label, x: x - 10, y: y - 6, size: 10, anchor: .end, mono: true, fill: Palette.muted)
            }
        }
        for box in layout.boxes {
            canvas.rect(
                x: box.x, y: box.y, width: box.width, height: Layout.boxHeight,
                fill: box.isPipeline ? Palette.pipeline : Palette.data,
                stroke: box.isPipeline ? Palette.pipelineStroke : Palette.dataStroke, radius: box.isPipeline ? 6 : 2)
            canvas.text(box.name, x: box.x + 10, y: box.y + 18, bold: true, mono: true)
            canvas.text(box.detail, x: box.x + 10, y: box.y + 34, size: 11, fill: Palette.muted)
        }
        return canvas.picture(
            title: "pipeline DAG: " + nodes.map(\.pipeline).joined(separator: ", "))
    }

    /// Where every box and arrow goes: columns by depth, rows in order of the inputs' rows.
    struct Layout {
        struct Box {
            var name: String
            var detail: String
            var isPipeline: Bool
            var depth = 0
            var x = 0.0
            var y = 0.0
            var width = 0.0
        }

        struct Edge {
            var from: Int
            var to: Int
            var label: String
        }

        /// An arrow's line (SVG path commands), where its head points, and its label.
        struct Route {
            var path: String
            var end: (x: Double, y: Double)
            var label: String
        }

        static let boxHeight = 44.0
        static let rowGap = 22.0
        static let columnGap = 90.0
        static let top = 40.0

        var boxes: [Box] = []
        var edges: [Edge] = []
        var routes: [Route] = []
        var width = 320.0
        var height = 64.0

        init(_ graph: PipelineGraph) {
            guard !graph.nodes.isEmpty else { return }
            var index: [String: Int] = [:]
            // Pipelines first, so an input from a pipeline's repo finds its box.
            for node in graph.nodes {
                index[node.pipeline] = boxes.count
                boxes.append(
                    Box(
                        name: node.pipeline, detail: node.step.isEmpty ? "pipeline" : "pipeline: " + node.step,
                        isPipeline: true))
            }
            for (target, node) in graph.nodes.enumerated() {
                for input in node.inputs {
                    let (repo, branch, glob) = Self.parts(of: input)
                    var label: [String] = []
                    let source: Int
                    if node.fromPipelines.contains(repo), let pipeline = index[repo] {
                        source = pipeline
                        if branch != "master" { label.append("@" + branch) }
                    } else {
                        let key = repo + "@" + branch
                        if let known = index[key] {
                            source = known
                        } else {
                            source = boxes.count
                            index[key] = source
                            boxes.append(Box(name: repo, detail: "data repo @" + branch, isPipeline: false))
                        }
                    }
                    if glob != "/" { label.append(glob) }
                    edges.append(Edge(from: source, to: target, label: label.joined(separator: " ")))
                }
            }
            // Depth: data repos 0, a pipeline one more than its deepest input (a cycle cannot
            // happen; the bound keeps a broken graph from looping).
            for _ in 0..<boxes.count {
                var changed = false
                for edge in edges where boxes[edge.to].depth < boxes[edge.from].depth + 1 {
                    boxes[edge.to].depth = boxes[edge.from].depth + 1
                    changed = true
                }
                if !changed { break }
            }
            let depths = (boxes.map(\.depth).max() ?? 0) + 1
            var columns = Array(repeating: [Int](), count: depths)
            for (i, box) in boxes.enumerated() { columns[box.depth].append(i) }
            // Data repos in order of first use; each pipeline column ordered by its inputs' rows,
            // which keeps arrows from crossing in the usual fan-out and fan-in.
            var row: [Int: Double] = [:]
            let edges = self.edges
            for (depth, column) in columns.enumerated() {
                var ordered = column
                if depth > 0 {
                    func place(_ box: Int) -> Double {
                        let parents = edges.filter { $0.to == box }.compactMap { row[$0.from] }
                        return parents.isEmpty ? 0 : parents.reduce(0, +) / Double(parents.count)
                    }
                    ordered = column.enumerated().sorted {
                        (place($0.element), $0.offset) < (place($1.element), $1.offset)
                    }.map(\.element)
                } else {
                    let firstUse = { (box: Int) in edges.firstIndex { $0.from == box } ?? Int.max }
                    ordered = column.sorted { (firstUse($0), $0) < (firstUse($1), $1) }
                }
                for (r, box) in ordered.enumerated() { row[box] = Double(r) }
                columns[depth] = ordered
            }
            var x = 12.0
            let tallest = columns.map(\.count).max() ?? 1
            let columnHeight = Double(tallest) * (Self.boxHeight + Self.rowGap) - Self.rowGap
            for column in columns {
                let widest =
                    column.map {
                        max(
                            SVGCanvas.width(of: boxes[$0].name, mono: true),
                            SVGCanvas.width(of: boxes[$0].detail, size: 11))
                    }.max() ?? 0
                let columnWidth = widest + 22
                let used = Double(column.count) * (Self.boxHeight + Self.rowGap) - Self.rowGap
                var y = Self.top + (columnHeight - used) / 2
                for box in column {
                    boxes[box].x = x
                    boxes[box].y = y
                    boxes[box].width = columnWidth
                    y += Self.boxHeight + Self.rowGap
                }
                x += columnWidth + Self.columnGap
            }
            width = max(x - Self.columnGap + 12, 320)
            route(columns: columns)
        }

        /// Arrows leave and enter a box at ports spread along its side, in the order of the boxes
        /// at their other ends, so they fan out instead of piling up. An arrow that skips columns
        /// goes around the boxes between, above or below them, whichever is shorter.
        private mutating func route(columns: [[Int]]) {
            let placed = boxes, edges = self.edges
            let center = { (box: Int) in placed[box].y + Self.boxHeight / 2 }
            func ports(_ ends: [Int], of box: Int) -> [Int: Double] {
                var out: [Int: Double] = [:]
                for (i, edge) in ends.enumerated() {
                    out[edge] = boxes[box].y + Self.boxHeight * Double(i + 1) / Double(ends.count + 1)
                }
                return out
            }
            var start: [Int: Double] = [:], end: [Int: Double] = [:]
            for box in boxes.indices {
                let outgoing = edges.indices.filter { edges[$0].from == box }.sorted {
                    (center(edges[$0].to), $0) < (center(edges[$1].to), $1)
                }
                start.merge(ports(outgoing, of: box)) { a, _ in a }
                let incoming = edges.indices.filter { edges[$0].to == box }.sorted {
                    (center(edges[$0].from), $0) < (center(edges[$1].from), $1)
                }
                end.merge(ports(incoming, of: box)) { a, _ in a }
            }
            let n = { (x: Double) in SVGCanvas.number(x) }
            var detours = 0
            var lowest = Self.top, highest = Self.top
            for box in boxes {
                highest = max(highest, box.y + Self.boxHeight)
            }
            var planned: [(edge: Int, points: [(Double, Double)], channel: Double?)] = []
            for (i, edge) in edges.enumerated() {
                let from = boxes[edge.from], to = boxes[edge.to]
                let x1 = from.x + from.width, y1 = start[i] ?? center(edge.from)
                let x2 = to.x - 1, y2 = end[i] ?? center(edge.to)
                let between = columns.indices.filter { $0 > from.depth && $0 < to.depth }.flatMap { columns[$0] }
                let blocked = between.contains { box in
                    let b = boxes[box]
                    let t = (b.x + b.width / 2 - x1) / max(1, x2 - x1)
                    let y = y1 + (y2 - y1) * t
                    return y > b.y - 8 && y < b.y + Self.boxHeight + 8
                }
                guard blocked else {
                    planned.append((i, [(x1, y1), (x2, y2)], nil))
                    continue
                }
                detours += 1
                let above = (between.map { boxes[$0].y }.min() ?? y1) - 10 - Double(detours) * 6
                let below = (between.map { boxes[$0].y + Self.boxHeight }.max() ?? y1) + 10 + Double(detours) * 6
                let channel = abs(y1 - above) + abs(y2 - above) <= abs(y1 - below) + abs(y2 - below) ? above : below
                let left = (between.map { boxes[$0].x }.min() ?? x1) - 16
                let right = (between.map { boxes[$0].x + boxes[$0].width }.max() ?? x2) + 16
                lowest = min(lowest, channel - 6)
                highest = max(highest, channel + 6)
                planned.append((i, [(x1, y1), (left, channel), (right, channel), (x2, y2)], channel))
            }
            // Room for detours above the first row: move everything down.
            let shift = max(0, Self.top - lowest)
            for box in boxes.indices { boxes[box].y += shift }
            height = highest + shift + 16
            for (i, points, _) in planned {
                let p = points.map { ($0.0, $0.1 + shift) }
                var d = "M \(n(p[0].0)) \(n(p[0].1))"
                for k in 1..<p.count {
                    let (ax, ay) = p[k - 1], (bx, by) = p[k]
                    if ay == by {
                        d += " L \(n(bx)) \(n(by))"
                    } else {
                        let bend = max(14, (bx - ax) / 2)
                        d += " C \(n(ax + bend)) \(n(ay)) \(n(bx - bend)) \(n(by)) \(n(bx)) \(n(by))"
                    }
                }
                routes.append(Route(path: d, end: p[p.count - 1], label: edges[i].label))
            }
        }

        /// `income_data@master:/` → (`income_data`, `master`, `/`).
        static func parts(of input: String) -> (repo: String, branch: String, glob: String) {
            guard let at = input.firstIndex(of: "@") else { return (input, "master", "/") }
            let rest = input[input.index(after: at)...]
            guard let colon = rest.firstIndex(of: ":") else { return (String(input[..<at]), String(rest), "/") }
            return (String(input[..<at]), String(rest[..<colon]), String(rest[rest.index(after: colon)...]))
        }
    }
}
