import Foundation
import PINN
import Problems

/// Finds a bundled problem by name. An unknown name is a usage error that always suggests
/// the closest name (a name containing the given one first, then the least edit distance)
/// and lists them all.
func lookUpProblem(_ name: String) throws -> any ProblemDefinition {
    if let def = bundledProblems.problems.first(where: { $0.name == name }) { return def }
    let names = bundledProblems.names
    let needle = name.lowercased()
    let containing = names.filter { $0.contains(needle) || needle.contains($0) }
    let best = (containing.isEmpty ? names : containing).min { editDistance($0, needle) < editDistance($1, needle) }
    throw UsageError("unknown problem '\(name)'.\(best.map { " Did you mean '\($0)'?" } ?? "") Known problems: \(names.joined(separator: ", ")) (`pinn-solve list` describes them)")
}

/// Checks before any work that `path` can be written: its directory exists and is writable.
/// A path that cannot be written is a `RunFailure` (exit code 1).
func checkWritable(_ path: String, option: String) throws {
    let dir = URL(fileURLWithPath: path).deletingLastPathComponent().path
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDirectory), isDirectory.boolValue else {
        throw RunFailure(message: "cannot write \(option) \(path): the directory \(dir) does not exist; create it first")
    }
    guard FileManager.default.isWritableFile(atPath: dir) else {
        throw RunFailure(message: "cannot write \(option) \(path): the directory \(dir) is not writable")
    }
}
