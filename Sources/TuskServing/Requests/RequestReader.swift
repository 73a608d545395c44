import Foundation
import TuskCore
import TuskML

/// Reads the requests of a deployment's live model from what the router is sent, into one
/// ``RequestBatch`` checked against the model's ``RequestSchema``.
///
/// JSON payloads come in three shapes, told apart by their top-level keys:
///
/// - `data`: a Seldon payload, `{"data": {"names": ["age", "sex"], "ndarray": [[39, "Male"], …]}}`,
///   one request per row (`meta` may give a `puid`; other top-level keys are ignored);
/// - `inputs`: an Open Inference (KServe V2) payload, one tensor per feature as MLServer's pandas
///   codec writes them, `{"id": "r1", "inputs": [{"name": "age", "shape": [2], "datatype": "INT64",
///   "data": [39, 50]}, …]}`, shapes `[N]` or `[N, 1]`;
/// - anything else: one plain record, `{"age": 39, "sex": "Male"}`.
///
/// A field `request_id` (a key, a name, an input) gives a row its id. Otherwise the payload's id
/// (V2's `id`, Seldon's `meta.puid`) names its first row, and row k its k-th copy: `r1`, `r1-2`,
/// `r1-3`…, so every request of a payload routes on its own and the first keeps the payload's id.
///
/// A JSON payload is answered whole or not at all: the first field that is wrong is a
/// ``PayloadError`` that points at it in the text. A CSV file is a stream of requests: a header
/// that cannot be answered refuses the file, but a row that cannot be read is set aside in
/// ``RequestBatch/rejected`` and the others are kept.
///
///     let batch = try RequestReader.json(#"{"request_id": "a1", "age": 39, "sex": "Male"}"#, schema: schema)
///     batch.ids  // ["a1"]
public enum RequestReader {
    /// Reads a JSON payload: a plain record, a Seldon payload or an Open Inference one.
    ///
    /// Every feature of the schema must be there (`null` is a missing value, and so are `""` and
    /// `"?"` for a categorical feature, as in a CSV file); a field that is not
    /// a feature, not the id and not ignored is an error, as is a value of the wrong type: a
    /// numeric feature takes numbers, a categorical one strings (or numbers, named in their
    /// shortest form: 9 is `"9"`, when the model's levels of that feature are numbers).
    ///
    /// `binary` is the body after the JSON of an Open Inference request sent with the binary
    /// tensor extension: the inputs whose `parameters` give a `binary_data_size` take their
    /// elements from it, in the order they are listed, little-endian, BYTES elements each a
    /// 4-byte length and the bytes (as Triton's `extension_binary_data.md` has it).
    public static func json(_ text: String, binary: [UInt8] = [], schema: RequestSchema) throws(PayloadError)
        -> RequestBatch
    {
        try JSONRequests(text: JSONText(text: text), schema: schema, binary: binary).read()
    }

    /// Reads a CSV request file: a header naming the columns (`request_id` and the features, in
    /// any order), then one request per line.
    ///
    /// A header without every feature, or with a column the model does not know, refuses the
    /// file. A row with the wrong number of fields, a numeric cell that is not a number, or a
    /// broken quote is rejected, with its line and column, and left out of the table. Empty cells
    /// and `?` are missing values, as the trainer's CSV reader has them (and pandas' spellings:
    /// `NaN` anywhere, `NA`, `null`, `None`… in numeric columns).
    ///
    /// One pass over the bytes with the trainer's own CSV scanner and number parser: each cell is
    /// typed where it lies, categories are interned per column without making a String per cell,
    /// and columns are filled directly.
    public static func csv(_ bytes: [UInt8], source: String, schema: RequestSchema) throws(PayloadError)
        -> RequestBatch
    {
        // The scanner unescapes a quoted field with `""` in place, so a file that holds a quote
        // is read from the reader's own copy. A file without one (the common case) is never
        // written to (``CSVScanner`` writes only after a doubled quote): it is read where it is.
        let quoted = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress.map { memchr($0, Int32(UInt8(ascii: "\"")), buffer.count) != nil } ?? false
        }
        guard quoted else {
            return try bytes.withUnsafeBufferPointer { buffer in
                CSVRequests(bytes: UnsafeMutableBufferPointer(mutating: buffer), source: source, schema: schema).read()
            }.get()
        }
        var copy = bytes
        return try copy.withUnsafeMutableBufferPointer { buffer in
            CSVRequests(bytes: buffer, source: source, schema: schema).read()
        }.get()
    }
}
