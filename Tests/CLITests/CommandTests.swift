import Foundation
import PINN
import Testing
import TestSupport

/// The commands that succeed: list, describe, run (NetCDF, summary, checkpoint), evaluate,
/// reference. Runs are short (tens of steps, small batches, one thread).
@Suite struct CommandTests {
    @Test func listShowsTheBundledProblems() throws {
        let r = try CLI.run(["list"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.first?.hasPrefix("NAME") == true && lines.first?.contains("DIM ") == true, "header: \(lines.first ?? "")")
        #expect(lines.contains { $0.hasPrefix("poisson-2d ") }, "\(r.stdout)")
    }

    @Test func describeStatesTheProblem() throws {
        let r = try CLI.run(["describe", "poisson-2d"])
        #expect(r.status == 0, "\(r.stderr)")
        for f in ["poisson-2d:", "inputs:     x, y", "outputs:    u", "reference:", "any grid", "defaults:", "expected:"] {
            #expect(r.stdout.contains(f), "describe lacks \"\(f)\": \(r.stdout)")
        }
    }

    /// `--version` prints the one version string the package declares (`PinnSolve.version` in
    /// Sources/PINNCommandLine/PinnSolve.swift, read from the source here).
    @Test func versionIsPrinted() throws {
        let source = try String(contentsOf: CLI.packageRoot.appendingPathComponent("Sources/PINNCommandLine/PinnSolve.swift"), encoding: .utf8)
        let declaration = try #require(source.split(separator: "\n").first { $0.contains("static let version = \"") },
                                       "no `static let version = \"...\"` in PinnSolve.swift")
        let declared = try #require(declaration.split(separator: "\"").dropFirst().first.map(String.init))
        #expect(declared.split(separator: ".").count == 3 && declared.split(separator: ".").allSatisfy { Int($0) != nil }, "\(declared)")
        let r = try CLI.run(["--version"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == declared, "printed \(r.stdout), declared \(declared)")
    }

    /// `run --method bsde`: the report, the summary (method "bsde", the point keys), the result
    /// file (history, parameters, settings) and a checkpoint that a second run reads back.
    @Test func deepBSDERunWritesResultsAndResumes() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let common = ["run", "hjb-100d", "--method", "bsde", "--batch", "16", "--time-steps", "4", "--width", "8",
                      "--evaluate-every", "5", "--threads", "1", "--quiet", "--checkpoint", "b.ckpt"]
        let r = try CLI.run(common + ["--steps", "20", "--output", "out.nc", "--summary", "s.json"], in: dir)
        #expect(r.status == 0, "\(r.stdout)\n\(r.stderr)")
        #expect(r.stdout.contains("u at point:") && r.stdout.contains("Deep BSDE, 4 time steps, 16 paths"), "\(r.stdout)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("s.json"))) as? [String: Any])
        #expect(summary["method"] as? String == "bsde" && summary["steps"] as? Int == 20, "\(summary)")
        let value = try #require(summary["point_value"] as? Double)
        #expect(summary["point_reference"] as? Double == 4.5901617)
        #expect(Swift.abs((summary["point_relative_error"] as? Double ?? -1) - Swift.abs(value - 4.5901617) / 4.5901617) < 1e-12)
        let file = try ResultFile.read(from: dir.appendingPathComponent("out.nc").path)
        #expect(file.solution == nil)
        #expect(file.history?.count == 20)
        let parameterCount = file.parameters?.count ?? 0
        #expect(parameterCount == 20, "theta_y, theta_z and three networks of two hidden layers and an output layer: \(parameterCount)")
        #expect(file.settings["method"] == .text("bsde") && file.settings["time_steps"] == .int(4))
        // The finished run's checkpoint is read back by --method bsde: nothing is left to do, and
        // the parameters are those written (theta_y before the averaging of the report).
        let resumed = try CLI.run(common + ["--steps", "20", "--resume", "b.ckpt", "--summary", "s2.json"], in: dir)
        #expect(resumed.status == 0, "\(resumed.stdout)\n\(resumed.stderr)")
        let s2 = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("s2.json"))) as? [String: Any])
        #expect(s2["steps"] as? Int == 20 && (s2["point_value"] as? Double)?.isFinite == true, "\(s2)")
    }

    /// A 50-step run writes a NetCDF file with prediction, reference and error on the
    /// reference grid, the loss history, the parameters and the settings; a JSON summary with
    /// every documented key; a checkpoint and its settings file, which `evaluate` reads back
    /// to the same error.
    /// Outputs named through symbolic links replace the files the links name and keep the
    /// links (a rename over the link itself would turn it into a plain file).
    @Test func outputsThroughLinksReplaceTheFilesTheyName() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fm = FileManager.default
        func path(_ name: String) -> String { dir.appendingPathComponent(name).path }
        #expect(fm.createFile(atPath: path("real.nc"), contents: Data("old".utf8)))
        try fm.createDirectory(atPath: path("runs"), withIntermediateDirectories: false)
        for (link, target) in [("out.nc", "real.nc"), ("s.json", "runs/s.json"), ("c.ckpt", "runs/c.ckpt")] {
            try fm.createSymbolicLink(atPath: path(link), withDestinationPath: target)
        }
        #expect(fm.createFile(atPath: path("runs/s.json"), contents: Data("{}".utf8)))
        #expect(fm.createFile(atPath: path("runs/c.ckpt"), contents: Data()))
        let out = try CLI.run(["run", "poisson-1d", "--steps", "2", "--threads", "1", "--quiet",
                               "--output", "out.nc", "--summary", "s.json", "--checkpoint", "c.ckpt"], in: dir)
        #expect(out.status == 0, "\(out.stderr)")
        for (link, target) in [("out.nc", "real.nc"), ("s.json", "runs/s.json"), ("c.ckpt", "runs/c.ckpt")] {
            #expect((try? fm.destinationOfSymbolicLink(atPath: path(link))) == target, "\(link) is no longer a link")
        }
        #expect(throws: Never.self) { _ = try ResultFile.read(from: path("real.nc")) }
        #expect(throws: Never.self) { _ = try Checkpoint<Double>.read(from: path("runs/c.ckpt")) }
        // The checkpoint's settings file lies beside the checkpoint itself, and is found through the link.
        #expect(fm.fileExists(atPath: path("runs/c.ckpt.json")) && !fm.fileExists(atPath: path("c.ckpt.json")))
        let evaluated = try CLI.run(["evaluate", "--checkpoint", "c.ckpt", "--output", "e.nc", "--threads", "1"], in: dir)
        #expect(evaluated.status == 0, "\(evaluated.stderr)")
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path("runs/s.json")))) as? [String: Any]
        #expect(summary?["status"] as? String == "completed")
    }

    @Test func runWritesResultsAndEvaluateReadsTheCheckpoint() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLI.run(["run", "poisson-2d", "--steps", "50", "--batch", "200", "--threads", "1", "--quiet",
                             "--output", "out.nc", "--summary", "summary.json", "--checkpoint", "run.ckpt"], in: dir)
        #expect(r.status == 0, "\(r.stdout)\n\(r.stderr)")
        #expect(r.stdout.contains("relative L2:"), "\(r.stdout)")

        let file = try ResultFile.read(from: dir.appendingPathComponent("out.nc").path)
        let solution = try #require(file.solution, "no prediction in out.nc")
        guard case .grid(let axes) = solution.layout else { Issue.record("out.nc has a point layout"); return }
        #expect(axes.map(\.name) == ["x", "y"] && axes.map(\.values.count) == [101, 101])
        let reference = try #require(solution.reference), error = try #require(solution.error)
        #expect(reference.count == 101 * 101 && error.count == 101 * 101)
        // The grid is linspace(0, 1, 101) in x and y, and the reference on it is the exact solution
        // sin(pi x) sin(pi y) (row-major, x first).
        let grid = (0...100).map { Double($0) / 100 }
        for axis in axes { #expect(zip(axis.values, grid).allSatisfy { abs($0 - $1) < 1e-15 }, "\(axis.name) = \(axis.values.prefix(4))...") }
        var worstReference = 0.0
        for i in stride(from: 0, through: 100, by: 7) { for j in stride(from: 0, through: 100, by: 9) {
            worstReference = max(worstReference, abs(reference[i * 101 + j] - sin(Double.pi * grid[i]) * sin(Double.pi * grid[j])))
        } }
        #expect(worstReference < 1e-14, "reference differs from sin(pi x) sin(pi y) by \(worstReference)")
        let maxError = zip(zip(solution.prediction, reference), error).map { abs(abs($0.0 - $0.1) - $1) }.max() ?? 1
        #expect(maxError < 1e-12, "error is not |prediction - reference| (off by \(maxError))")
        let history = try #require(file.history, "no step variable in out.nc")
        #expect(history.count == 50, "history has \(history.count) rows")
        let params = try #require(file.parameters, "no parameters group in out.nc")
        #expect(params.count == 2 * 4, "\(params.count) parameter tensors for a 3-hidden-layer MLP (expected 8)")
        #expect(file.settings["problem"] == .text("poisson-2d") && file.settings["batch"] == .int(200))

        let data = try Data(contentsOf: dir.appendingPathComponent("summary.json"))
        let summary = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        for key in ["problem", "steps", "wall_seconds", "steps_per_second", "final_loss", "relative_l2_error",
                    "point_value", "point_reference", "point_relative_error"] {
            #expect(summary[key] != nil, "summary lacks \(key): \(summary.keys.sorted())")
        }
        #expect(summary["problem"] as? String == "poisson-2d" && summary["steps"] as? Int == 50)
        #expect(summary["point_value"] is NSNull && summary["point_reference"] is NSNull, "poisson-2d has no point reference")
        // The reported relative L2 error is sqrt(sum (prediction - reference)^2 / sum reference^2)
        // over the grid in out.nc, recomputed here from the file.
        let runError = try #require(summary["relative_l2_error"] as? Double)
        let squares = zip(solution.prediction, reference).reduce((0.0, 0.0)) { s, pr in
            (s.0 + (pr.0 - pr.1) * (pr.0 - pr.1), s.1 + pr.1 * pr.1)
        }
        let recomputed = (squares.0 / squares.1).squareRoot()
        #expect(runError > 0 && abs(runError - recomputed) <= 1e-9 * recomputed,
                "summary relative L2 \(runError), from out.nc \(recomputed)")
        // One output: its own error is the error over all outputs.
        let perOutput = summary["relative_l2_error_per_output"] as? [String: Double]
        #expect(perOutput == ["u": runError], "relative_l2_error_per_output = \(String(describing: perOutput))")
        // The report prints the same figure (rounded).
        let line = r.stdout.split(separator: "\n").first { $0.hasPrefix("relative L2:") } ?? ""
        let words = line.split(separator: " ")
        let printed = words.count > 2 ? Double(String(words[2])) : nil
        #expect(abs((printed ?? -1) - recomputed) <= 5e-3 * recomputed, "printed '\(line)', from out.nc \(recomputed)")

        let sidecar = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("run.ckpt.json"))) as? [String: Any]
        #expect(sidecar?["problem"] as? String == "poisson-2d")
        #expect((sidecar?["settings"] as? [String: Any])?["batch"] as? Int == 200)

        let e = try CLI.run(["evaluate", "--checkpoint", "run.ckpt", "--output", "eval.nc", "--summary", "eval.json", "--threads", "1"], in: dir)
        #expect(e.status == 0, "\(e.stdout)\n\(e.stderr)")
        let evalSummary = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("eval.json"))) as? [String: Any]
        let evalError = try #require(evalSummary?["relative_l2_error"] as? Double)
        #expect(abs(evalError - runError) <= 1e-12 * runError, "evaluate gives \(evalError), the run gave \(runError)")
        let evalFile = try ResultFile.read(from: dir.appendingPathComponent("eval.nc").path)
        #expect(evalFile.solution?.prediction == solution.prediction, "evaluate's prediction differs from the run's")
    }

    /// A problem with several outputs (kovasznay: u, v, p): the report prints one error line per
    /// output, the summary holds each output's relative L2 error, and the result file holds
    /// each output's prediction and reference, from which the same errors are recomputed here,
    /// and `setting_relative_l2_error_<name>`.
    @Test func runReportsTheErrorOfEachOutput() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLI.run(["run", "kovasznay", "--phases", "adam:20", "--batch", "64", "--width", "8", "--depth", "2",
                             "--threads", "1", "--quiet", "--output", "out.nc", "--summary", "summary.json"], in: dir)
        #expect(r.status == 0, "\(r.stdout)\n\(r.stderr)")
        let file = try ResultFile.read(from: dir.appendingPathComponent("out.nc").path)
        #expect(file.solutions.map(\.quantity) == ["u", "v", "p"])
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("summary.json"))) as? [String: Any])
        let perOutput = try #require(summary["relative_l2_error_per_output"] as? [String: Double], "\(summary)")
        #expect(Set(perOutput.keys) == ["u", "v", "p"])
        for s in file.solutions {
            let ref = try #require(s.reference)
            let sq = zip(s.prediction, ref).reduce((0.0, 0.0)) { a, pr in (a.0 + (pr.0 - pr.1) * (pr.0 - pr.1), a.1 + pr.1 * pr.1) }
            let recomputed = (sq.0 / sq.1).squareRoot(), reported = perOutput[s.quantity] ?? -1
            #expect(abs(reported - recomputed) <= 1e-9 * recomputed, "\(s.quantity): summary \(reported), from out.nc \(recomputed)")
            guard case .double(let attribute)? = file.settings["relative_l2_error_\(s.quantity)"] else {
                Issue.record("out.nc lacks setting_relative_l2_error_\(s.quantity)"); continue
            }
            #expect(abs(attribute - recomputed) <= 1e-9 * recomputed, "\(s.quantity): out.nc attribute \(attribute), recomputed \(recomputed)")
            let line = r.stdout.split(separator: "\n").first { $0.hasPrefix("  \(s.quantity):") }.map(String.init) ?? ""
            let printed = Double(line.split(separator: " ").last.map(String.init) ?? "")
            #expect(abs((printed ?? -1) - recomputed) <= 5e-3 * recomputed, "printed '\(line)', from out.nc \(recomputed)")
        }
    }

    /// `reference` on a 2-D space grid: coordinates x, y from linspace(0, 1, n) with both ends,
    /// and u(x, y) equal to the exact solution sin(pi x) sin(pi y).
    @Test func referenceWritesTheExactSolutionOnTheRequestedGrid() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLI.run(["reference", "poisson-2d", "--output", "ref.nc", "--nx", "11", "--ny", "6"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        try withNetCDFFile(at: dir.appendingPathComponent("ref.nc").path) { f in
            let x: [Double] = try f.read("x"), y: [Double] = try f.read("y"), u: [Double] = try f.read("u")
            #expect(x == linspace(0, 1, 11) && x.first == 0 && x.last == 1, "x = \(x)")
            #expect(y.count == 6 && y.last == 1, "y = \(y)")
            let shape = try f.shape(of: try f.variable("u"))
            #expect(shape == [11, 6])
            var worst = 0.0
            for i in 0..<11 { for j in 0..<6 {
                worst = max(worst, abs(u[i * 6 + j] - sin(Double.pi * x[i]) * sin(Double.pi * y[j])))
            } }
            #expect(worst < 1e-14, "u differs from sin(pi x) sin(pi y) by \(worst)")
            let problem = try f.textAttribute("problem")
            #expect(problem == "poisson-2d")
        }
    }

    /// A spectral problem on a grid of the user's choosing (issue 21: it used to refuse any
    /// counts): t and x are the requested linspaces, u(0, x) = -sin(pi x), u(t, +-1) = 0, and
    /// u(1/2, x) is the Cole-Hopf solution.
    @Test func referenceWritesASpectralSolutionOnTheRequestedGrid() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLI.run(["reference", "burgers-1d", "--nt", "101", "--nx", "256", "--output", "X.nc"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("t (101) x x (256)"), "\(r.stdout)")
        try withNetCDFFile(at: dir.appendingPathComponent("X.nc").path) { f in
            let t: [Double] = try f.read("t"), x: [Double] = try f.read("x"), u: [Double] = try f.read("u")
            #expect(t == linspace(0, 1, 101) && x == linspace(-1, 1, 256))
            #expect(try f.shape(of: try f.variable("u")) == [101, 256])
            let start = (0..<256).map { abs(u[$0] + sin(Double.pi * x[$0])) }.max() ?? 1
            let ends = (0..<101).map { max(abs(u[$0 * 256]), abs(u[$0 * 256 + 255])) }.max() ?? 1
            let oracle = ColeHopfBurgers(nu: 0.01 / Double.pi)
            let half = stride(from: 3, to: 256, by: 36).map { abs(u[50 * 256 + $0] - oracle.value(t: 0.5, x: x[$0])) }.max() ?? 1
            #expect(start < 1e-12 && ends < 1e-10 && half < 1e-9, "u(0, x) off by \(start), u(t, +-1) by \(ends), u(1/2, x) by \(half)")
        }
        let d = try CLI.run(["describe", "burgers-1d"])
        #expect(d.stdout.contains("on any grid with `pinn-solve reference`"), "\(d.stdout)")
        // describe says how the points are drawn: burgers-1d re-draws them, poisson-2d keeps one draw.
        #expect(d.stdout.contains("batch 10000 (fresh every 500 steps)"), "\(d.stdout)")
        // The L-BFGS history is shown only where a phase uses L-BFGS: burgers-1d keeps 50 pairs
        // for a user's lbfgs phase, but its own phases are Adam and self-scaled Broyden.
        #expect(!d.stdout.contains("L-BFGS history"), "\(d.stdout)")
        let inverse = try CLI.run(["describe", "burgers-inverse"])
        #expect(inverse.stdout.contains("phases adam:3000,lbfgs:5000 (L-BFGS history 50)"), "\(inverse.stdout)")
        let p2 = try CLI.run(["describe", "poisson-2d"])
        #expect(p2.stdout.contains("batch 1000 (drawn once)"), "\(p2.stdout)")
        let csg = try CLI.run(["describe", "poisson-csg"])
        #expect(csg.stdout.contains("not on other grids: the domain (a disk minus a square) is not a box"), "\(csg.stdout)")
    }

    /// Without counts the default grid is 201 points per space axis.
    @Test func referenceDefaultGrid() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLI.run(["reference", "poisson-2d", "--output", "ref.nc"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        try withNetCDFFile(at: dir.appendingPathComponent("ref.nc").path) { f in
            let shape = try f.shape(of: try f.variable("u"))
            #expect(shape == [201, 201])
            let x: [Double] = try f.read("x"), y: [Double] = try f.read("y"), u: [Double] = try f.read("u")
            let grid = (0...200).map { Double($0) / 200 }
            #expect(x.count == 201 && zip(x, grid).allSatisfy { abs($0 - $1) < 1e-15 }, "x = \(x.prefix(4))...")
            #expect(y.count == 201 && zip(y, grid).allSatisfy { abs($0 - $1) < 1e-15 }, "y = \(y.prefix(4))...")
            // u at a few grid points against sin(pi x) sin(pi y): the middle is 1, the edges 0.
            #expect(u.count == 201 * 201 && abs(u[100 * 201 + 100] - 1) < 1e-14, "u(0.5, 0.5) = \(u[100 * 201 + 100])")
            for (i, j) in [(0, 50), (37, 0), (200, 120), (37, 163), (151, 13), (120, 77)] {
                let exact = sin(Double.pi * grid[i]) * sin(Double.pi * grid[j])
                #expect(abs(u[i * 201 + j] - exact) < 1e-14, "u(\(grid[i]), \(grid[j])) = \(u[i * 201 + j]), exact \(exact)")
            }
        }
    }

    /// A config file (TOML and JSON) sets the settings, and options override it.
    @Test(arguments: [("cfg.toml", "width = 6\ndepth = 2\nbatch = 64\nphases = \"adam:3\"\nresidual_connections = false\nlbfgs_history = 20\n"),
                      ("cfg.json", "{\n  \"width\": 6,\n  \"depth\": 2,\n  \"batch\": 64,\n  \"phases\": \"adam:3\"\n}\n")])
    func configFileSetsTheSettings(name: String, text: String) throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
        let r = try CLI.run(["run", "poisson-2d", "--config", name, "--batch", "32", "--quiet", "--threads", "1",
                             "--output", "o.nc"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let f = try ResultFile.read(from: dir.appendingPathComponent("o.nc").path)
        #expect(f.settings["width"] == .int(6) && f.settings["depth"] == .int(2), "\(f.settings)")
        #expect(f.settings["batch"] == .int(32), "the option should override the file: \(f.settings)")
        #expect(f.settings["phases"] == .text("adam:3") && f.history?.count == 3)
        if name.hasSuffix(".toml") { #expect(f.settings["lbfgs_history"] == .int(20), "\(f.settings)") }
    }

    /// bench-step's engines: the two `DerivativeEngine`s by name, and `stochastic` (the Taylor
    /// engine with k sampled coordinates); the help and the error list all three.
    @Test(arguments: [("taylor", "engine: taylor  "), ("nested", "engine: nested  "), ("stochastic", "engine: stochastic (k = 2)")])
    func benchStepRunsEachEngine(engine: String, line: String) throws {
        let r = try CLI.run(["bench-step", "--dim", "3", "--width", "8", "--depth", "2", "--batch", "16", "--steps", "1",
                             "--directions", "2", "--engine", engine, "--threads", "1"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains(line) && r.stdout.contains("steps/s: "), "\(r.stdout)")
        let help = try CLI.run(["bench-step", "--help"])
        #expect(help.stdout.contains("(values: taylor, nested, stochastic; default: taylor)"), "\(help.stdout)")
        expectFailure(try CLI.run(["bench-step", "--engine", "jets"]), status: 2, ["'taylor', 'nested' or 'stochastic'"])
    }

    /// bench-step times the deep-sets network on the heat step with either engine, and
    /// refuses it where it does not apply.
    @Test(arguments: ["taylor", "nested"])
    func benchStepRunsTheDeepSetsNetwork(engine: String) throws {
        let r = try CLI.run(["bench-step", "--architecture", "deep-sets", "--pool-features", "4", "--dim", "5", "--width", "8",
                             "--depth", "2", "--batch", "16", "--steps", "1", "--engine", engine, "--threads", "1"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("architecture: deep-sets  dim: 5") && r.stdout.contains("steps/s: "), "\(r.stdout)")
        expectFailure(try CLI.run(["bench-step", "--architecture", "deep-sets", "--dim", "1"]), status: 2, ["at least 2"])
        expectFailure(try CLI.run(["bench-step", "--architecture", "deep-sets", "--problem", "allen-cahn-ball"]), status: 2,
                      ["--problem heat only"])
        expectFailure(try CLI.run(["bench-step", "--pool-features", "0"]), status: 2, ["--pool-features must be at least 1"])
    }
}
