extension SingleValueDecodingContainer {
    /// A name stored as a plain JSON string, checked by `parse` when read back: a malformed one is
    /// a `DecodingError` at its field, so whoever reads the record can name the record and the field.
    ///
    ///     self = try decoder.singleValueContainer().decodeName { text throws(NameError) in try Self(text) }
    public func decodeName<Name>(_ parse: (String) throws(NameError) -> Name) throws -> Name {
        let text = try decode(String.self)
        do { return try parse(text) } catch {
            throw DecodingError.dataCorruptedError(in: self, debugDescription: error.message)
        }
    }
}
