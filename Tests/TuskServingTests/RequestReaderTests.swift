import Testing
import TuskML

@testable import TuskServing

/// The request readers: plain records, Seldon and Open Inference payloads, CSV request files;
/// every error with its exact message and position; no input makes them trap.
@Suite struct RequestReaderTests {
    let schema = RequestSchema(
        features: [
            .init(name: "age", kind: .numeric), .init(name: "hours", kind: .numeric),
            .init(name: "sex", kind: .categorical), .init(name: "race", kind: .categorical, acceptsNumbers: true),
        ],
        ignored: ["income"])

    // MARK: - Plain records

    @Test func plainRecord() throws {
        let batch = try RequestReader.json(
            #"{"request_id": "r-7", "race": 9, "age": 39.5, "hours": null, "sex": "Male", "income": ">50K"}"#,
            schema: schema)
        #expect(batch.table.columns.map(\.name) == ["age", "hours", "sex", "race"])
        #expect(batch.table.columns.map(\.kind) == [.numeric, .numeric, .categorical, .categorical])
        #expect(numbers(batch, "age") == [39.5])
        #expect(numbers(batch, "hours") == [nil])
        #expect(categories(batch, "sex") == ["Male"])
        // A number for a categorical feature names the category in its shortest form.
        #expect(categories(batch, "race") == ["9"])
        #expect(batch.ids == ["r-7"])
        #expect(batch.lines == [1])
        #expect(batch.rejected.isEmpty)
    }

    @Test func emptyAndQuestionMarkCategoriesAreMissingAsInACSVFile() throws {
        // A record, Seldon rows and V2 BYTES tensors: each reads "" and "?" as null.
        let record = try RequestReader.json(#"{"age": 1, "hours": 2, "sex": "?", "race": ""}"#, schema: schema)
        #expect(categories(record, "sex") == [nil] && categories(record, "race") == [nil])
        let rows = try RequestReader.json(
            #"{"data": {"names": ["age", "hours", "sex", "race"], "ndarray": [[1, 2, "", "W"], [3, 4, "F", "?"]]}}"#,
            schema: schema)
        #expect(categories(rows, "sex") == [nil, "F"] && categories(rows, "race") == ["W", nil])
        let tensors = try RequestReader.json(
            #"{"inputs": [{"name": "age", "shape": [1], "datatype": "FP32", "data": [1]}, "#
                + #"{"name": "hours", "shape": [1], "datatype": "FP32", "data": [2]}, "#
                + #"{"name": "sex", "shape": [1], "datatype": "BYTES", "data": ["?"]}, "#
                + #"{"name": "race", "shape": [1], "datatype": "BYTES", "data": ["W"]}]}"#, schema: schema)
        #expect(categories(tensors, "sex") == [nil])
        // A level that only looks like one is a level (a JSON string keeps its spaces).
        let level = try RequestReader.json(#"{"age": 1, "hours": 2, "sex": "??", "race": " ?"}"#, schema: schema)
        #expect(categories(level, "sex") == ["??"] && categories(level, "race") == [" ?"])
        // And the trainer's record reader agrees.
        let table = try RecordReader.table(fromJSON: #"{"sex": "?", "race": "", "work": "Private"}"#)
        #expect(table.columns.map(\.name) == ["race", "sex", "work"])
        for column in table.columns.prefix(2) {
            guard case .categorical(let codes, let levels) = column.values else {
                Issue.record("\(column.name) is not categorical")
                continue
            }
            #expect(codes == [-1] && levels.isEmpty, "\(column.name)")
        }
    }

    @Test func recordIDsAreStringsNumbersOrNothing() throws {
        let base = #""age": 1, "hours": 2, "sex": "F", "race": null"#
        #expect(try RequestReader.json("{\(base), \"request_id\": 12}", schema: schema).ids == ["12"])
        #expect(try RequestReader.json("{\(base), \"request_id\": null}", schema: schema).ids == [nil])
        #expect(try RequestReader.json("{\(base)}", schema: schema).ids == [nil])
    }

    // MARK: - Seldon

    @Test func seldonTensorsAndJSONDataAreReadAsTheirRows() throws {
        let numeric = RequestSchema(features: [
            .init(name: "age", kind: .numeric), .init(name: "hours", kind: .numeric),
        ])
        let tensor = try RequestReader.json(
            #"{"meta": {"puid": "p"}, "data": {"names": ["hours", "age"], "tensor": {"shape": [2, 2], "values": [40, 39, 20, 50.5]}}}"#,
            schema: numeric)
        #expect(tensor.layout == .tensor)
        #expect(numbers(tensor, "age") == [39, 50.5] && numbers(tensor, "hours") == [40, 20])
        #expect(tensor.ids == ["p", "p-2"])
        let records = try RequestReader.json(
            #"{"jsonData": [{"request_id": "a", "age": 39, "hours": 40, "sex": "M", "race": null},"#
                + #" {"age": 50, "hours": null, "sex": "F", "race": "W"}], "meta": {"puid": "q"}}"#, schema: schema)
        #expect(records.layout == .jsonData)
        #expect(numbers(records, "age") == [39, 50] && categories(records, "race") == [nil, "W"])
        #expect(records.ids == ["a", "q-2"])
        let one = try RequestReader.json(
            #"{"jsonData": {"age": 39, "hours": 40, "sex": "M", "race": 9}}"#, schema: schema)
        #expect(one.layout == .jsonData && categories(one, "race") == ["9"])
        let missing = #expect(throws: PayloadError.self) {
            try RequestReader.json(#"{"jsonData": [{"age": 39, "hours": 40, "sex": "M"}]}"#, schema: schema)
        }
        #expect(missing?.kind == .missingFeature)
    }

    /// The binary tensor extension: the same request as JSON, element for element.
    @Test func openInferenceBinaryTensorsReadAsTheirJSON() throws {
        func le<T: FixedWidthInteger>(_ value: T) -> [UInt8] { withUnsafeBytes(of: value.littleEndian) { Array($0) } }
        func bytes(_ texts: [String]) -> [UInt8] { texts.flatMap { le(UInt32($0.utf8.count)) + Array($0.utf8) } }
        let age = le(39.5.bitPattern) + le(50.0.bitPattern)
        let hours = le(Int32(40)) + le(Int32(-3))
        let sex = bytes(["Male", "Female"])
        let header =
            #"{"id": "b", "inputs": [{"name": "age", "shape": [2], "datatype": "FP64", "parameters": {"binary_data_size": 16}}, "#
            + #"{"name": "hours", "shape": [2, 1], "datatype": "INT32", "parameters": {"binary_data_size": 8}}, "#
            + #"{"name": "sex", "shape": [2], "datatype": "BYTES", "parameters": {"binary_data_size": \#(sex.count)}}, "#
            + #"{"name": "race", "shape": [2], "datatype": "BYTES", "data": ["W", null]}]}"#
        let batch = try RequestReader.json(header, binary: age + hours + sex, schema: schema)
        let json = try RequestReader.json(
            #"{"id": "b", "inputs": [{"name": "age", "shape": [2], "datatype": "FP64", "data": [39.5, 50]}, "#
                + #"{"name": "hours", "shape": [2], "datatype": "INT32", "data": [40, -3]}, "#
                + #"{"name": "sex", "shape": [2], "datatype": "BYTES", "data": ["Male", "Female"]}, "#
                + #"{"name": "race", "shape": [2], "datatype": "BYTES", "data": ["W", null]}]}"#, schema: schema)
        #expect(batch.layout == .openInference && batch.ids == json.ids)
        for name in ["age", "hours"] { #expect(numbers(batch, name) == numbers(json, name)) }
        for name in ["sex", "race"] { #expect(categories(batch, name) == categories(json, name)) }
        #expect(numbers(batch, "hours") == [40, -3])
        // Bytes left over, cut short, or a NaN: each refused, naming the input.
        let leftOver = #expect(throws: PayloadError.self) {
            try RequestReader.json(header, binary: age + hours + sex + [0], schema: schema)
        }
        #expect(leftOver?.kind == .wrongShape)
        let cutShort = #expect(throws: PayloadError.self) {
            try RequestReader.json(header, binary: age + hours + sex.dropLast(), schema: schema)
        }
        #expect(cutShort?.kind == .wrongShape)
        // NaN is a missing value, as in the CSV readers; infinity is refused.
        let missing = try RequestReader.json(
            header, binary: le(Double.nan.bitPattern) + age.dropFirst(8) + hours + sex, schema: schema)
        #expect(numbers(missing, "age") == [nil, 50])
        do {
            _ = try RequestReader.json(
                header, binary: le(Double.infinity.bitPattern) + age.dropFirst(8) + hours + sex, schema: schema)
            Issue.record("an infinity was read")
        } catch {
            #expect(error.kind == .wrongType && error.message.hasPrefix("the binary data of input 'age' holds inf"))
        }
    }

    @Test func seldonRowsAreRequests() throws {
        let text = #"""
            {"meta": {"puid": "p1", "tags": {"a": 1}}, "status": {"ignored": true},
             "data": {"names": ["sex", "age", "race", "hours", "request_id", "income"],
                      "ndarray": [["Male", 39, "White", 40, null, ">50K"],
                                  ["Female", 50.5, null, 20, "r2", null],
                                  ["Male", null, "Black", 0, null, "<=50K"]]}}
            """#
        let batch = try RequestReader.json(text, schema: schema)
        #expect(batch.count == 3)
        #expect(numbers(batch, "age") == [39, 50.5, nil])
        #expect(numbers(batch, "hours") == [40, 20, 0])
        #expect(categories(batch, "race") == ["White", nil, "Black"])
        // Levels are sorted, codes follow them.
        guard case .categorical(let codes, let levels) = batch.table.column(named: "sex")?.values else {
            Issue.record("sex is not categorical")
            return
        }
        #expect(levels == ["Female", "Male"])
        #expect(codes == [1, 0, 1])
        // The payload's puid names the first row; later rows without an id get its numbered copies.
        #expect(batch.ids == ["p1", "r2", "p1-3"])
        #expect(batch.lines == [1, 1, 1])
    }

    @Test func seldonWithoutAnyIDGivesNone() throws {
        let batch = try RequestReader.json(
            #"{"data": {"names": ["age", "hours", "sex", "race"], "ndarray": [[1, 2, "M", "W"], [3, 4, "F", "B"]]}}"#,
            schema: schema)
        #expect(batch.ids == [nil, nil])
        #expect(categories(batch, "sex") == ["M", "F"])
    }

    // MARK: - Open Inference (V2)

    @Test func openInferenceColumnsAreFeatures() throws {
        let text = #"""
            {"id": "q", "parameters": {"content_type": "pd"}, "inputs": [
              {"name": "age", "shape": [2], "datatype": "INT64", "data": [39, 50]},
              {"name": "hours", "shape": [2, 1], "datatype": "FP32", "data": [[40.5], [null]]},
              {"name": "sex", "shape": [2], "datatype": "BYTES", "data": ["Male", "Female"], "parameters": {}},
              {"name": "race", "shape": [2, 1], "datatype": "INT32", "data": [1, 2]},
              {"name": "income", "shape": [2], "datatype": "BYTES", "data": [">50K", "<=50K"]}
            ]}
            """#
        let batch = try RequestReader.json(text, schema: schema)
        #expect(numbers(batch, "age") == [39, 50])
        #expect(numbers(batch, "hours") == [40.5, nil])
        #expect(categories(batch, "sex") == ["Male", "Female"])
        #expect(categories(batch, "race") == ["1", "2"])
        #expect(batch.ids == ["q", "q-2"])
    }

    @Test func openInferenceRequestIDInput() throws {
        let text = #"""
            {"inputs": [
              {"name": "request_id", "shape": [2], "datatype": "BYTES", "data": ["a", null]},
              {"name": "age", "shape": [2], "datatype": "FP64", "data": [1, 2]},
              {"name": "hours", "shape": [2], "datatype": "UINT8", "data": [3, 255]},
              {"name": "sex", "shape": [2], "datatype": "BYTES", "data": ["F", "M"]},
              {"name": "race", "shape": [2], "datatype": "BOOL", "data": [null, null]}
            ]}
            """#
        let batch = try RequestReader.json(text, schema: schema)
        #expect(batch.ids == ["a", nil])
        #expect(numbers(batch, "hours") == [3, 255])
        #expect(categories(batch, "race") == [nil, nil])
    }

    // MARK: - JSON errors: kind, message, help and position

    struct Failure: CustomTestStringConvertible, Sendable {
        let payload: String
        let kind: PayloadError.Kind
        let message: String
        let help: String?
        /// Where the caret goes: the offset in characters (or the first occurrence of this text), and the length.
        let at: Int?
        let near: String?
        let length: Int

        init(
            _ payload: String, _ kind: PayloadError.Kind, _ message: String, help: String?, at: Int? = nil,
            near: String? = nil, length: Int
        ) {
            self.payload = payload
            self.kind = kind
            self.message = message
            self.help = help
            self.at = at
            self.near = near
            self.length = length
        }

        var testDescription: String { message }
    }

    /// The inputs of an Open Inference payload besides `age`.
    static let rest =
        #"{"name": "hours", "shape": [1], "datatype": "FP64", "data": [40]}, "#
        + #"{"name": "sex", "shape": [1], "datatype": "BYTES", "data": ["M"]}, "#
        + #"{"name": "race", "shape": [1], "datatype": "BYTES", "data": ["W"]}"#

    static let failures: [Failure] = [
        Failure(
            #"{"age": 39, "hours": 40, "sexx": "Male", "race": "White"}"#, .unknownFeature,
            "'sexx' is not a feature of the model", help: "did you mean 'sex'?", at: 25, length: 6),
        Failure(
            #"{"age": 39, "hours": 40, "zzz": "Male", "race": "White"}"#, .unknownFeature,
            "'zzz' is not a feature of the model", help: "the model's features are age, hours, sex, race", at: 25,
            length: 5),
        Failure(
            #"{"id": "r1", "age": 39, "hours": 40, "sex": "Male", "race": "White"}"#, .unknownFeature,
            "'id' is not a feature of the model",
            help: "a request's id goes in a field named request_id: rename 'id' to request_id",
            at: 1, length: 4),
        Failure(
            #"{"age": "old", "hours": 40, "sex": "Male", "race": "White"}"#, .wrongType,
            #"'age' must be a number, not the string "old""#, help: "write a number, or null for a missing value",
            at: 8, length: 5),
        Failure(
            #"{"age": "39", "hours": 40, "sex": "Male", "race": "White"}"#, .wrongType,
            #"'age' must be a number, not the string "39""#, help: "write the number without quotes", at: 8,
            length: 4),
        Failure(
            #"{"age": 39, "hours": [40], "sex": "Male", "race": "White"}"#, .wrongType,
            "'hours' must be a number, not an array", help: "write a number, or null for a missing value", at: 21,
            length: 4),
        Failure(
            #"{"age": 39, "hours": 40, "sex": true, "race": "White"}"#, .wrongType,
            "'sex' must be a string, not true",
            help: #"write "true" in quotes if it is a category, or null for a missing value"#, at: 32, length: 4),
        Failure(
            #"{"age": 39, "hours": 40, "sex": "M", "race": {"a": 1}}"#, .wrongType,
            "'race' must be a string, not an object", help: "write one string, or null for a missing value", at: 45,
            length: 8),
        Failure(
            #"{"request_id": true, "age": 39, "hours": 40, "sex": "M", "race": "W"}"#, .wrongType,
            "'request_id' must be a string or a number, not true", help: #"write "request_id": "r1""#, at: 15,
            length: 4),
        Failure(
            #"{"age": 39, "hours": 40, "sex": "Male"}"#, .missingFeature, "feature 'race' is missing",
            help: #"add "race": null for a missing value"#, at: 38, length: 1),
        Failure(
            #"{"age": 39, "hours": 40}"#, .missingFeature, "features 'sex' and 'race' are missing",
            help: #"add "sex": null, "race": null for missing values"#, at: 23, length: 1),
        // Offsets count characters: the family emoji is one character of 18 UTF-8 bytes.
        Failure(
            #"{"sex": "👩‍👩‍👧", "agex": 39, "hours": 40, "race": "White"}"#, .unknownFeature,
            "'agex' is not a feature of the model", help: "did you mean 'age'?", at: 13, length: 6),
        Failure(
            #"[{"age": 39}]"#, .wrongShape, "the payload must be a JSON object, not an array",
            help: #"send a record {"age": 39, …}, a Seldon {"data": …} or an Open Inference {"inputs": […]}"#,
            at: 0, length: 13),
        // Malformed JSON: the position is in the message and in offset/length.
        Failure(
            #"{"age": 39,}"#, .malformed,
            "malformed JSON at line 1, column 12: expected a key in double quotes, not '}'", help: nil, at: 11,
            length: 1),
        Failure(
            "{\n  \"age\": 039\n}", .malformed,
            "malformed JSON at line 2, column 10: '039' is not a JSON number (no leading zeros)",
            help: nil, at: 11, length: 3),
        Failure(
            #"{"age": 39} x"#, .malformed, "malformed JSON at line 1, column 13: unexpected text after the JSON value",
            help: nil, at: 12, length: 1),
        Failure(
            #"{"age": 39, "age": 40}"#, .malformed, #"malformed JSON at line 1, column 13: duplicate key "age""#,
            help: nil, at: 12, length: 5),
        // Past 16 members duplicates are found by a set: still found, still at the key.
        Failure(
            "{" + (0..<18).map { #""k\#($0)": 0"# }.joined(separator: ", ") + #", "k2": 1}"#, .malformed,
            #"malformed JSON at line 1, column 172: duplicate key "k2""#, help: nil, at: 171, length: 4),
        Failure(
            #"{"age": 39, "sex": 'M'}"#, .malformed,
            "malformed JSON at line 1, column 20: expected a value, not '''", help: nil, at: 19, length: 1),
        Failure(
            #"{"sex": "\ud800"}"#, .malformed, #"malformed JSON at line 1, column 10: unpaired surrogate '\ud800'"#,
            help: nil, at: 9, length: 6),
        Failure(
            #"{"age": True}"#, .malformed,
            "malformed JSON at line 1, column 9: 'True' is not a JSON value (strings need double quotes)", help: nil,
            at: 8, length: 4),
        Failure(
            #"{"age": 1e999}"#, .malformed, "malformed JSON at line 1, column 9: number 1e999 is out of range",
            help: nil, at: 8, length: 5),
        Failure(
            #"{"age": "ab"#, .malformed, "malformed JSON at line 1, column 9: the text ends inside a string", help: nil,
            at: 8, length: 1),
        Failure(
            "  ", .malformed, "malformed JSON at line 1, column 3: the payload is empty", help: nil, at: 2, length: 0),
        // Seldon.
        Failure(
            #"{"data": {"names": ["age", "hours", "sex", "race"], "ndarray": [[39, 40, "M", "W"], [50, 40, "F"]]}}"#,
            .wrongShape, "ndarray row 2 has 3 values for 4 names",
            help: "give one value per name, null for a missing one",
            near: #"[50, 40, "F"]"#, length: 13),
        Failure(
            #"{"data": {"names": ["age", "hours", "sex", "race"], "ndarray": [[39, 40, "M", "W"], ["x", 4, "F", "W"]]}}"#,
            .wrongType, #"'age' must be a number, not the string "x" (ndarray row 2)"#,
            help: "write a number, or null for a missing value", near: #""x""#, length: 3),
        Failure(
            #"{"data": {"names": ["age", "hours", "sex"], "ndarray": [[39, 40, "M"]]}}"#, .missingFeature,
            "feature 'race' is missing", help: #"add "race" to 'names' and null to each row for a missing value"#,
            near: #"], "ndarray""#, length: 1),
        Failure(
            #"{"data": {"names": ["age", "hours", "sex", "rac"], "ndarray": [[39, 40, "M", "W"]]}}"#,
            .unknownFeature, "'rac' is not a feature of the model", help: "did you mean 'race'?", near: #""rac""#,
            length: 5),
        // A name given twice: a feature, and the request id.
        Failure(
            #"{"data": {"names": ["age", "hours", "sex", "race", "sex"], "ndarray": [[39, 40, "M", "W", "F"]]}}"#,
            .wrongShape, "'sex' appears twice in 'names'", help: "name each column once", near: #""sex"]"#, length: 5),
        Failure(
            #"{"data": {"names": ["request_id", "age", "hours", "sex", "race", "request_id"], "ndarray": [["a", 39, 40, "M", "W", "b"]]}}"#,
            .wrongShape, "'request_id' appears twice in 'names'", help: "name each column once",
            near: #""request_id"]"#, length: 12),
        Failure(
            #"{"data": {"names": ["age", "hours", "sex", "race"], "tensor": {"shape": [1, 4], "values": [39, 1, 2, 3]}}}"#,
            .wrongShape,
            "the model's features 'sex' and 'race' are categorical, and a Seldon tensor holds numbers only",
            help: "send the rows as 'ndarray' (or 'jsonData' records), which hold strings", near: #""tensor""#,
            length: 8),
        Failure(
            #"{"data": {"names": ["age", "hours", "sex", "race"], "tftensor": {}}}"#, .wrongShape,
            "Seldon 'tftensor' payloads are not read, only 'ndarray' and 'tensor'",
            help: #"write {"data": {"names": ["age", …], "ndarray": [[39, …], …]}}"#, near: #""tftensor""#, length: 10),
        // A number for a category the model learned as words is a mistyped value, not a new level.
        Failure(
            #"{"age": 1, "hours": 2, "sex": 5, "race": 9}"#, .wrongType, "'sex' must be a string, not the number 5",
            help: #"its categories are words; write "5" in quotes if it is one, or null for a missing value"#,
            near: "5,", length: 1),
        Failure(
            #"{"data": {"names": ["age", "hours", "sex", "race"], "ndarray": []}}"#, .wrongShape,
            "'ndarray' has no rows", help: "send at least one row", near: "[]", length: 2),
        // Open Inference.
        Failure(
            #"{"inputs": [{"name": "age", "shape": [3], "datatype": "FP64", "data": [1, 2, 3]}, "#
                + #"{"name": "sex", "shape": [2], "datatype": "BYTES", "data": ["M", "F"]}]}"#,
            .wrongShape, "input 'sex' has shape [2] but 'age' has [3]", help: "give every input one value per row",
            near: "[2]", length: 3),
        Failure(
            #"{"inputs": [{"name": "age", "shape": [3], "datatype": "FP64", "data": [1, 2]}]}"#, .wrongShape,
            "input 'age' has shape [3] but holds 2 values", help: "give one value per row, null for a missing one",
            near: "[1, 2]", length: 6),
        Failure(
            #"{"inputs": [{"name": "age", "shape": [1, 2], "datatype": "FP64", "data": [3, 4]}]}"#, .wrongShape,
            "input 'age' has shape [1, 2]; an input is one column, of shape [N] or [N, 1]",
            help: "send one input per feature, as MLServer's pandas codec does", near: "[1, 2]", length: 6),
        Failure(
            #"{"inputs": [{"name": "age", "shape": [1], "datatype": "INT64", "data": [39.5]}, "# + rest + "]}",
            .wrongType,
            "input 'age' is INT64 but holds 39.5",
            help: "INT64 inputs hold whole numbers from -9223372036854775808 to 9223372036854775807",
            near: "39.5", length: 4),
        Failure(
            #"{"inputs": [{"name": "age", "shape": [1], "datatype": "UINT8", "data": [256]}, "# + rest + "]}",
            .wrongType,
            "input 'age' is UINT8 but holds 256", help: "UINT8 inputs hold whole numbers from 0 to 255", near: "256",
            length: 3),
        Failure(
            #"{"inputs": [{"name": "age", "shape": [1], "datatype": "BYTES", "data": ["39"]}, "# + rest + "]}",
            .wrongType,
            #"'age' must be a number, not the string "39""#, help: "write the number without quotes",
            near: #""39""#, length: 4),
        Failure(
            #"{"inputs": [{"name": "age", "shape": [1], "datatype": "INT128", "data": [1]}]}"#, .wrongShape,
            #"input 'age' has datatype "INT128", not an Open Inference datatype"#,
            help: "use BOOL, INT8 to INT64, UINT8 to UINT64, FP16, FP32, FP64 or BYTES", near: #""INT128""#,
            length: 8),
        Failure(
            #"{"id": 7, "inputs": []}"#, .wrongType, "'id' must be a string, not the number 7",
            help: #"write "id": "r1""#,
            at: 7, length: 1),
        Failure(
            #"{"inputs": [{"name": "age", "shape": [1], "datatype": "FP64", "data": [1]}]}"#, .missingFeature,
            "features 'hours', 'sex' and 'race' are missing",
            help: #"add inputs named "hours", "sex", "race" with null data for missing values"#, near: "]}", length: 1),
        Failure(
            #"{"data": {}, "inputs": []}"#, .wrongShape,
            "the payload has both 'data' (Seldon) and 'inputs' (Open Inference)", help: "send one of them",
            near: #""inputs""#, length: 8),
    ]

    @Test(arguments: failures) func jsonErrorsPointAtTheField(_ failure: Failure) throws {
        let error = #expect(throws: PayloadError.self) { try RequestReader.json(failure.payload, schema: schema) }
        #expect(error?.kind == failure.kind)
        #expect(error?.message == failure.message)
        #expect(error?.help == failure.help)
        let offset: Int
        if let at = failure.at {
            offset = at
        } else {
            let near = try #require(failure.near)
            offset = try #require(characterOffset(of: near, in: failure.payload))
        }
        #expect(error?.offset == offset)
        #expect(error?.length == failure.length)
        #expect(error?.line == nil && error?.field == nil)
    }

    /// The character offset of the last occurrence of `part` (the later one is the one at fault in these payloads).
    func characterOffset(of part: String, in text: String) -> Int? {
        text.ranges(of: part).last.map { text.distance(from: text.startIndex, to: $0.lowerBound) }
    }

    // MARK: - The JSON reader

    @Test func jsonValuesAndEscapes() throws {
        let value = try JSONValue.parse(
            #" {"s": "a\"b\\c\/d\b\f\n\r\t\u00e9\uD83D\uDE00", "n": [-0.5e2, 0, 1E+2, 12345678901234567890], "t": true, "f": false, "z": null} "#
        )
        guard case .string(let s) = value["s"]?.value.content else {
            Issue.record("no string")
            return
        }
        #expect(s == "a\"b\\c/d\u{8}\u{c}\n\r\té😀")
        guard case .array(let numbers) = value["n"]?.value.content else {
            Issue.record("no array")
            return
        }
        let parsed: [Double] = numbers.compactMap { if case .number(let n) = $0.content { n } else { nil } }
        #expect(parsed == [-50, 0, 100, 1.2345678901234567890e19])
        #expect(value["n"]?.value.range == 54..<93)
        if case .bool(true) = value["t"]?.value.content {} else { Issue.record("t is not true") }
        if case .null = value["z"]?.value.content {} else { Issue.record("z is not null") }
    }

    @Test(arguments: [
        (#"[1, 2"#, "the text ends where ',' or ']' was expected"),
        (#"{"a" 1}"#, "expected ':' after the key, not '1'"),
        (#"[01]"#, "'01' is not a JSON number (no leading zeros)"),
        (#"[1.]"#, "'1.' is not a JSON number (a digit must follow '.')"),
        (#"[-]"#, "'-' is not a JSON number (a digit must follow '-')"),
        (#"[.5]"#, "expected a value, not '.'"),
        (#"["a\qb"]"#, #"'\q' is not a JSON escape"#),
        (#"["\u12G4"]"#, #"'\u' must be followed by four hex digits"#),
        (#"["\uDC00"]"#, #"unpaired surrogate '\uDC00'"#),
        (#"["\uD800\u0041"]"#, #"unpaired surrogate '\uD800'"#),
        ("[\"a\tb\"]", #"control character U+0009 inside a string (write it escaped, as \n or \u00XX)"#),
        (#"[nul]"#, "'nul' is not a JSON value (strings need double quotes)"),
        (#"[nullx]"#, "'nullx' is not a JSON value (strings need double quotes)"),
        (#"{} {}"#, "unexpected text after the JSON value"),
    ])
    func jsonSyntaxErrors(_ text: String, _ message: String) {
        let error = #expect(throws: JSONSyntaxError.self) { try JSONValue.parse(text) }
        #expect(error?.message == message)
    }

    @Test func deepNestingIsRefusedNotOverflowed() {
        let deep = String(repeating: "[", count: 100_000)
        let error = #expect(throws: JSONSyntaxError.self) { try JSONValue.parse(deep) }
        #expect(error?.message == "nested deeper than 64 levels")
        #expect(error?.range == 64..<65)
        let ok = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect(throws: Never.self) { try JSONValue.parse(ok) }
    }

    // MARK: - CSV

    @Test func csvRowsWithBadOnesSetAside() throws {
        let text = """
            request_id,age,hours,sex,race,income
            r1,39,40,Male,White,>50K
            r2,old,40,Female,Black,<=50K
            r3,50,40,Female,Black
            r4,"61",20,"Male, retired","A ""quoted"" race",
            r5,?,,?,,
            r6,inf,1,Male,White,
            r7,30,40,"Fe
            male",White,

            r8, 31 ,40,Male,White,x,y
            r9,NA,7,NaN,White,
            """
        let batch = try RequestReader.csv(Array(text.utf8), source: "requests.csv", schema: schema)
        #expect(batch.ids == ["r1", "r4", "r5", "r7", "r9"])
        #expect(batch.lines == [2, 5, 6, 8, 12])
        #expect(numbers(batch, "age") == [39, 61, nil, 30, nil])
        #expect(numbers(batch, "hours") == [40, 20, nil, 40, 7])
        #expect(categories(batch, "sex") == ["Male", "Male, retired", nil, "Fe\nmale", nil])
        #expect(categories(batch, "race") == ["White", #"A "quoted" race"#, nil, "White", "White"])
        // Levels of rejected rows do not linger ("Female" was only in rows 3 and 4).
        if case .categorical(_, let levels) = batch.table.column(named: "sex")?.values {
            #expect(levels == ["Fe\nmale", "Male", "Male, retired"])
        }
        #expect(batch.table.source == "requests.csv")
        #expect(
            batch.rejected == [
                RejectedRequest(
                    line: 3, field: "age", message: #"'age' must be a number, not "old""#,
                    help: "fix the value, or leave the cell empty (or '?') for a missing one"),
                RejectedRequest(
                    line: 4, field: "income", message: "the row has 5 fields for 6 columns",
                    help: "give every column a value; leave a missing one empty or write '?'"),
                RejectedRequest(
                    line: 7, field: "age", message: #"'age' must be a finite number, not "inf""#,
                    help: "fix the value, or leave the cell empty (or '?') for a missing one"),
                RejectedRequest(
                    line: 11, field: nil, message: "the row has 7 fields for 6 columns",
                    help: "remove the extra fields, or quote values that hold ','"),
            ])
    }

    @Test func csvBrokenQuotesRejectTheirRow() throws {
        let text = "age,hours,sex,race\n1,2,\"M\"x,W\n3,4,F,W\n5,6,\"F,W\n"
        let batch = try RequestReader.csv(Array(text.utf8), source: "q.csv", schema: schema)
        #expect(numbers(batch, "age") == [3])
        #expect(batch.ids == [nil])
        #expect(batch.rejected.map(\.line) == [2, 4])
        #expect(batch.rejected.map(\.field) == ["sex", "sex"])
        #expect(
            batch.rejected.map(\.message) == [
                "unexpected text after the closing quote of 'sex'", "unterminated quoted field in 'sex'",
            ])
    }

    @Test func csvByteOrderMarkCRLFAndColumnOrder() throws {
        let text = "\u{FEFF}race,sex,request_id,hours,age\r\nWhite,Male,a,1,2\r\n\r\nBlack,Female,b,3,4\r\n"
        let batch = try RequestReader.csv(Array(text.utf8), source: "w.csv", schema: schema)
        #expect(batch.table.columns.map(\.name) == ["age", "hours", "sex", "race"])
        #expect(numbers(batch, "age") == [2, 4])
        #expect(categories(batch, "race") == ["White", "Black"])
        #expect(batch.ids == ["a", "b"])
        #expect(batch.lines == [2, 4])
    }

    @Test(arguments: [
        (
            "age,hours,sex,request_id\n1,2,M,a\n", PayloadError.Kind.missingFeature, "feature 'race' is missing",
            "add a column 'race'; empty cells or '?' are missing values", "race"
        ),
        (
            "age,sex\n1,M\n", .missingFeature, "features 'hours' and 'race' are missing",
            "add columns 'hours', 'race'; empty cells or '?' are missing values", "hours"
        ),
        (
            "age,hours,sexx,race\n1,2,M,W\n", .unknownFeature, "'sexx' is not a feature of the model",
            "did you mean 'sex'?", "sexx"
        ),
        (
            "a1,39,40,Male,White\n", .unknownFeature, "'a1' is not a feature of the model",
            "the first line looks like data: it must name the columns (request_id, age, hours, sex, …)", "a1"
        ),
        (
            "age,hours,sex,race,age\n1,2,M,W,3\n", .wrongShape, "column 'age' appears twice in the header",
            "name each column once", "age"
        ),
    ])
    func csvHeaderErrorsRefuseTheFile(
        _ text: String, _ kind: PayloadError.Kind, _ message: String, _ help: String, _ field: String
    ) {
        let error = #expect(throws: PayloadError.self) {
            try RequestReader.csv(Array(text.utf8), source: "h.csv", schema: schema)
        }
        #expect(error?.kind == kind)
        #expect(error?.message == message)
        #expect(error?.help == help)
        #expect(error?.line == 1)
        #expect(error?.field == field)
        #expect(error?.offset == nil)
    }

    @Test func csvEmptyFilesAndFilesOfBadRows() throws {
        let empty = #expect(throws: PayloadError.self) {
            try RequestReader.csv(Array("\n\n".utf8), source: "e.csv", schema: schema)
        }
        #expect(empty?.message == "the file is empty")
        let headerOnly = #expect(throws: PayloadError.self) {
            try RequestReader.csv(Array("age,hours,sex,race\n".utf8), source: "e.csv", schema: schema)
        }
        #expect(headerOnly?.message == "no requests after the header")
        let bad = try RequestReader.csv(Array("age,hours,sex,race\nx,1,M,W".utf8), source: "b.csv", schema: schema)
        #expect(bad.count == 0 && bad.rejected.count == 1)
    }

    /// The project's request file reads as the trainer's own loader reads it: the same numbers,
    /// levels and codes in every column.
    @Test func csvAgreesWithTheTrainersLoader() throws {
        let text = try #require(DatasetFiles.all().first { $0.name == "requests_v1.csv" }?.text)
        let kinds: [(String, Schema.Kind)] = [
            ("age", .numeric), ("workclass", .categorical), ("fnlwgt", .numeric), ("education", .categorical),
            ("education-num", .numeric), ("marital-status", .categorical), ("occupation", .categorical),
            ("relationship", .categorical), ("race", .categorical), ("sex", .categorical),
            ("capital-gain", .numeric), ("capital-loss", .numeric), ("hours-per-week", .numeric),
            ("native-country", .categorical),
        ]
        let census = RequestSchema(features: kinds.map { .init(name: $0.0, kind: $0.1) })
        let batch = try RequestReader.csv(Array(text.utf8), source: "requests_v1.csv", schema: census)
        #expect(batch.count == 500 && batch.rejected.isEmpty)
        #expect(batch.ids.first == "a0001" && batch.ids.last == "a0500")
        #expect(batch.lines.first == 2 && batch.lines.last == 501)
        let loaded = try TableLoader.load(CSVReader.parse(Array(text.utf8), source: "requests_v1.csv"))
        for (name, kind) in kinds {
            let mine = try #require(batch.table.column(named: name)), theirs = try #require(loaded.column(named: name))
            #expect(mine.kind == kind)
            switch (mine.values, theirs.values) {
            case (.numeric(let a), .numeric(let b)):
                #expect(a.map { $0.isNaN ? nil : $0 } == b.map { $0.isNaN ? nil : $0 }, "\(name)")
            case (.categorical(let a, let levelsA), .categorical(let b, let levelsB)):
                #expect(levelsA == levelsB, "\(name)")
                #expect(a == b, "\(name)")
            default:
                Issue.record("\(name): kinds differ")
            }
        }
        // Some cells of the file are '?': missing, as the loader has them.
        guard case .categorical(let codes, _) = batch.table.column(named: "native-country")?.values else {
            Issue.record("native-country is not categorical")
            return
        }
        #expect(codes.contains(-1))
    }

    @Test func csvReplaysFiftyThousandRows() throws {
        let text = try #require(DatasetFiles.all().first { $0.name == "requests_v1.csv" }?.text)
        let lines = text.split(separator: "\n")
        var big = lines[0] + "\n"
        for k in 0..<50_000 { big += lines[1 + k % 500] + "\n" }
        let model = try censusModel()
        let batch = try RequestReader.csv(Array(big.utf8), source: "big.csv", schema: RequestSchema(model))
        #expect(batch.count == 50_000)
        #expect(batch.ids[500] == "a0001" && batch.lines[49_999] == 50_001)
        let probabilities = try model.probabilities(batch.table)
        #expect(probabilities[0] == probabilities[500])
    }

    // MARK: - Schema from a model

    func censusModel() throws -> TrainedModel {
        let text = try #require(DatasetFiles.all().first { $0.name == "census.csv" }?.text)
        let table = try TableLoader.load(CSVReader.parse(Array(text.utf8), source: "census.csv"))
        let data = try LabeledData(table: table.rows(Array(0..<600)), target: "income", exclude: ["fnlwgt"])
        return try Trainer.train(
            .logistic, on: data, fingerprint: DataFingerprint(source: "census.csv", rows: 600, sha256: ""))
    }

    /// A model's schema reads its request file, and the model scores the batch as it scores the
    /// trainer's own table of the same file.
    @Test func schemaFromATrainedModel() throws {
        let model = try censusModel()
        let schema = RequestSchema(model)
        let names: [String] = [
            "age", "education-num", "capital-gain", "capital-loss", "hours-per-week", "workclass", "education",
            "marital-status", "occupation", "relationship", "race", "sex", "native-country",
        ]
        #expect(schema.features.map(\.name) == names)
        #expect(schema.features.map(\.kind).filter { $0 == .numeric }.count == 5)
        #expect(schema.ignored == ["fnlwgt", "income"])
        #expect(schema.idColumn == "request_id")
        let text = try #require(DatasetFiles.all().first { $0.name == "requests_v1.csv" }?.text)
        let batch = try RequestReader.csv(Array(text.utf8), source: "requests_v1.csv", schema: schema)
        let loaded = try TableLoader.load(CSVReader.parse(Array(text.utf8), source: "requests_v1.csv"))
        #expect(try model.probabilities(batch.table) == model.probabilities(loaded))
        // One record as JSON scores as its row of the file.
        let record = try RequestReader.json(
            #"{"request_id": "a0001", "age": 26, "workclass": "Private", "fnlwgt": 166905, "education": "HS-grad", "#
                + #""education-num": 9, "marital-status": "Married-spouse-absent", "occupation": "Other-service", "#
                + #""relationship": "Not-in-family", "race": "White", "sex": "Male", "capital-gain": 0, "#
                + #""capital-loss": 0, "hours-per-week": 40, "native-country": "Germany"}"#, schema: schema)
        #expect(try model.probabilities(record.table) == [model.probabilities(batch.table)[0]])
    }

    // MARK: - No input traps

    @Test func everyTruncationIsAnErrorOrABatch() {
        let payloads = [
            #"{"id": "q", "inputs": [{"name": "age", "shape": [2], "datatype": "INT64", "data": [39, 50]}, "#
                + #"{"name": "hours", "shape": [2, 1], "datatype": "FP64", "data": [[1.5e1], [null]]}, "#
                + #"{"name": "sex", "shape": [2], "datatype": "BYTES", "data": ["M\u00e9", "F\uD83D\uDE00"]}, "#
                + #"{"name": "race", "shape": [2], "datatype": "BYTES", "data": ["W", "B"]}]}"#,
            #"{"meta": {"puid": "p"}, "data": {"names": ["age", "hours", "sex", "race"], "#
                + #""ndarray": [[39, 40, "M", "W"], [-1.25, null, "👩‍👩‍👧", "B"]]}}"#,
        ]
        for payload in payloads {
            let characters = Array(payload)
            for count in 0...characters.count {
                let prefix = String(characters[..<count])
                do {
                    let batch = try RequestReader.json(prefix, schema: schema)
                    #expect(count == characters.count, "a prefix of \(count) characters was read")
                    #expect(batch.count == 2 && batch.ids.count == 2 && batch.lines.count == 2)
                } catch {
                    #expect(count < characters.count)
                    #expect(error.kind == .malformed)
                    #expect((error.offset ?? -1) >= 0 && (error.offset ?? .max) <= count)
                }
            }
        }
    }

    @Test func mutatedPayloadsNeverTrap() {
        let payload = Array(
            #"{"data": {"names": ["age", "hours", "sex", "race", "request_id"], "ndarray": [[39, 4e1, "M\n", "W", 7]]}}"#
        )
        // A combining accent joins the character before it: offsets must still count characters.
        let alphabet: [Character] = Array(#"{}[],:"\ u0123456789eE+-.tfnalsrx"#) + ["\u{301}", "é", "👩‍👩‍👧"]
        var generator = SeededGenerator(seed: 11)
        for _ in 0..<3000 {
            var mutated = payload
            for _ in 0..<Int.random(in: 1...3, using: &generator) {
                let position = Int.random(in: 0..<mutated.count, using: &generator)
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: mutated[position] = alphabet.randomElement(using: &generator)!
                case 1: mutated.remove(at: position)
                default: mutated.insert(alphabet.randomElement(using: &generator)!, at: position)
                }
                if mutated.isEmpty { mutated = ["{"] }
            }
            let text = String(mutated)
            do {
                let batch = try RequestReader.json(text, schema: schema)
                #expect(batch.ids.count == batch.count && batch.lines.count == batch.count)
            } catch {
                #expect((error.offset ?? 0) >= 0 && (error.offset ?? 0) <= text.count)
            }
        }
    }

    @Test func everyTruncatedCSVIsAnErrorOrABatch() {
        let text = Array("request_id,age,hours,sex,race\nr1,39,40,\"M, \"\"x\"\"\",W\r\nr2,1e3,,F,\"B\nC\"\n".utf8)
        for count in 0...text.count {
            do {
                let batch = try RequestReader.csv(Array(text[..<count]), source: "t.csv", schema: schema)
                #expect(batch.ids.count == batch.count && batch.lines.count == batch.count)
                #expect(
                    batch.table.columns.allSatisfy { column in
                        switch column.values {
                        case .numeric(let values): values.count == batch.count
                        case .categorical(let codes, let levels):
                            codes.count == batch.count && codes.allSatisfy { $0 < levels.count }
                        }
                    })
            } catch {
                #expect(error.line == 1)
            }
        }
    }

    // MARK: - Helpers

    func numbers(_ batch: RequestBatch, _ name: String) -> [Double?] {
        guard case .numeric(let values) = batch.table.column(named: name)?.values else { return [] }
        return values.map { $0.isNaN ? nil : $0 }
    }

    func categories(_ batch: RequestBatch, _ name: String) -> [String?] {
        guard case .categorical(let codes, let levels) = batch.table.column(named: name)?.values else { return [] }
        return codes.map { $0 < 0 ? nil : levels[Int($0)] }
    }
}
