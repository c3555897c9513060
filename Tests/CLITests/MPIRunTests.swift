import Foundation
import Testing

/// `mpirun -np 2 pinn-solve run ...` trains data-parallel and follows the one-process
/// trajectory: both ranks draw the same global batch and keep half of it, so the averaged
/// loss and gradient equal the one-process ones up to summation order.
@Suite struct MPIRunTests {
    static let mpirun: String? = ["/usr/bin/mpirun", "/usr/local/bin/mpirun"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    func finalLoss(_ dir: URL, _ name: String) throws -> Double {
        let data = try Data(contentsOf: dir.appendingPathComponent(name))
        let obj = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return try #require(obj["final_loss"] as? Double)
    }

    @Test(.disabled(if: mpirun == nil, "mpirun is not installed (Debian: openmpi-bin)"))
    func twoRanksFollowTheOneProcessTrajectory() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let args = ["run", "poisson-2d", "--phases", "adam:40", "--batch", "200", "--evaluate-every", "0",
                    "--threads", "1", "--seed", "5", "--quiet"]
        let one = try CLI.run(args + ["--summary", "one.json"], in: dir)
        #expect(one.status == 0, "\(one.stderr)")
        let exe = try CLI.binary.get().path
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Self.mpirun!)
        p.arguments = ["--allow-run-as-root", "--oversubscribe", "-np", "2", exe] + args + ["--summary", "two.json"]
        p.currentDirectoryURL = dir
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        try p.run()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "\(text)")
        #expect(text.contains("processes:       2"), "\(text)")
        let a = try finalLoss(dir, "one.json"), b = try finalLoss(dir, "two.json")
        #expect(Swift.abs(a - b) / a < 1e-10, "final loss \(a) (1 process) vs \(b) (2 ranks)")
    }

    /// A usage error on the ranks ends the whole job with its message, not a hang.
    @Test(.disabled(if: mpirun == nil, "mpirun is not installed (Debian: openmpi-bin)"))
    func aFailingRankEndsTheJob() throws {
        let exe = try CLI.binary.get().path
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Self.mpirun!)
        p.arguments = ["--allow-run-as-root", "--oversubscribe", "-np", "2", exe, "run", "poisson-2d",
                       "--config", "/nonexistent/settings.toml"]
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        let start = Date()
        try p.run()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus != 0, "\(text)")
        #expect(text.contains("settings.toml"), "\(text)")
        #expect(Date().timeIntervalSince(start) < 60)
        // Every error line names its rank: "Error: rank R of N: ...".
        #expect(text.contains("Error: rank 0 of 2: cannot read config file '/nonexistent/settings.toml'")
                || text.contains("Error: rank 1 of 2: cannot read config file '/nonexistent/settings.toml'"), "\(text)")
    }

    /// An error found before MPI starts (a bad option, on every rank) names the rank too, and
    /// no error line lacks the `Error: rank R of 2:` form.
    @Test(.disabled(if: mpirun == nil, "mpirun is not installed (Debian: openmpi-bin)"))
    func errorLinesNameTheRank() throws {
        let exe = try CLI.binary.get().path
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Self.mpirun!)
        p.arguments = ["--allow-run-as-root", "--oversubscribe", "-np", "2", exe, "run", "poisson-2d", "--bogus"]
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        try p.run()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus != 0, "\(text)")
        #expect(text.contains("Error: rank 0 of 2: Unknown option '--bogus'") || text.contains("Error: rank 1 of 2: Unknown option '--bogus'"), "\(text)")
        let errors = text.split(separator: "\n").filter { $0.hasPrefix("Error") }
        #expect(errors.allSatisfy { $0.hasPrefix("Error: rank ") && $0.contains(" of 2: ") }, "\(errors)")
    }

    /// An interrupted job ends with an error on every rank: rank 0 reports the run, the other
    /// ranks say they were interrupted (they ended with exit 0 before). The signal goes to
    /// mpirun, which passes it on, once the first checkpoint shows that training runs.
    @Test(.disabled(if: mpirun == nil, "mpirun is not installed (Debian: openmpi-bin)"))
    func interruptionEndsEveryRankWithAnError() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let checkpoint = dir.appendingPathComponent("c.ckpt").path
        let p = try SpawnedCLI(["run", "poisson-2d", "--phases", "adam:1000000", "--threads", "1", "--quiet",
                                "--evaluate-every", "0", "--checkpoint", checkpoint, "--checkpoint-every", "20"],
                               launcher: [Self.mpirun!, "--allow-run-as-root", "--oversubscribe", "-np", "2"])
        let started = p.wait(upTo: 120) { FileManager.default.fileExists(atPath: checkpoint) }
        #expect(started, "no checkpoint after 120 s: \(p.standardError)")
        p.send(SIGINT)
        let ending = p.finish(within: 60)
        let text = p.standardError
        #expect(ending != .hung && ending != .exited(0), "mpirun: \(ending)\n\(text)")
        #expect(text.contains("Error: rank 0 of 2: interrupted by SIG"), "\(text)")
        #expect(text.contains("Error: rank 1 of 2: interrupted at step"), "\(text)")
    }
}
