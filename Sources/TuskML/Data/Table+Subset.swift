extension Table {
    /// The given rows, in the given order (for train/test splits).
    public func rows(_ indices: [Int]) -> Table {
        let picked = columns.map { column -> Column in
            switch column.values {
            case .numeric(let values): return Column(name: column.name, values: .numeric(indices.map { values[$0] }))
            case .categorical(let codes, let levels):
                return Column(name: column.name, values: .categorical(codes: indices.map { codes[$0] }, levels: levels))
            }
        }
        return Table(source: source, rowCount: indices.count, columns: picked)
    }
}
