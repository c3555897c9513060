import Foundation
import Testing
import TestSupport

/// The full path of an executable found on PATH, or nil.
func findExecutable(_ name: String) -> String? {
    let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
    return paths.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
}

/// Runs a program to completion and returns its exit status and combined output.
func runProgram(_ path: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// The path of a netcdf-bin tool (ncgen, ncdump); fails the test, naming the package, if absent.
func requireTool(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
    try #require(findExecutable(name),
                 "\(name) not found on PATH: install Debian's netcdf-bin (`make deps` does)",
                 sourceLocation: sourceLocation)
}

/// Deterministic pseudo-random doubles in [-1, 1) (SplitMix64), for test data.
func testValues(_ n: Int, seed: UInt64) -> [Double] {
    var state = seed
    return (0..<n).map { _ in
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Double(z >> 11) / Double(1 << 52) - 1
    }
}

/// Row-major flat index of `index` in `shape`.
func flatIndex(_ index: [Int], _ shape: [Int]) -> Int {
    zip(index, shape).reduce(0) { $0 * $1.1 + $1.0 }
}

/// All multi-indices of a box, row-major.
func allIndices(_ shape: [Int]) -> [[Int]] {
    shape.reduce([[]]) { partial, n in partial.flatMap { p in (0..<n).map { p + [$0] } } }
}
