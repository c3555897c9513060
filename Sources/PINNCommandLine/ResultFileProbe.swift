import ArgumentParser
import Foundation
import PINN

/// Reads an untrusted NetCDF result file in a child process before this process opens it.
///
/// libhdf5 1.10 (under libnetcdf) can crash with SIGSEGV inside `nc_open` or a read on a small
/// fraction of damaged files (about 3% of random byte flips of a result file): no check in Swift
/// can prevent that, since the crash is inside the library. So `plot` first runs this program
/// again as `__probe-netcdf PATH`, which reads everything `plot` reads and exits; only if that
/// child ends normally (success or a clean error) is the file read here, which then gives the
/// same result. A child killed by a signal becomes a clean error (exit 1).
enum ResultFileProbe {
    static let subcommand = "__probe-netcdf"

    /// How long the child may read before it is taken for hung (a result file of the largest
    /// grids reads in about a second).
    static let timeout: TimeInterval = 60

    /// Throws a `RunFailure` when reading `path` crashes the reader or does not end within
    /// `timeout` seconds; returns otherwise, also when the child cannot be started (then the
    /// file is read in-process, unprotected).
    static func check(_ path: String, timeout: TimeInterval = ResultFileProbe.timeout) throws {
        guard let exe = executablePath() else { return }
        try check(path, executable: exe, arguments: [subcommand, "--", path], timeout: timeout)  // a path may start with "-"
    }

    /// Runs `executable arguments` as the probe of `path`: a child killed by a signal, or one
    /// still running after `timeout` seconds (then killed), is a `RunFailure`.
    static func check(_ path: String, executable: String, arguments: [String], timeout: TimeInterval) throws {
        let child = Process()
        child.executableURL = URL(fileURLWithPath: executable)
        child.arguments = arguments
        child.standardInput = FileHandle.nullDevice
        child.standardOutput = FileHandle.nullDevice
        child.standardError = FileHandle.nullDevice
        // A crash is expected now and then: no backtrace (it would only slow the child down).
        var environment = ProcessInfo.processInfo.environment
        environment["SWIFT_BACKTRACE"] = "enable=no"
        child.environment = environment
        let ended = DispatchSemaphore(value: 0)
        child.terminationHandler = { _ in ended.signal() }
        do { try child.run() } catch { return }
        if ended.wait(timeout: .now() + timeout) == .timedOut {
            kill(child.processIdentifier, SIGKILL)
            ended.wait()
            throw RunFailure(message: "\(path) could not be read: the NetCDF reader did not finish within \(Int(timeout)) s (stopped); the file is damaged or not a result file written by pinn-solve")
        }
        if child.terminationReason == .uncaughtSignal {
            throw RunFailure(message: "\(path) is not a readable NetCDF result file (the reader crashed on it with signal \(child.terminationStatus)); it is damaged or was not written by pinn-solve")
        }
    }

    /// This program's file: /proc/self/exe on Linux (it names the running binary even when
    /// argv[0] is a bare name looked up on PATH), else the bundle's executable.
    static func executablePath() -> String? {
        #if os(Linux)
        if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"),
           FileManager.default.isExecutableFile(atPath: target) {
            return target
        }
        #endif
        return Bundle.main.executablePath
    }
}

/// `pinn-solve __probe-netcdf PATH...` (hidden): reads each result file as `plot` does and
/// prints one line per file, `ok PATH` or `error PATH: MESSAGE`, flushed at once (so a caller
/// reading many files learns which one a crash happened on); exit 0 when every file was
/// read, 1 otherwise. `ResultFileProbe` runs it; the result-file fuzz test runs it on batches.
struct ProbeNetCDF: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: ResultFileProbe.subcommand,
        abstract: "Read result files as `plot` does, in a process of their own (internal).",
        shouldDisplay: false)

    @Argument(help: "NetCDF result files.") var paths: [String] = []

    func run() throws {
        var failed = false
        for path in paths {
            var line = "ok \(path)\n"
            do { try ResultPlotter.readAll(resultPath: path) } catch {
                failed = true
                line = "error \(path): \("\(error)".replacingOccurrences(of: "\n", with: " "))\n"
            }
            FileHandle.standardOutput.write(Data(line.utf8))   // unbuffered
        }
        Foundation.exit(failed ? 1 : 0)
    }
}
