import Foundation
import PINN
import Testing

/// SIGINT, SIGTERM and SIGPIPE against the built binary (Docs/cli.md, "Exit codes"): at any
/// moment a stop signal ends pinn-solve with exit code 1 and an `Error: interrupted by ...`
/// message, leaves no temporary file, and every file it leaves is complete (the summary says
/// "interrupted"); a closed standard output does not stop a run.
@Suite struct SignalTests {
    /// A run of poisson-1d that would train for a long time; f64 so the checkpoint reads as Double.
    static let longRun = ["run", "poisson-1d", "--phases", "adam:1000000", "--precision", "f64", "--threads", "1"]

    struct Files {
        let dir: URL
        var summary: String { dir.appendingPathComponent("s.json").path }
        var result: String { dir.appendingPathComponent("r.nc").path }
        var checkpoint: String { dir.appendingPathComponent("c.ckpt").path }
        var all: [String] { ["--summary", summary, "--output", result, "--checkpoint", checkpoint] }
        var entries: Set<String> { Set((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []) }

        /// The summary's JSON, or nil when there is none.
        func summaryJSON(sourceLocation: SourceLocation = #_sourceLocation) -> [String: Any]? {
            guard let data = FileManager.default.contents(atPath: summary) else { return nil }
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
            #expect(object != nil, "the summary is not complete JSON: \(String(decoding: data, as: UTF8.self))", sourceLocation: sourceLocation)
            return object
        }

        /// Nothing but the run's own files is left (no temporary file), and each is complete:
        /// the summary parses and says "interrupted", the result file and checkpoint read.
        func expectCompleteAndInterrupted(sourceLocation: SourceLocation = #_sourceLocation) {
            let extra = entries.subtracting(["s.json", "r.nc", "c.ckpt", "c.ckpt.json"])
            #expect(extra.isEmpty, "files left behind: \(extra.sorted())", sourceLocation: sourceLocation)
            if let s = summaryJSON(sourceLocation: sourceLocation) {
                let status = s["status"] as? String ?? ""
                #expect(status.hasPrefix("interrupted"), "summary status '\(status)'", sourceLocation: sourceLocation)
            }
            if FileManager.default.fileExists(atPath: result) {
                #expect(throws: Never.self, sourceLocation: sourceLocation) { _ = try ResultFile.read(from: result) }
            }
            if FileManager.default.fileExists(atPath: checkpoint) {
                #expect(throws: Never.self, sourceLocation: sourceLocation) { _ = try Checkpoint<Double>.read(from: checkpoint) }
            }
        }
    }

    func withFiles(_ body: (Files) throws -> Void) throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try body(Files(dir: dir))
    }

    func expectInterrupted(_ ending: SpawnedCLI.Ending, _ process: SpawnedCLI, by signal: String = "SIGINT",
                           _ fragments: [String] = [], sourceLocation: SourceLocation = #_sourceLocation) {
        let err = process.standardError
        #expect(ending == .exited(1), "\(ending); stderr: \(err)", sourceLocation: sourceLocation)
        let last = err.split(separator: "\n").last.map(String.init) ?? ""
        #expect(last.hasPrefix("Error: interrupted by \(signal)"), "stderr: \(err)", sourceLocation: sourceLocation)
        for f in fragments { #expect(err.contains(f), "stderr lacks \"\(f)\": \(err)", sourceLocation: sourceLocation) }
    }

    /// Waits until the run has printed the progress line of `step` (--log prints every 100).
    func waitForStep(_ p: SpawnedCLI, _ step: Int, sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        let ok = p.wait(upTo: 120) { p.standardError.contains("] step \(step) ") }
        #expect(ok, "no progress line for step \(step): \(p.standardError)", sourceLocation: sourceLocation)
        return ok
    }

    // MARK: Start-up

    /// A signal sent before pinn-solve's code runs, to a child started with SIGINT blocked (as
    /// a supervisor that must not lose it would): it is held through the BLAS re-execution
    /// and handled as soon as the handlers are installed.
    @Test func signalHeldFromBeforeMainEndsTheProcessWithExitCode1() throws {
        try withFiles { f in
            let p = try SpawnedCLI(Self.longRun + f.all, blockingStopSignals: true)
            p.send(SIGINT)
            expectInterrupted(p.finish(within: 60), p, ["during start-up; nothing was written"])
            #expect(f.entries.isEmpty, "\(f.entries)")
        }
    }

    /// A signal 0, 20 or 100 ms after the handlers are installed (before, the dynamic loader
    /// is still loading the libraries and no program can handle it): wherever it lands (start-up,
    /// set-up, the first steps), exit code 1, a message, and only complete files.
    @Test(arguments: [0, 20, 100])
    func signalSoonAfterStartEndsTheProcessWithExitCode1(milliseconds: Int) throws {
        try withFiles { f in
            let p = try SpawnedCLI(Self.longRun + f.all)
            #expect(p.wait(upTo: 30) { p.catchesSIGINT }, "pinn-solve installed no SIGINT handler")
            usleep(UInt32(milliseconds * 1000))
            p.send(SIGINT)
            expectInterrupted(p.finish(within: 60), p)
            f.expectCompleteAndInterrupted()
            if p.standardError.contains("before training started") {
                #expect(f.summaryJSON()?["status"] as? String == "interrupted before training started")
            }
        }
    }

    /// A signal while `run` computes its reference (a burgers-1d run spends about 1.2 CPU
    /// seconds before its first step, all but 0.1 of them in the spectral solve of its
    /// reference, so a signal after 0.5 CPU seconds lands in that solve): the process ends at
    /// once, with the summary written in advance and no checkpoint or result file.
    @Test func signalWhileComputingTheReferenceWritesTheSummary() throws {
        try withFiles { f in
            let p = try SpawnedCLI(["run", "burgers-1d", "--threads", "1", "--quiet"] + f.all)
            #expect(p.wait(upTo: 60) { p.cpuSeconds >= 0.5 }, "pinn-solve used no CPU time")
            p.send(SIGTERM)
            expectInterrupted(p.finish(within: 30), p, by: "SIGTERM",
                              ["before training started; no checkpoint or result file was written; \(f.summary) records the interruption"])
            #expect(f.entries == ["s.json"], "\(f.entries.sorted())")
            let s = try #require(f.summaryJSON())
            #expect(s["status"] as? String == "interrupted before training started" && s["steps"] as? Int == 0, "\(s)")
        }
    }

    /// `evaluate` stopped while it computes the reference of the checkpoint's problem
    /// (burgers-1d's spectral solve, as above): exit code 1, no result file or summary, no
    /// temporary file; the checkpoint and its settings file untouched.
    @Test func interruptedEvaluateWritesNothing() throws {
        try withFiles { f in
            let made = try CLI.run(["run", "burgers-1d", "--phases", "adam:2", "--threads", "1", "--quiet",
                                    "--checkpoint", f.checkpoint], in: f.dir)
            #expect(made.status == 0, "\(made.stderr)")
            let before = try Data(contentsOf: URL(fileURLWithPath: f.checkpoint))
            let p = try SpawnedCLI(["evaluate", "--checkpoint", f.checkpoint, "--output", f.result, "--summary", f.summary,
                                    "--threads", "1"])
            #expect(p.wait(upTo: 60) { p.cpuSeconds >= 0.5 }, "pinn-solve used no CPU time")
            p.send(SIGTERM)
            expectInterrupted(p.finish(within: 30), p, by: "SIGTERM", ["during evaluate"])
            #expect(f.entries == ["c.ckpt", "c.ckpt.json"], "\(f.entries.sorted())")
            #expect(try Data(contentsOf: URL(fileURLWithPath: f.checkpoint)) == before)
        }
    }

    // MARK: During training

    /// Without --checkpoint: the run stops at the next step and writes its result file and
    /// summary, both saying "interrupted".
    @Test func sigintDuringTrainingWritesTheSummaryAndResult() throws {
        try withFiles { f in
            let p = try SpawnedCLI(Self.longRun + ["--log", "--summary", f.summary, "--output", f.result])
            guard waitForStep(p, 100) else { return }
            p.send(SIGINT)
            expectInterrupted(p.finish(within: 60), p, ["at step", "no checkpoint was written", "(status interrupted)"])
            f.expectCompleteAndInterrupted()
            let s = try #require(f.summaryJSON())
            #expect(s["status"] as? String == "interrupted" && (s["steps"] as? Int ?? 0) >= 100, "\(s)")
            let file = try ResultFile.read(from: f.result)
            #expect(file.settings["status"].map { "\($0)" }?.contains("interrupted") == true, "\(file.settings)")
            #expect(f.entries == ["s.json", "r.nc"])
        }
    }

    /// SIGTERM with --checkpoint: the checkpoint is complete and resumable; the resumed run
    /// continues from its step (and, interrupted in turn, leaves a later checkpoint).
    @Test func sigtermDuringTrainingLeavesAResumableCheckpoint() throws {
        try withFiles { f in
            let p = try SpawnedCLI(Self.longRun + ["--log"] + f.all)
            guard waitForStep(p, 100) else { return }
            p.send(SIGTERM)
            expectInterrupted(p.finish(within: 60), p, by: "SIGTERM", ["the checkpoint \(f.checkpoint) is complete", "--resume \(f.checkpoint)"])
            f.expectCompleteAndInterrupted()
            #expect(f.entries == ["s.json", "r.nc", "c.ckpt", "c.ckpt.json"])
            let first = try Checkpoint<Double>.read(from: f.checkpoint)
            #expect(f.summaryJSON()?["steps"] as? Int == first.step)

            let q = try SpawnedCLI(Self.longRun + ["--log", "--resume", f.checkpoint] + f.all)
            let next = (first.step / 100 + 2) * 100
            guard waitForStep(q, next) else { return }
            q.send(SIGINT)
            expectInterrupted(q.finish(within: 60), q, ["the checkpoint \(f.checkpoint) is complete"])
            let second = try Checkpoint<Double>.read(from: f.checkpoint)
            #expect(second.step >= next && second.history.first?.step == 0, "resumed to step \(second.step)")
        }
    }

    /// Two signals 1, 5 or 20 ms apart: the second lands while the run stops (checkpoint,
    /// final evaluation, result file, summary) and ends it at once. No temporary file is left;
    /// the summary is there and says "interrupted"; every other file is absent or complete, and
    /// the checkpoint (written every 50 steps) is one of them.
    @Test(arguments: [1, 5, 20])
    func secondSignalWhileStoppingLeavesOnlyCompleteFiles(milliseconds: Int) throws {
        try withFiles { f in
            let p = try SpawnedCLI(Self.longRun + ["--log", "--checkpoint-every", "50"] + f.all)
            guard waitForStep(p, 100) else { return }
            p.send(SIGINT)
            usleep(UInt32(milliseconds * 1000))
            p.send(SIGINT)
            expectInterrupted(p.finish(within: 60), p)
            f.expectCompleteAndInterrupted()
            #expect(f.summaryJSON() != nil && f.entries.contains("c.ckpt"), "\(f.entries)")
        }
    }

    // MARK: Other commands

    /// `reference` stopped while it computes and while its 22 MB file is being written: no
    /// hidden temporary file, no result file.
    @Test(arguments: [false, true])
    func interruptedReferenceLeavesNoTemporaryFile(whileWriting: Bool) throws {
        try withFiles { f in
            let p = try SpawnedCLI(["reference", "heat-1d", "--nt", "2001", "--nx", "2001", "--output", f.result])
            if whileWriting {
                // The result's temporary file once it has contents: `checkWritable` creates and
                // removes an empty probe of the same kind before the reference is computed.
                #expect(p.wait(upTo: 60) {
                    f.entries.contains { name in
                        name.hasSuffix(".tmp") && ((try? FileManager.default.attributesOfItem(
                            atPath: f.dir.appendingPathComponent(name).path)[.size] as? Int) ?? 0) > 0
                    }
                }, "no temporary file with contents appeared")
            } else {
                #expect(p.wait(upTo: 30) { p.catchesSIGINT })
                usleep(50_000)
            }
            p.send(SIGINT)
            // While computing, the signal may still land in the start-up (the BLAS re-execution).
            expectInterrupted(p.finish(within: 60), p, whileWriting ? ["r.nc was not written"] : [])
            #expect(f.entries.isEmpty, "left behind: \(f.entries.sorted())")
        }
    }

    /// `plot` stopped once its first, third or fifth picture has appeared (lid-driven-cavity
    /// draws eight): exit code 1 and the message, no temporary file, and every picture left
    /// complete (the PNG signature, then chunks whose lengths add up to the file, ending in
    /// IEND); the pictures still to come are absent. Each stop is sent the moment the
    /// picture appears, with at least three still to draw (about 40 ms each); should the
    /// plot finish first, all eight must be complete, and at least one trial must be stopped.
    @Test func interruptedPlotLeavesOnlyCompletePictures() throws {
        try withFiles { f in
            let made = try CLI.run(["run", "lid-driven-cavity", "--phases", "adam:2", "--threads", "1", "--quiet",
                                    "--output", f.result], in: f.dir)
            try #require(made.status == 0, "\(made.stderr)")
            var stopped = 0
            for (trial, appeared) in [1, 3, 5].enumerated() {
                let out = f.dir.appendingPathComponent("plots\(trial)")
                try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
                func pictures() -> [String] {
                    ((try? FileManager.default.contentsOfDirectory(atPath: out.path)) ?? []).filter { $0.hasSuffix(".png") }
                }
                let p = try SpawnedCLI(["plot", f.result, "--output", out.path])
                let ok = p.wait(upTo: 60) { pictures().count >= appeared }
                p.send(SIGINT)
                let ending = p.finish(within: 60)
                #expect(ok, "trial \(trial): \(pictures().count) pictures appeared")
                let left = (try? FileManager.default.contentsOfDirectory(atPath: out.path)) ?? []
                #expect(left.allSatisfy { $0.hasSuffix(".png") }, "trial \(trial): left behind \(left.sorted())")
                for name in pictures() {
                    let data = try Data(contentsOf: out.appendingPathComponent(name))
                    #expect(Self.isCompletePNG(data), "trial \(trial): \(name) (\(data.count) bytes) is not a complete PNG")
                }
                if ending == .exited(0) {
                    #expect(pictures().count == 8, "trial \(trial): exit 0 with \(pictures().sorted())")
                } else {
                    expectInterrupted(ending, p, ["while plotting"])
                    #expect(pictures().count < 8, "trial \(trial): interrupted, yet all eight pictures are there")
                    stopped += 1
                }
            }
            #expect(stopped > 0, "no trial stopped the plot before it ended")
        }
    }

    /// A PNG file's chunk structure: the signature, then chunks (length, type, data, CRC) that
    /// end exactly at the end of the file with IEND.
    static func isCompletePNG(_ data: Data) -> Bool {
        let bytes = [UInt8](data)
        guard bytes.count >= 8 + 12, bytes.prefix(8).elementsEqual([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) else { return false }
        var at = 8
        while at + 12 <= bytes.count {
            let length = bytes[at..<at + 4].reduce(0) { $0 << 8 | Int($1) }
            let type = String(decoding: bytes[at + 4..<at + 8], as: UTF8.self)
            at += 12 + length
            if type == "IEND" { return at == bytes.count }
        }
        return false
    }

    /// `bench-step`, which checks no flag: SIGTERM ends it at once with exit code 1.
    @Test func benchStepEndsWithExitCode1() throws {
        let p = try SpawnedCLI(["bench-step", "--dim", "4", "--width", "16", "--batch", "64", "--steps", "1000000", "--threads", "1"])
        #expect(p.wait(upTo: 30) { p.catchesSIGINT })
        usleep(300_000)
        p.send(SIGTERM)
        expectInterrupted(p.finish(within: 30), p, by: "SIGTERM")
    }

    // MARK: SIGPIPE

    /// `pinn-solve run ... | head -1` (and `2>&1 | head -1`): standard output (and error)
    /// closed before anything is printed. The run finishes, writes its files and exits with 0
    /// (SIGPIPE would kill it at the first report line or progress line).
    @Test(arguments: [false, true])
    func closedStandardOutputDoesNotStopARun(standardErrorToo: Bool) throws {
        try withFiles { f in
            let p = try SpawnedCLI(["run", "poisson-1d", "--steps", "300", "--threads", "1", "--log",
                                    "--summary", f.summary, "--output", f.result],
                                   closedStandardOutput: true, closedStandardError: standardErrorToo)
            let ending = p.finish(within: 120)
            #expect(ending == .exited(0), "\(ending); stderr: \(p.standardError)")
            #expect(f.summaryJSON()?["status"] as? String == "completed")
            #expect(throws: Never.self) { _ = try ResultFile.read(from: f.result) }
        }
    }
}
