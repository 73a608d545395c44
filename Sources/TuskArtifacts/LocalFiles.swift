import Foundation
import TuskCore
import TuskStore

#if canImport(Glibc)
    import Glibc
    private let systemRead = Glibc.read
#elseif canImport(Darwin)
    import Darwin
    private let systemRead = Darwin.read
#endif

/// Local files as a command may touch them: relative paths start at one base directory, and
/// nothing is ever written inside the store's own directory.
///
/// Writes go to a temporary file beside the target and are renamed over it, so a reader never
/// sees half a file and a failed write leaves the old one in place.
public struct LocalFiles: Sendable {
    /// The directory relative paths are resolved against (a scenario's folder, the shell's cwd).
    public let baseDirectory: String
    /// Directories no output may land in (the store's).
    public let protectedDirectories: [String]
    /// Where relative outputs go instead of the base directory (`tusk test`'s scratch directory,
    /// so checking a scenario never writes beside it); relative reads look there first, so a
    /// scenario reads back what it wrote.
    public let outputDirectory: String?

    public init(baseDirectory: String, protectedDirectories: [String] = [], outputDirectory: String? = nil) {
        self.baseDirectory = baseDirectory
        self.protectedDirectories = protectedDirectories.map { Self.canonical(URL(fileURLWithPath: $0)) }
        self.outputDirectory = outputDirectory
    }

    /// Where a path is read from.
    public func url(_ path: String) -> URL {
        if path.hasPrefix("/") { return URL(fileURLWithPath: path) }
        if let outputDirectory {
            let written = URL(fileURLWithPath: outputDirectory).appendingPathComponent(path)
            if FileManager.default.fileExists(atPath: written.path) { return written }
        }
        return URL(fileURLWithPath: baseDirectory).appendingPathComponent(path)
    }

    /// Where a path is written to.
    public func outputURL(_ path: String) -> URL {
        path.hasPrefix("/")
            ? URL(fileURLWithPath: path)
            : URL(fileURLWithPath: outputDirectory ?? baseDirectory).appendingPathComponent(path)
    }

    /// The whole file, or an error naming the path with a near neighbour when it is missing.
    ///
    /// Read with read(2) straight into the array: a data file is megabytes, and going through
    /// `Data` would copy it once more.
    public func read(_ path: String) throws(LocalFileError) -> [UInt8] {
        let (url, size) = try readable(path)
        let descriptor = open(url.path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw LocalFileError(
                .unreadable, path, "cannot read '\(path)': permission denied", help: "check its permissions")
        }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        // One byte more than the size, so that the end shows in one read; a file that grew is read on.
        var capacity = size + 1
        while true {
            var failed: Int32 = 0
            var ended = false
            let filled = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, initialized in
                while initialized < buffer.count {
                    let got = systemRead(descriptor, buffer.baseAddress! + initialized, buffer.count - initialized)
                    if got < 0 && errno == EINTR { continue }
                    if got < 0 { failed = errno }
                    if got <= 0 {
                        ended = true
                        return
                    }
                    initialized += got
                }
            }
            if failed != 0 {
                throw LocalFileError(
                    .unreadable, path, "cannot read '\(path)': \(String(cString: strerror(failed)).lowercased())")
            }
            if bytes.isEmpty { bytes = filled } else { bytes += filled }
            if ended { return bytes }
            capacity = max(capacity, 1 << 16)
        }
    }

    /// Where a file to read is, and its size, after checking it exists, is a regular file and
    /// can be opened: what a streaming reader needs before it starts.
    public func readable(_ path: String) throws(LocalFileError) -> (url: URL, size: Int) {
        let url = url(path)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            let siblings =
                (try? FileManager.default.contentsOfDirectory(atPath: url.deletingLastPathComponent().path)) ?? []
            let near = Suggestion.closest(to: url.lastPathComponent, among: siblings)
            let prefix = (path as NSString).deletingLastPathComponent
            throw LocalFileError(
                .notFound, path, "local file '\(path)' not found",
                help: near.map { "did you mean '\(prefix.isEmpty ? $0 : prefix + "/" + $0)'?" }
                    ?? "relative paths start at \(baseDirectory == FileManager.default.currentDirectoryPath ? "the current directory" : "the scenario's folder")"
            )
        }
        if isDirectory.boolValue {
            throw LocalFileError(.isDirectory, path, "'\(path)' is a directory", help: "name a file inside it")
        }
        let attributes = try? FileManager.default.attributesOfItem(atPath: url.path)
        guard attributes?[.type] as? FileAttributeType == .typeRegular else {
            throw LocalFileError(
                .unreadable, path, "'\(path)' is not a regular file (a device or a pipe)", help: "name a data file")
        }
        guard FileManager.default.isReadableFile(atPath: url.path) else {
            throw LocalFileError(
                .unreadable, path, "cannot read '\(path)': permission denied", help: "check its permissions")
        }
        return (url, (attributes?[.size] as? NSNumber)?.intValue ?? 0)
    }

    /// What a write did to the path.
    public enum WriteOutcome: String, Sendable, Codable {
        case created, replaced
    }

    /// Writes `bytes` to `path` atomically; refuses paths inside a protected directory.
    public func write(_ bytes: [UInt8], to path: String) throws(LocalFileError) -> WriteOutcome {
        let url = outputURL(path)
        let exists = FileManager.default.fileExists(atPath: url.path)
        try checkWritable(path, url)
        do {
            try Data(bytes).write(to: url, options: .atomic)
        } catch {
            throw LocalFileError(
                .unwritable, path, "cannot write '\(path)': \(Self.reason(error))",
                help: "check that the directory is writable")
        }
        return exists ? .replaced : .created
    }

    /// Refuses the store's directory, a directory in the way, or a missing parent.
    private func checkWritable(_ path: String, _ url: URL) throws(LocalFileError) {
        let target = Self.canonical(url)
        for directory in protectedDirectories where target == directory || target.hasPrefix(directory + "/") {
            throw LocalFileError(
                .insideStore, path, "'\(path)' is inside the store's directory", help: "write the file somewhere else")
        }
        // Any store's files, not only this one's: writing over another store's database (or its
        // log) would corrupt it. A directory holding a store's database is a store's directory.
        let directory = (target as NSString).deletingLastPathComponent
        if Store.isStore(directory: directory) {
            throw LocalFileError(
                .insideStore, path, "'\(path)' is inside a tusk store's directory (\(directory))",
                help: "write the file somewhere else; only the store writes its files")
        }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw LocalFileError(.isDirectory, path, "'\(path)' is a directory", help: "name a file inside it")
        }
        let parent = url.deletingLastPathComponent()
        if outputDirectory != nil, !path.hasPrefix("/") {
            // The scratch directory mirrors the folders a scenario writes into.
            try? FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        }
        guard FileManager.default.fileExists(atPath: parent.path, isDirectory: &isDirectory), isDirectory.boolValue
        else {
            throw LocalFileError(
                .unwritable, path, "cannot write '\(path)': its directory does not exist",
                help: "create the directory first")
        }
    }

    /// Starts writing a file that is streamed in: write to ``PendingFile/handle``, then
    /// ``PendingFile/finish()`` renames it over the target (or ``PendingFile/discard()``).
    /// The same checks as ``write(_:to:)``.
    public func beginWrite(_ path: String) throws(LocalFileError) -> PendingFile {
        let url = outputURL(path)
        let existed = FileManager.default.fileExists(atPath: url.path)
        try checkWritable(path, url)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).partial")
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil),
            let handle = FileHandle(forWritingAtPath: temporary.path)
        else {
            throw LocalFileError(
                .unwritable, path, "cannot write '\(path)': permission denied",
                help: "check that the directory is writable")
        }
        return PendingFile(path: path, target: url, temporary: temporary, handle: handle, existed: existed)
    }

    /// The path with symbolic links and `..` resolved, as far as it exists.
    static func canonical(_ url: URL) -> String {
        let resolved = url.standardizedFileURL.resolvingSymlinksInPath().path
        if FileManager.default.fileExists(atPath: resolved) { return resolved }
        // The file may not exist yet: resolve its directory.
        return url.deletingLastPathComponent().standardizedFileURL.resolvingSymlinksInPath().path + "/"
            + url.lastPathComponent
    }

    /// A system error in a few plain words, never a Foundation dump.
    static func reason(_ error: any Error) -> String {
        let error = error as NSError
        if let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code))).lowercased()
        }
        if error.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(error.code))).lowercased() }
        switch error.code {
        case NSFileWriteNoPermissionError, NSFileReadNoPermissionError: return "permission denied"
        case NSFileWriteOutOfSpaceError: return "no space left on the device"
        case NSFileWriteVolumeReadOnlyError: return "the file system is read-only"
        case NSFileNoSuchFileError, NSFileReadNoSuchFileError: return "no such file or directory"
        default: return "the system refused (code \(error.code))"
        }
    }
}

/// A local file being streamed in beside its target; it replaces the target only when finished.
public struct PendingFile {
    let path: String
    let target: URL
    let temporary: URL
    public let handle: FileHandle
    let existed: Bool

    /// Flushes and renames the written file over the target.
    public func finish() throws(LocalFileError) -> LocalFiles.WriteOutcome {
        do {
            try handle.synchronize()
            try handle.close()
            // rename(2) replaces the target atomically: a reader sees the old file or the new one.
            guard rename(temporary.path, target.path) == 0 else {
                throw NSError(domain: NSPOSIXErrorDomain, code: Int(errno))
            }
            return existed ? .replaced : .created
        } catch {
            discard()
            throw LocalFileError(.unwritable, path, "cannot write '\(path)': \(LocalFiles.reason(error))")
        }
    }

    /// Drops what was written; the target is as it was.
    public func discard() {
        try? handle.close()
        try? FileManager.default.removeItem(at: temporary)
    }
}
