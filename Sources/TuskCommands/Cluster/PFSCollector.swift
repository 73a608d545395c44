import Foundation

/// `tusk collect` in a Pachyderm container: what a `--collect` pipeline does in tusk, on the
/// real `/pfs`. Every file of every input, `/pfs/REPO/PATH`, becomes `/pfs/out/REPO/PATH`: the
/// layout of tusk's own collector.
///
/// The outputs are symbolic links to the inputs. Pachyderm uploads a link into an input by
/// reference, without copying its bytes (its documented way to shuffle files), just as tusk's
/// collector links files; with `emptyFiles` inputs it is the only way that keeps the contents.
package enum PFSCollector {
    /// Links every input file under `root/out`; returns one line per link, in path order.
    package static func collect(root: String = "/pfs") throws(ClusterExportError) -> [String] {
        let manager = FileManager.default
        let out = root + "/out"
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ClusterExportError(
                .io, "'\(root)' is not a directory",
                help: "run it as a Pachyderm step, or name the mounts with --pfs DIR")
        }
        var lines: [String] = []
        let inputs: [String]
        do {
            // Hidden entries are Pachyderm's own, never inputs.
            inputs = try manager.contentsOfDirectory(atPath: root).filter { $0 != "out" && !$0.hasPrefix(".") }.sorted()
        } catch {
            throw ClusterExportError(.io, "cannot read '\(root)': \(error.localizedDescription)")
        }
        for input in inputs {
            let paths: [String]
            do { paths = try files(in: root + "/" + input) } catch {
                throw ClusterExportError(.io, "cannot read '\(root)/\(input)': \(error.localizedDescription)")
            }
            for path in paths {
                let source = root + "/" + input + path
                let target = out + "/" + input + path
                do {
                    try manager.createDirectory(
                        atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                    try manager.createSymbolicLink(atPath: target, withDestinationPath: source)
                } catch {
                    throw .io(target, error)
                }
                lines.append("linked \(target) -> \(source)")
            }
        }
        return lines
    }

    /// The files under `directory` (following links, as Pachyderm may mount files as links), as
    /// paths starting with `/`, sorted.
    static func files(in directory: String) throws -> [String] {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: directory, isDirectory: &isDirectory) else { return [] }
        guard isDirectory.boolValue else { return [""] }
        var found: [String] = []
        for name in try manager.contentsOfDirectory(atPath: directory).sorted() {
            found += try files(in: directory + "/" + name).map { "/" + name + $0 }
        }
        return found
    }
}
