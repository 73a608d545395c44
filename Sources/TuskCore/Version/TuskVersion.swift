/// The version of tusk, as `tusk --version` prints it and exported artifacts record it.
public enum TuskVersion {
    public static let current = "0.1.0"
}
