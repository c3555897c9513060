import Foundation
import Testing

/// A `pinn-solve` process started with `posix_spawn`, for the signal tests: unlike Foundation's
/// `Process` it lets the test choose the signal mask the child starts with, resets SIGINT,
/// SIGTERM and SIGPIPE to their default actions whatever the test runner set (an ignored signal
/// stays ignored across exec), and can give the child a standard output pipe whose reading end
/// is closed at once (`pinn-solve run ... | head -1`).
final class SpawnedCLI {
    let pid: pid_t
    let errPath: String

    /// - Parameters:
    ///   - blockingStopSignals: start the child with SIGINT and SIGTERM blocked.
    ///   - closedStandardOutput: standard output is a pipe nobody reads (closed at once);
    ///     otherwise /dev/null.
    ///   - closedStandardError: standard error too (`2>&1 | head -1`); otherwise a file.
    ///   - launcher: a program and its arguments that run pinn-solve (`mpirun -np 2`); the
    ///     signals go to the launcher.
    init(_ args: [String], blockingStopSignals: Bool = false, closedStandardOutput: Bool = false,
         closedStandardError: Bool = false, launcher: [String] = []) throws {
        let binary = try CLI.binary.get().path
        let exe = launcher.first ?? binary
        errPath = FileManager.default.temporaryDirectory.appendingPathComponent("pinn-spawn-\(UUID().uuidString).err").path
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        var pipeEnds: [Int32] = [-1, -1]
        if closedStandardOutput {
            guard pipe(&pipeEnds) == 0 else { throw CLI.BinaryError(description: "pipe failed") }
            posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], 1)
            if closedStandardError { posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], 2) }
            posix_spawn_file_actions_addclose(&actions, pipeEnds[0])
            posix_spawn_file_actions_addclose(&actions, pipeEnds[1])
        } else {
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t(), mask = sigset_t()
        sigemptyset(&defaults)
        for s in [SIGINT, SIGTERM, SIGPIPE] { sigaddset(&defaults, s) }
        sigemptyset(&mask)
        if blockingStopSignals { sigaddset(&mask, SIGINT); sigaddset(&mask, SIGTERM) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &mask)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        var env = ProcessInfo.processInfo.environment
        env["COLUMNS"] = "80"
        let argv: [UnsafeMutablePointer<CChar>?] = (launcher + [binary] + args).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for p in argv + envp { free(p) } }
        var child: pid_t = 0
        let rc = posix_spawn(&child, exe, &actions, &attributes, argv, envp)
        if closedStandardOutput { close(pipeEnds[0]); close(pipeEnds[1]) }
        guard rc == 0 else { throw CLI.BinaryError(description: "posix_spawn \(exe) failed: \(rc)") }
        pid = child
    }

    deinit { try? FileManager.default.removeItem(atPath: errPath) }

    func send(_ s: Int32) { kill(pid, s) }

    var standardError: String { (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "" }

    /// Whether the process has a handler for SIGINT (its `SigCgt` in /proc): pinn-solve's
    /// `main` has started.
    var catchesSIGINT: Bool {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("SigCgt:") }),
              let bits = UInt64(line.dropFirst(7).trimmingCharacters(in: .whitespaces), radix: 16) else { return false }
        return bits & (1 << UInt64(SIGINT - 1)) != 0
    }

    /// CPU seconds the process has used (user + system, from /proc/PID/stat; 0 when unknown).
    var cpuSeconds: Double {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return 0 }
        // Fields after the command name: state is field 3, utime 14 and stime 15.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// Waits up to `seconds` for `condition`, polling every millisecond.
    @discardableResult
    func wait(upTo seconds: Double, for condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while !condition() {
            if Date() > deadline { return false }
            usleep(1000)
        }
        return true
    }

    /// How the process ended: its exit code, or the signal that killed it.
    enum Ending: Equatable, CustomStringConvertible {
        case exited(Int32), killed(Int32), hung
        var description: String {
            switch self {
            case .exited(let c): return "exit code \(c)"
            case .killed(let s): return "killed by signal \(s)"
            case .hung: return "still running (killed by the test)"
            }
        }
    }

    /// Waits up to `seconds` for the process to end; past that kills it and returns `.hung`.
    func finish(within seconds: Double) -> Ending {
        var status: Int32 = 0
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid { break }
            if r < 0 { return .hung }
            if Date() > deadline {
                kill(pid, SIGKILL)
                waitpid(pid, &status, 0)
                return .hung
            }
            usleep(2000)
        }
        return status & 0x7f == 0 ? .exited((status >> 8) & 0xff) : .killed(status & 0x7f)
    }
}
