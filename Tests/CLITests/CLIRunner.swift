import Foundation
import Testing

/// Runs the built `pinn-solve` binary. It is looked up next to the test bundle
/// (`.build/<config>/pinn-solve`, which `swift test` builds with everything else); if it is
/// missing it is built once with `swift build -c <config> --product pinn-solve`.
enum CLI {
    struct Output: Sendable {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The package root: three levels above this file (Tests/CLITests/CLIRunner.swift).
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static let binary: Result<URL, BinaryError> = locate()

    struct BinaryError: Error, CustomStringConvertible { let description: String }

    static func locate() -> Result<URL, BinaryError> {
        let runner = URL(fileURLWithPath: Bundle.main.executablePath ?? CommandLine.arguments[0])
            .resolvingSymlinksInPath()
        // The test runner lives in .build/<triple>/<config>/ (or inside a .xctest bundle there).
        var dir = runner.deletingLastPathComponent()
        while dir.path.contains(".xctest") && dir.path != "/" { dir = dir.deletingLastPathComponent() }
        let candidate = dir.appendingPathComponent("pinn-solve")
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return .success(candidate) }
        let config = dir.lastPathComponent == "release" ? "release" : "debug"
        let build = Process()
        build.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        build.arguments = ["swift", "build", "-c", config, "--product", "pinn-solve"]
        build.currentDirectoryURL = packageRoot
        do { try build.run() } catch { return .failure(BinaryError(description: "cannot run swift build: \(error)")) }
        build.waitUntilExit()
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return .success(candidate) }
        return .failure(BinaryError(description: "no pinn-solve binary at \(candidate.path), and `swift build -c \(config) --product pinn-solve` in \(packageRoot.path) did not make one (status \(build.terminationStatus))"))
    }

    /// Runs `pinn-solve args...` in `directory` with COLUMNS=80 (help text wraps there).
    static func run(_ args: [String], in directory: URL? = nil, environment: [String: String] = [:]) throws -> Output {
        let process = try start(args, in: directory, environment: environment)
        process.process.waitUntilExit()
        return process.output()
    }

    final class Running {
        let process: Process
        let out: URL, err: URL
        init(process: Process, out: URL, err: URL) { self.process = process; self.out = out; self.err = err }
        /// Waits up to `seconds` for the process to end; past that kills it and records `why`
        /// (unless `why` is nil: the caller handles the kill).
        func finish(within seconds: Double, _ why: String?) -> Output {
            let deadline = Date().addingTimeInterval(seconds)
            while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                if let why { Issue.record(Comment(rawValue: why)) }
            }
            process.waitUntilExit()
            return output()
        }
        func output() -> Output {
            let text = { (u: URL) in (try? String(contentsOf: u, encoding: .utf8)) ?? "" }
            defer { try? FileManager.default.removeItem(at: out); try? FileManager.default.removeItem(at: err) }
            return Output(status: process.terminationStatus, stdout: text(out), stderr: text(err))
        }
    }

    /// Starts `pinn-solve args...` without waiting.
    static func start(_ args: [String], in directory: URL? = nil, environment: [String: String] = [:]) throws -> Running {
        let exe = try binary.get()
        let p = Process()
        p.executableURL = exe
        p.arguments = args
        p.currentDirectoryURL = directory
        var env = ProcessInfo.processInfo.environment
        env["COLUMNS"] = "80"
        env.removeValue(forKey: "LINES")
        for (k, v) in environment { env[k] = v }
        p.environment = env
        let tmp = FileManager.default.temporaryDirectory
        let token = UUID().uuidString
        let out = tmp.appendingPathComponent("pinn-cli-\(token).out"), err = tmp.appendingPathComponent("pinn-cli-\(token).err")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        p.standardOutput = try FileHandle(forWritingTo: out)
        p.standardError = try FileHandle(forWritingTo: err)
        p.standardInput = FileHandle.nullDevice
        try p.run()
        return Running(process: p, out: out, err: err)
    }

    /// A fresh temporary directory, removed by the caller with `cleanUp`.
    static func temporaryDirectory() throws -> URL {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("pinn-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        return d
    }
}

/// Expects `output` to have exited with `status` and its stderr to contain every fragment.
func expectFailure(_ output: CLI.Output, status: Int32, _ fragments: [String],
                   sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(output.status == status, "exit status \(output.status), expected \(status); stderr: \(output.stderr)",
            sourceLocation: sourceLocation)
    for f in fragments {
        #expect(output.stderr.contains(f), "stderr lacks \"\(f)\": \(output.stderr)", sourceLocation: sourceLocation)
    }
}
