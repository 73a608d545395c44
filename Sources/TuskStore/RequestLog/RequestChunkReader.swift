/// Decodes what ``RequestChunkWriter`` wrote.
enum RequestChunkReader {
    static func ids(_ bytes: [UInt8], count: Int) throws(StoreError) -> [String] {
        var cursor = LogCursor(bytes)
        var ids: [String] = []
        ids.reserveCapacity(count)
        for _ in 0..<count { ids.append(try cursor.string()) }
        return ids
    }

    /// A chunk's answers, ids, inputs and summary, each when its bytes are given.
    static func chunk(
        first: Int, count: Int, release: Int, answers: [UInt8]?, ids: [UInt8]?, inputs: [UInt8]?,
        summary: [UInt8]? = nil
    ) throws(StoreError) -> LoggedChunk {
        var chunk = LoggedChunk(
            first: first, release: release, count: count,
            ids: try ids.map { bytes throws(StoreError) in try Self.ids(bytes, count: count) } ?? [],
            predictors: [], answerStarts: [0], answerPredictors: [], probabilities: [], distances: [], latencies: [],
            columns: try inputs.map { bytes throws(StoreError) in try columns(bytes, count: count, first: first) }
                ?? [],
            summary: try summary.map { bytes throws(StoreError) in try ChunkSummary.decode(bytes, chunk: first) })
        if let answers { try read(answers, into: &chunk) }
        return chunk
    }

    /// Decodes the answers' bytes into the chunk's predictors, answers, distances and latencies.
    private static func read(_ bytes: [UInt8], into chunk: inout LoggedChunk) throws(StoreError) {
        let (first, count) = (chunk.first, chunk.count)
        var cursor = LogCursor(bytes)
        guard try cursor.byte() == RequestChunkWriter.format else {
            throw .corrupt("request log chunk \(first) has an unknown format")
        }
        var predictors: [String] = []
        for _ in 0..<(try cursor.count()) { predictors.append(try cursor.string()) }
        var starts = [0]
        var answerPredictors: [Int] = []
        var probabilities: [Double] = []
        var distances: [Double] = []
        var latencies: [Int] = []
        starts.reserveCapacity(count + 1)
        answerPredictors.reserveCapacity(count * predictors.count)
        probabilities.reserveCapacity(count * predictors.count)
        distances.reserveCapacity(count)
        latencies.reserveCapacity(count)
        for _ in 0..<count {
            while true {
                let predictor = try cursor.varint()
                if predictor == 0 { break }
                guard predictor <= predictors.count else {
                    throw .corrupt("request log chunk \(first) names predictor \(predictor) of \(predictors.count)")
                }
                answerPredictors.append(Int(predictor) - 1)
                probabilities.append(try cursor.double())
            }
            starts.append(probabilities.count)
            distances.append(try cursor.double())
            let latency = try cursor.varint()
            latencies.append(latency == 0 ? -1 : Int(latency - 1))
        }
        guard cursor.atEnd else { throw .corrupt("request log chunk \(first) has bytes after its last answer") }
        chunk.predictors = predictors
        chunk.answerStarts = starts
        chunk.answerPredictors = answerPredictors
        chunk.probabilities = probabilities
        chunk.distances = distances
        chunk.latencies = latencies
    }

    static func columns(_ bytes: [UInt8], count: Int, first: Int) throws(StoreError) -> [LoggedColumn] {
        var cursor = LogCursor(bytes)
        guard try cursor.byte() == RequestChunkWriter.format else {
            throw .corrupt("request log chunk \(first) has inputs of an unknown format")
        }
        var names: [String] = []
        var levels: [[String]?] = []
        for _ in 0..<(try cursor.count()) {
            names.append(try cursor.string())
            switch try cursor.byte() {
            case 0: levels.append(nil)
            case 1:
                var column: [String] = []
                for _ in 0..<(try cursor.count()) { column.append(try cursor.string()) }
                levels.append(column)
            default: throw .corrupt("request log chunk \(first) has a column of an unknown kind")
            }
        }
        var columns: [LoggedColumn] = []
        for (index, name) in names.enumerated() {
            let length = try cursor.count()
            let end = cursor.offset + length
            if let levels = levels[index] {
                var codes: [Int32] = []
                codes.reserveCapacity(count)
                for _ in 0..<count {
                    let code = try cursor.varint()
                    guard code <= levels.count else {
                        throw .corrupt("request log chunk \(first) has a category code beyond its levels")
                    }
                    codes.append(Int32(code) - 1)
                }
                columns.append(LoggedColumn(name: name, values: .codes(codes, levels: levels)))
            } else {
                var numbers: [Double] = []
                numbers.reserveCapacity(count)
                for _ in 0..<count { numbers.append(try number(&cursor)) }
                columns.append(LoggedColumn(name: name, values: .numbers(numbers)))
            }
            guard cursor.offset == end else {
                throw .corrupt("request log chunk \(first) has a column '\(name)' of the wrong length")
            }
        }
        guard cursor.atEnd else { throw .corrupt("request log chunk \(first) has bytes after its last input") }
        return columns
    }

    private static func number(_ cursor: inout LogCursor) throws(StoreError) -> Double {
        let tag = try cursor.varint()
        if tag & 1 == 0 {
            let zigzag = tag >> 1
            return Double(Int64(bitPattern: zigzag >> 1) ^ -Int64(bitPattern: zigzag & 1))
        }
        switch tag {
        case 1: return .nan
        case 3: return try cursor.double()
        default: throw .corrupt("a request log chunk holds a number of an unknown form")
        }
    }
}
