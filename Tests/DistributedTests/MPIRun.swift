import Foundation

/// Runs the `mpi-check` program (built next to the test bundle) with or without `mpirun`,
/// with a time limit, and returns its exit status and combined output.
enum MPIRun {
    struct Result {
        var status: Int32
        var output: String
        var timedOut: Bool
        var seconds: Double
        /// The output lines that start with `prefix` (a keyword such as "loss ").
        func lines(_ prefix: String) -> [String] {
            output.split(separator: "\n").map(String.init).filter { $0.hasPrefix(prefix) }
        }
    }

    /// The mpirun on PATH, or nil.
    static let mpirun: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/mpirun"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }()

    /// `mpi-check` in the directory of the running test executable (or one above it, for
    /// macOS bundles).
    static let checkProgram: String? = {
        let fm = FileManager.default
        let me = (try? fm.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var dir = URL(fileURLWithPath: me).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("mpi-check").path
            if fm.isExecutableFile(atPath: candidate) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return nil
    }()

    static var available: Bool { mpirun != nil && checkProgram != nil }

    /// Why the MPI tests cannot run here (for the skip message).
    static var unavailableReason: String {
        mpirun == nil ? "mpirun is not on PATH (install openmpi-bin: `make deps`)"
            : "the mpi-check program was not found next to the test executable (build it: `swift build --build-tests`)"
    }

    /// `mpirun --allow-run-as-root --oversubscribe -np <ranks> mpi-check <arguments>`, or
    /// mpi-check alone when `ranks` is nil. The child's environment has no MPI launcher
    /// variables of ours, so a test run that is itself under mpirun starts a fresh job.
    static func run(ranks: Int?, _ arguments: [String], timeout: Double = 60) throws -> Result {
        let program = checkProgram!
        let process = Process()
        if let ranks {
            process.executableURL = URL(fileURLWithPath: mpirun!)
            process.arguments = ["--allow-run-as-root", "--oversubscribe", "-np", "\(ranks)", program] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: program)
            process.arguments = arguments
        }
        var environment = ProcessInfo.processInfo.environment.filter { key, _ in
            !(key.hasPrefix("OMPI_") || key.hasPrefix("PMIX_") || key.hasPrefix("PMI_"))
        }
        environment["SWIFT_BACKTRACE"] = "enable=no"
        process.environment = environment
        let log = FileManager.default.temporaryDirectory
            .appendingPathComponent("mpi-check-\(getpid())-\(UUID().uuidString).log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: log) }
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice

        let start = Date()
        try process.run()
        var timedOut = false
        while process.isRunning {
            if Date().timeIntervalSince(start) > timeout {
                timedOut = true
                process.terminate()
                Thread.sleep(forTimeInterval: 2)
                if process.isRunning { kill(process.processIdentifier, SIGKILL) }
                break
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
        process.waitUntilExit()
        try handle.close()
        let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        return Result(status: process.terminationStatus, output: output, timedOut: timedOut,
                      seconds: Date().timeIntervalSince(start))
    }
}
