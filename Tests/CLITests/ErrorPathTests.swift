import Foundation
import PINN
import Testing

/// Every failure path: its exit code (1 run failed, 2 usage error) and the message that names
/// the offending value and the fix.
@Suite struct ErrorPathTests {
    @Test(arguments: [
        // (arguments, the fragments stderr must contain)
        (["run", "poisson2d"], ["unknown problem 'poisson2d'", "Did you mean 'poisson-2d'?", "Known problems: poisson-2d"]),
        (["describe", "poisson"], ["unknown problem 'poisson'", "Did you mean 'poisson-2d'?"]),
        (["reference", "heat", "--output", "r.nc"], ["unknown problem 'heat'", "Known problems:"]),
        (["frobnicate"], ["Unexpected argument 'frobnicate'"]),
        (["run"], ["Missing expected argument '<problem>'"]),
        (["run", "poisson-2d", "--precision", "f16"], ["'f16' is invalid for '--precision", "'f32' and 'f64'"]),
        (["run", "poisson-2d", "--activation", "relu"], ["'relu' is invalid", "tanh", "gelu"]),
        (["run", "poisson-2d", "--engine", "forward"], ["'forward' is invalid", "taylor", "nested"]),
        (["run", "poisson-2d", "--steps", "0"], ["--steps must be in 1...1000000000000, got 0"]),
        (["run", "poisson-2d", "--width", "0"], ["width must be in 1...16384, got 0"]),
        (["run", "poisson-2d", "--learning-rate=-1"], ["learning_rate must be a positive finite number at most 1e12, got -1"]),
        (["run", "poisson-2d", "--learning-rate", "-1"], ["learning_rate must be a positive finite number at most 1e12, got -1"]),
        (["run", "poisson-2d", "--phases", "adam:ten"], ["phase 'adam:ten' is not OPTIMIZER:STEPS"]),
        (["run", "poisson-2d", "--threads", "0"], ["--threads must be in 1...1024, got 0"]),
        (["run", "poisson-2d", "--width", "200", "--phases", "adam:5,ssbfgs:5"], ["phase 'ssbfgs:5' keeps a dense", "at most 20000 parameters: use lbfgs"]),
        (["run", "poisson-2d", "--checkpoint-every", "10"], ["--checkpoint-every needs --checkpoint FILE"]),
        (["run", "poisson-2d", "--dim", "3"], ["poisson-2d is posed in 2 space dimensions; --dim 3 does not apply"]),
        (["run", "poisson-2d", "--batch", "many"], ["'many' is invalid for '--batch"]),
        (["reference", "poisson-2d"], ["Missing expected argument '--output <output>'"]),
        (["reference", "poisson-2d", "--output", "r.nc", "--nt", "5"], ["poisson-2d has no time axis", "leave out --nt 5"]),
        (["reference", "poisson-2d", "--output", "r.nc", "--nz", "5"], ["poisson-2d has 2 space axes (x, y)", "leave out --nz"]),
        (["reference", "poisson-2d", "--output", "r.nc", "--nx", "1"], ["--nx must be at least 2"]),
        (["reference", "poisson-2d", "--output", "r.nc", "--nx", "100000", "--ny", "100000"], ["too large"]),
        (["reference", "burgers-1d", "--output", "r.nc", "--ny", "5"], ["burgers-1d has 1 space axis (x)", "leave out --ny"]),
        (["reference", "kdv-1d", "--output", "r.nc", "--nt", "1"], ["--nt must be at least 2", "got 1"]),
        (["reference", "heat-2d", "--output", "r.nc", "--nt", "1000", "--nx", "1000"], ["1000 x 1000 x 1000 points is too large"]),
        (["reference", "heat-nd", "--output", "r.nc"], ["heat-nd has 100 space dimensions", "at most 3", "--dim"]),
        (["reference", "poisson-csg", "--output", "r.nc"], ["no grid reference", "the domain (a disk minus a square) is not a box"]),
        (["evaluate"], ["Missing expected argument '--checkpoint <checkpoint>'"]),
        (["run", "poisson-2d", "--method", "bsde"], ["poisson-2d has no semilinear parabolic form", "--method bsde does not apply", "hjb-100d"]),
        (["run", "hjb-100d", "--method", "bsde", "--phases", "adam:10"], ["--phases does not apply to --method bsde"]),
        (["run", "hjb-100d", "--method", "bsde", "--sampler", "sobol"], ["--sampler does not apply to --method bsde"]),
        (["run", "hjb-100d", "--method", "bsde", "--no-residual-connections"], ["--residual-connections does not apply to --method bsde"]),
        (["run", "hjb-100d", "--method", "bsde", "--time-steps", "0"], ["--time-steps must be in 1...10000, got 0"]),
        (["run", "poisson-2d", "--time-steps", "10"], ["--time-steps applies to --method bsde only"]),
        (["run", "hjb-100d", "--method", "bsde", "--time-steps", "10000", "--batch", "1000000"], ["this Deep BSDE run needs at least", "lower --batch"]),
        (["run", "hjb-100d", "--method", "fem"], ["'fem' is invalid for '--method", "pinn", "bsde"]),
        (["run", "poisson-2d", "--windows", "2"], ["windows 2: time-marching needs a time axis, and poisson-2d has none", "use windows 1"]),
        (["run", "heat-1d", "--windows", "0"], ["windows must be in 1...1000, got 0"]),
        (["run", "heat-1d", "--windows", "2", "--checkpoint", "c.ckpt"], ["time-marching runs write no checkpoints", "or with windows 1"]),
        (["run", "black-scholes-default-risk-100d", "--windows", "2"], ["time-marching needs interior points uniform on a space-time domain"]),
        (["run", "burgers-1d", "--architecture", "modified-mlp", "--residual-connections"], ["modified-mlp", "takes no residual connections"]),
        (["run", "heat-nd", "--architecture", "deep-sets", "--weight-factorization"], ["deep-sets takes no", "weight factorisation"]),
    ])
    func usageErrorsExitWith2(arguments: [String], fragments: [String]) throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        expectFailure(try CLI.run(arguments, in: dir), status: 2, fragments)
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("r.nc").path))
    }

    @Test(arguments: [
        (["run", "poisson-2d", "--output", "missing/out.nc"], ["cannot write --output missing/out.nc", "does not exist"]),
        (["run", "poisson-2d", "--summary", "missing/s.json"], ["cannot write --summary", "does not exist"]),
        (["reference", "poisson-2d", "--output", "missing/r.nc"], ["cannot write --output missing/r.nc"]),
        (["run", "poisson-2d", "--config", "absent.toml"], ["cannot read config file 'absent.toml': no such file"]),
        (["evaluate", "--checkpoint", "absent.ckpt"], ["no checkpoint 'absent.ckpt'", "pinn-solve run --checkpoint FILE"]),
        (["run", "poisson-2d", "--resume", "absent.ckpt", "--steps", "2"], ["absent.ckpt"]),
    ])
    func unreadableOrUnwritableFilesExitWith1(arguments: [String], fragments: [String]) throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        expectFailure(try CLI.run(arguments, in: dir), status: 1, fragments)
    }

    /// A checkpoint that is not one, or whose settings file is damaged or missing.
    @Test func damagedCheckpointsExitWith1() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("not a checkpoint".utf8).write(to: dir.appendingPathComponent("bad.ckpt"))
        expectFailure(try CLI.run(["evaluate", "--checkpoint", "bad.ckpt"], in: dir), status: 1,
                      ["has no settings file bad.ckpt.json next to it"])
        try Data("{\"problem\": 3}".utf8).write(to: dir.appendingPathComponent("bad.ckpt.json"))
        expectFailure(try CLI.run(["evaluate", "--checkpoint", "bad.ckpt"], in: dir), status: 1,
                      ["cannot read checkpoint settings bad.ckpt.json"])
        let good = "{\"format\": \"pinn-solve-checkpoint-settings\", \"version\": 1, \"pinn_solve\": \"0\", \"problem\": \"poisson-2d\", \"dim\": null, \"settings\": {\"width\": 4, \"depth\": 1, \"activation\": \"tanh\", \"fourier_features\": 0, \"fourier_scale\": 1, \"residual_connections\": false, \"phases\": [{\"optimizer\": \"adam\", \"steps\": 1}], \"learning_rate\": 0.001, \"schedule\": \"constant\", \"batch\": 10, \"resample_every\": 0, \"evaluate_every\": 0, \"precision\": \"f64\", \"engine\": \"taylor\", \"estimator\": \"exact\", \"directions\": 1, \"seed\": 0}}"
        try Data(good.utf8).write(to: dir.appendingPathComponent("bad.ckpt.json"))
        expectFailure(try CLI.run(["evaluate", "--checkpoint", "bad.ckpt"], in: dir), status: 1,
                      ["is not a pinn-solve checkpoint"])
        // The sidecar names another problem: resuming it under poisson-2d is a usage error.
        try Data(good.replacingOccurrences(of: "poisson-2d", with: "no-such-problem").utf8).write(to: dir.appendingPathComponent("bad.ckpt.json"))
        expectFailure(try CLI.run(["run", "poisson-2d", "--resume", "bad.ckpt"], in: dir), status: 2,
                      ["belongs to a run of 'no-such-problem'", "not 'poisson-2d'"])
        expectFailure(try CLI.run(["evaluate", "--checkpoint", "bad.ckpt"], in: dir), status: 1,
                      ["belongs to problem 'no-such-problem', which this build of pinn-solve does not have"])
    }

    /// A diverging run exits with 1, names the step and the fix, and still writes its summary;
    /// a loss that runs away without becoming NaN (Adam at a learning rate of 10^6) counts too.
    @Test func divergenceExitsWith1() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLI.run(["run", "poisson-2d", "--phases", "adam:20", "--learning-rate=1e12", "--batch", "50",
                             "--threads", "1", "--quiet", "--summary", "s.json"], in: dir)
        expectFailure(r, status: 1, ["fix: try a smaller learning rate"])
        #expect(r.stderr.contains("Loss became") || r.stderr.contains("the loss diverged"), "\(r.stderr)")
        let s = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("s.json"))) as? [String: Any]
        let status = s?["status"] as? String ?? ""
        #expect(status.hasPrefix("Loss became") || status.hasPrefix("the loss diverged"), "\(String(describing: s))")

        let b = try CLI.run(["run", "burgers-1d", "--phases", "adam:300", "--learning-rate", "1e6", "--batch", "200",
                             "--threads", "1", "--quiet", "--output", "b.nc"], in: dir)
        expectFailure(b, status: 1, ["the loss diverged", "over 10000 times the best", "try a smaller learning rate (now 1000000.0)",
                                     "the parameters are those of the best loss"])
        // The result file is written with the best parameters, and says the run failed.
        let file = try ResultFile.read(from: dir.appendingPathComponent("b.nc").path)
        #expect(file.settings["status"].map { "\($0)" }?.contains("diverged") == true, "\(file.settings)")
    }

    /// SIGINT stops a run with a checkpoint: exit 1, a message telling how to resume, and a
    /// checkpoint that `evaluate` reads.
    @Test func interruptedRunExitsWith1AndLeavesACheckpoint() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let running = try CLI.start(["run", "poisson-2d", "--phases", "adam:1000000", "--batch", "50", "--threads", "1",
                                     "--quiet", "--checkpoint", "c.ckpt", "--checkpoint-every", "1"], in: dir)
        let checkpoint = dir.appendingPathComponent("c.ckpt").path
        let deadline = Date().addingTimeInterval(120)
        while !FileManager.default.fileExists(atPath: checkpoint) && running.process.isRunning && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.05)
        }
        running.process.interrupt()
        let r = running.finish(within: 60, "pinn-solve did not stop within 60 s of SIGINT; killed it")
        expectFailure(r, status: 1, ["Error: interrupted by SIGINT at step", "the checkpoint c.ckpt is complete", "--resume c.ckpt"])
        let e = try CLI.run(["evaluate", "--checkpoint", "c.ckpt", "--threads", "1"], in: dir)
        #expect(e.status == 0 && e.stdout.contains("interrupted"), "\(e.stdout)\n\(e.stderr)")
    }
}
