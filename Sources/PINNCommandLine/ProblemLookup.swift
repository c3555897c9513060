import Foundation
import PINN

/// Finds a bundled problem by name. An unknown name is a usage error that always suggests
/// the closest name (a name containing the given one first, then the least edit distance)
/// and lists them all.
func lookUpProblem(_ name: String) throws -> any ProblemDefinition {
    if let def = CommandLineContext.catalog.problems.first(where: { $0.name == name }) { return def }
    let names = CommandLineContext.catalog.names
    guard name.count <= 100 else {
        throw UsageError("unknown problem '\(name.prefix(40))...' (\(name.utf8.count) bytes). Known problems: \(names.joined(separator: ", "))")
    }
    let best = closestName(to: name, among: names, within: .max)
    throw UsageError("unknown problem '\(name)'.\(best.map { " Did you mean '\($0)'?" } ?? "") Known problems: \(names.joined(separator: ", ")) (`pinn-solve list` describes them)")
}

/// Checks before any work that `path` can be written: it is not a device, a FIFO or a
/// directory (`ReplacedFile`, which follows a symbolic link to the file it names), its
/// directory exists and is writable, and a file can really be created beside it (a probe file
/// with the temporary name the atomic write will use, removed at once). A path that cannot be
/// written is a `RunFailure` (exit code 1).
func checkWritable(_ given: String, option: String) throws {
    func fail(_ why: String) -> RunFailure { RunFailure(message: "cannot write \(option) \(given): \(why)") }
    if given.isEmpty || (given as NSString).lastPathComponent.isEmpty { throw fail("the path names no file") }
    let path: String
    do { path = try ReplacedFile.target(of: given) } catch { throw fail(error.reason) }
    let name = (path as NSString).lastPathComponent
    if name.utf8.count > TemporaryName.maximumNameBytes {
        throw fail("the file name has \(name.utf8.count) bytes; a file name has at most \(TemporaryName.maximumNameBytes)")
    }
    let dir = URL(fileURLWithPath: path).deletingLastPathComponent().path
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDirectory), isDirectory.boolValue else {
        throw fail("the directory \(dir) does not exist; create it first")
    }
    guard FileManager.default.isWritableFile(atPath: dir) else { throw fail("the directory \(dir) is not writable") }
    if FileManager.default.fileExists(atPath: path), !FileManager.default.isWritableFile(atPath: path) {
        throw fail("the file exists and is not writable")
    }
    let probe = TemporaryName.sibling(of: path)
    TemporaryFiles.register(probe)
    defer { TemporaryFiles.unregister(probe) }
    let fd = open(probe, O_WRONLY | O_CREAT | O_EXCL, 0o600)
    guard fd >= 0 else { throw fail("cannot create a file in \(dir): \(String(cString: strerror(errno)))") }
    close(fd)
    unlink(probe)
}

/// The path a name refers to, for comparing names: absolute, standardised, with symbolic
/// links resolved (of the file when it exists, of its directory otherwise).
func resolvedPath(_ path: String) -> String {
    let url = URL(fileURLWithPath: path).standardizedFileURL
    if FileManager.default.fileExists(atPath: url.path) { return url.resolvingSymlinksInPath().path }
    return url.deletingLastPathComponent().resolvingSymlinksInPath().appendingPathComponent(url.lastPathComponent).path
}

/// Refuses (usage error) two outputs that name one file, or an output that names an input:
/// one would overwrite the other. `allowed` lists (output option, input option) pairs that may
/// share a file (a checkpoint resumed and written again).
func checkDistinct(outputs: [(option: String, path: String?)], inputs: [(option: String, path: String?)],
                   allowed: Set<[String]> = []) throws {
    let outs = outputs.compactMap { o in o.path.map { (o.option, $0, resolvedPath($0)) } }
    let ins = inputs.compactMap { i in i.path.map { (i.option, $0, resolvedPath($0)) } }
    for (i, a) in outs.enumerated() {
        for b in outs[(i + 1)...] where a.2 == b.2 {
            throw UsageError("\(a.0) \(a.1) and \(b.0) \(b.1) name the same file; give each output its own path")
        }
        for b in ins where a.2 == b.2 && !allowed.contains([a.0, b.0]) {
            throw UsageError("\(a.0) \(a.1) would overwrite the input \(b.0) \(b.1); write the output elsewhere")
        }
    }
}
