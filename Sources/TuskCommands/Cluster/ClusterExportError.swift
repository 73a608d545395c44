import TuskCore

/// Every error of the cluster export: one lowercase line naming the thing, and how to fix it.
package struct ClusterExportError: Error, Sendable, Equatable, CustomStringConvertible {
    package enum Kind: Sendable, Equatable {
        /// A name Pachyderm or Kubernetes would refuse, or two names that would collide there.
        case badName
        /// Something the cluster export does not write (a deploy step uploading to an unknown scheme).
        case unsupported
        /// The store could not be read.
        case store
        /// A file or directory could not be read or written.
        case io
    }

    package let kind: Kind
    package let message: String
    package let help: String?

    init(_ kind: Kind, _ message: String, help: String? = nil) {
        self.kind = kind
        self.message = message
        self.help = help
    }

    package var description: String { message + (help.map { " (\($0))" } ?? "") }

    static func store(_ error: any Error) -> Self { Self(.store, "cannot read the store: \(error)") }

    static func io(_ path: String, _ error: any Error) -> Self {
        Self(.io, "cannot write '\(path)': \(error.localizedDescription)")
    }
}
