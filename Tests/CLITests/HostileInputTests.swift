import Foundation
import Testing

/// The built binary against hostile and clumsy input: sizes and counts that overflow or
/// cannot fit, malformed numbers, damaged config files, checkpoints and NetCDF files, paths
/// that collide. Each case must end by itself within a minute with exit code 1 or 2, a first
/// line of standard error that starts with `Error:`, no trap or abort, and no file left in
/// its directory beyond the ones it was given.
@Suite struct HostileInputTests {
    /// One case: the arguments, files to put in its directory first, the exit code expected
    /// (nil: 1 or 2) and a fragment the message must contain.
    struct Case: Sendable, CustomTestStringConvertible {
        var args: [String]
        var files: @Sendable (URL) throws -> Void = { _ in }
        var status: Int32? = nil
        var fragment: String? = nil
        var testDescription: String { args.joined(separator: " ") }
    }

    // MARK: The cases

    static let intOptions = ["--steps", "--batch", "--condition-batch", "--width", "--depth", "--directions",
                             "--lbfgs-history", "--threads", "--fourier-features"]
    static let badInts = ["-1", "9223372036854775807", "9223372036854775808", "-9223372036854775809", "1e3", "abc", ""]
    static let realOptions = ["--learning-rate", "--fourier-scale", "--time-budget"]
    static let badReals = ["nan", "inf", "-inf", "-1", "0", "1e400", "abc"]

    static var numberCases: [Case] {
        var cases: [Case] = []
        for o in intOptions {
            for v in badInts where !(o == "--fourier-features" && v == "0") {
                cases.append(Case(args: ["run", "poisson-1d", o, v], status: 2))
            }
        }
        for o in ["--resample-every", "--evaluate-every", "--checkpoint-every"] {
            for v in ["-1", "9223372036854775807", "abc"] { cases.append(Case(args: ["run", "poisson-1d", o, v], status: 2)) }
        }
        for o in realOptions { for v in badReals { cases.append(Case(args: ["run", "poisson-1d", o, v], status: 2)) } }
        for v in ["-1", "18446744073709551616", "abc", "1.5"] {
            cases.append(Case(args: ["run", "poisson-1d", "--seed", v], status: 2, fragment: "0...18446744073709551615"))
        }
        for p in ["adam:9223372036854775807,lbfgs:10", "adam:-1", "adam", ":", "adam:1:2", ",", "foo:10", "adam:1e3", "",
                  Array(repeating: "adam:1", count: 1001).joined(separator: ",")] {
            cases.append(Case(args: ["run", "poisson-1d", "--phases", p], status: 2))
        }
        cases.append(Case(args: ["run", "poisson-1d", "--steps", "100000000000000000"], status: 2, fragment: "--steps must be in"))
        return cases
    }

    static var sizeCases: [Case] {
        [Case(args: ["run", "heat-nd", "--dim", "10000000"], status: 2, fragment: "of memory"),
         Case(args: ["run", "heat-nd", "--dim", "100000000"], status: 2, fragment: "out of range"),
         Case(args: ["run", "heat-nd", "--dim", "0"], status: 2),
         Case(args: ["run", "poisson-ball", "--dim", "1"], status: 2),
         Case(args: ["describe", "heat-nd", "--dim", "10000000000"], status: 2, fragment: "out of range"),
         Case(args: ["describe", "heat-nd", "--dim", "-5"], status: 2),
         Case(args: ["run", "heat-nd", "--dim", "5", "--estimator", "hutchinson", "--directions", "1000000000"], status: 2),
         Case(args: ["run", "heat-nd", "--dim", "100000", "--batch", "100000", "--estimator", "exact"], status: 2, fragment: "of memory"),
         Case(args: ["run", "poisson-1d", "--width", "16384", "--depth", "1000", "--batch", "100000000"], status: 2, fragment: "of memory"),
         Case(args: ["bench-step", "--dim", "100000000"], status: 2),
         Case(args: ["bench-step", "--width", "100000000"], status: 2),
         Case(args: ["bench-step", "--batch", "100000000000"], status: 2),
         Case(args: ["bench-step", "--depth", "100000"], status: 2),
         Case(args: ["bench-step", "--dim", "1000000", "--batch", "100000"], status: 2, fragment: "of memory"),
         Case(args: ["bench-step", "--steps", "-3"], status: 2),
         Case(args: ["bench-step", "--architecture", "deep-sets", "--pool-features", "100000000"], status: 2, fragment: "pool_features must be in 1...1024"),
         Case(args: ["bench-step", "--architecture", "deep-sets", "--pool-features", "1024", "--dim", "1000000", "--batch", "100000"], status: 2, fragment: "of memory"),
         Case(args: ["reference", "heat-1d", "--output", "r.nc", "--nt", "-3"], status: 2),
         Case(args: ["reference", "heat-1d", "--output", "r.nc", "--nt", "9223372036854775807", "--nx", "9223372036854775807"], status: 2),
         Case(args: ["reference", "heat-2d", "--output", "r.nc", "--nt", "100000", "--nx", "100000"], status: 2)]
    }

    static func write(_ text: String, _ name: String) -> @Sendable (URL) throws -> Void {
        { dir in try Data(text.utf8).write(to: dir.appendingPathComponent(name)) }
    }

    static var configCases: [Case] {
        [Case(args: ["run", "poisson-1d", "--config", "c.toml"], files: write("width = 16\n\u{0}depth = 1000000\n", "c.toml"), status: 2, fragment: "NUL"),
         Case(args: ["run", "poisson-1d", "--config", "c.toml"], files: write(String(repeating: "k", count: 10_000) + " = 1\n", "c.toml"), status: 2, fragment: "unknown key"),
         Case(args: ["run", "poisson-1d", "--config", "c.toml"], files: write("# " + String(repeating: "x", count: 2 << 20) + "\n", "c.toml"), status: 2, fragment: "1 MiB"),
         Case(args: ["run", "poisson-1d", "--config", "c.toml"], files: write("width = 9223372036854775807\n", "c.toml"), status: 2, fragment: "width must be in"),
         Case(args: ["run", "poisson-1d", "--config", "c.toml"], files: write("fourier_scale = nan\n", "c.toml"), status: 2),
         Case(args: ["run", "poisson-1d", "--config", "c.toml"], files: write("learning_rate = inf\n", "c.toml"), status: 2),
         Case(args: ["run", "poisson-1d", "--config", "c.toml"], files: write("seed = -4\n", "c.toml"), status: 2),
         Case(args: ["run", "poisson-1d", "--config", "c.toml"], files: write("batch = \"many\"\n", "c.toml"), status: 2),
         Case(args: ["run", "poisson-1d", "--config", "c.toml"], files: write("phases = \"adam:99999999999999999999\"\n", "c.toml"), status: 2),
         Case(args: ["run", "poisson-1d", "--config", "c.toml"], files: write("width = \n", "c.toml"), status: 2),
         Case(args: ["run", "poisson-1d", "--config", "c.json"], files: write("[1, 2, 3]", "c.json"), status: 2),
         Case(args: ["run", "poisson-1d", "--config", "c.json"], files: write("{\"depth\": 1e400}", "c.json"), status: 2),
         Case(args: ["run", "poisson-1d", "--config", "c.json"], files: write("{\"width\": 5", "c.json"), status: 2),
         Case(args: ["run", "poisson-1d", "--config", "d"], files: { try FileManager.default.createDirectory(at: $0.appendingPathComponent("d"), withIntermediateDirectories: false) }, status: 1),
         Case(args: ["run", "poisson-1d", "--config", "absent.toml"], status: 1),
         Case(args: ["run", "poisson-1d", "--config", "c.toml"], files: { dir in try Data([0xFF, 0xFE, 0x00, 0x41]).write(to: dir.appendingPathComponent("c.toml")) }, status: 1)]
    }

    /// A real checkpoint and its settings file, written once by a two-step run.
    static let realCheckpoint: Result<(Data, Data), CLI.BinaryError> = {
        do {
            let dir = try CLI.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: dir) }
            let r = try CLI.run(["run", "poisson-1d", "--steps", "2", "--threads", "1", "--quiet", "--checkpoint", "c.ckpt"], in: dir)
            guard r.status == 0 else { return .failure(CLI.BinaryError(description: "the checkpoint run failed: \(r.stderr)")) }
            return .success((try Data(contentsOf: dir.appendingPathComponent("c.ckpt")),
                             try Data(contentsOf: dir.appendingPathComponent("c.ckpt.json"))))
        } catch { return .failure(CLI.BinaryError(description: "\(error)")) }
    }()

    /// The real checkpoint with `edit` applied to its bytes (and its settings file as is).
    static func checkpoint(_ edit: @escaping @Sendable (inout [UInt8]) -> Void, settings: String? = nil) -> @Sendable (URL) throws -> Void {
        { dir in
            let (ckpt, json) = try realCheckpoint.get()
            var bytes = [UInt8](ckpt)
            edit(&bytes)
            try Data(bytes).write(to: dir.appendingPathComponent("c.ckpt"))
            try (settings.map { Data($0.utf8) } ?? json).write(to: dir.appendingPathComponent("c.ckpt.json"))
        }
    }

    static func set(_ offset: Int, _ value: UInt64) -> @Sendable (inout [UInt8]) -> Void {
        { b in for i in 0..<8 { b[offset + i] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(i))) } }
    }

    static var checkpointCases: [Case] {
        var cases: [Case] = []
        let edits: [@Sendable (inout [UInt8]) -> Void] = [
            { $0 = [] }, { $0 = Array($0.prefix(20)) }, { $0 = Array($0.dropLast(7)) }, { $0.append(contentsOf: [1, 2, 3]) },
            set(16, .max), set(16, 0), { $0[40] ^= 0xFF }, { $0[0] = 0x43 }, set(8, 7), set(12, 3),
        ]
        for e in edits {
            cases.append(Case(args: ["evaluate", "--checkpoint", "c.ckpt"], files: checkpoint(e), status: 1))
            cases.append(Case(args: ["run", "poisson-1d", "--steps", "2", "--resume", "c.ckpt"], files: checkpoint(e), status: 1))
        }
        for sidecar in ["", "{", "{\"problem\": \"poisson-1d\"}", "[]",
                        "{\"format\": \"pinn-solve-checkpoint-settings\", \"version\": 1, \"pinn_solve\": \"0\", \"problem\": \"heat-nd\", \"dim\": 100000000000, \"settings\": {}}"] {
            cases.append(Case(args: ["evaluate", "--checkpoint", "c.ckpt"], files: checkpoint({ _ in }, settings: sidecar)))
        }
        return cases
    }

    /// The real checkpoint with its settings file's JSON object edited (nil: no settings file).
    static func sidecar(_ edit: (@Sendable (inout [String: Any]) -> Void)?) -> @Sendable (URL) throws -> Void {
        { dir in
            let (ckpt, json) = try realCheckpoint.get()
            try ckpt.write(to: dir.appendingPathComponent("c.ckpt"))
            guard let edit else { return }
            var object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
            edit(&object)
            try JSONSerialization.data(withJSONObject: object).write(to: dir.appendingPathComponent("c.ckpt.json"))
        }
    }

    /// Resuming with settings other than the checkpoint's (usage error, each key named), a
    /// checkpoint without or with a mismatching settings file (exit 1).
    static var resumeCases: [Case] {
        let resume = ["run", "poisson-1d", "--steps", "2", "--resume", "c.ckpt"]
        var cases: [Case] = []
        for (option, key) in [(["--learning-rate", "0.01"], "learning_rate:"), (["--schedule", "cosine"], "schedule:"),
                              (["--activation", "sin"], "activation:"), (["--resample-every", "7"], "resample_every:"),
                              (["--width", "8"], "width:"), (["--seed", "3"], "seed:"), (["--precision", "f32"], "precision:"),
                              (["--batch", "17"], "batch:"), (["--engine", "nested"], "engine:"),
                              (["--fourier-features", "4"], "fourier_features:")] {
            cases.append(Case(args: resume + option, files: sidecar { _ in }, status: 2, fragment: key))
        }
        // --steps 4 rescales the phases; a phase list that replaces the checkpoint's.
        cases.append(Case(args: ["run", "poisson-1d", "--steps", "4", "--resume", "c.ckpt"], files: sidecar { _ in }, status: 2, fragment: "phases may only be appended"))
        cases.append(Case(args: ["run", "poisson-1d", "--phases", "lbfgs:2", "--resume", "c.ckpt"], files: sidecar { _ in }, status: 2, fragment: "phases:"))
        cases.append(Case(args: resume + ["--config", "c.toml"], files: { dir in
            try sidecar { _ in }(dir)
            try write("learning_rate = 0.5\nbatch = 3\n", "c.toml")(dir)
        }, status: 2, fragment: "batch:"))
        cases.append(Case(args: ["run", "poisson-2d", "--resume", "c.ckpt"], files: sidecar { _ in }, status: 2, fragment: "belongs to a run of 'poisson-1d'"))
        cases.append(Case(args: resume, files: sidecar { $0["dim"] = 3 }, status: 2))
        cases.append(Case(args: resume, files: sidecar(nil), status: 1, fragment: "has no settings file"))
        for args in [resume, ["evaluate", "--checkpoint", "c.ckpt"]] {
            // A checkpoint damaged on its own is reported as damaged, not as another run's.
            cases.append(Case(args: args, files: checkpoint({ $0 = Array($0.dropLast(7)) }), status: 1, fragment: "is truncated"))
            cases.append(Case(args: args, files: checkpoint({ $0[40] ^= 0xFF }), status: 1, fragment: "fails its checksum"))
            cases.append(Case(args: args, files: sidecar { $0["checkpoint_checksum"] = "fnv1a64:0123456789abcdef" }, status: 1, fragment: "do not belong together"))
            cases.append(Case(args: args, files: sidecar { $0["checkpoint_checksum"] = nil }, status: 1, fragment: "checkpoint_checksum"))
            cases.append(Case(args: args, files: sidecar { $0["version"] = 3 }, status: 1, fragment: "version"))
            cases.append(Case(args: args, files: sidecar { $0["checkpoint_checksum"] = 12 }, status: 1))
        }
        return cases
    }

    /// A NetCDF file made by ncgen from CDL text.
    static func netcdf(_ cdl: String) -> @Sendable (URL) throws -> Void {
        { dir in
            let source = dir.appendingPathComponent("f.cdl")
            try Data(cdl.utf8).write(to: source)
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            p.arguments = ["ncgen", "-k", "nc4", "-o", dir.appendingPathComponent("f.nc").path, source.path]
            try p.run()
            p.waitUntilExit()
            try FileManager.default.removeItem(at: source)
            guard p.terminationStatus == 0 else { throw CLI.BinaryError(description: "ncgen failed on \(cdl)") }
        }
    }

    static func history(_ steps: String) -> String {
        "dimensions: step = 2; x = 3; variables: double step(step); double loss_residual(step); double x(x); double prediction(x); double reference(x); data: step = \(steps); loss_residual = 1, 0.5; x = 0, 0.5, 1; prediction = 1, 2, 3; reference = 1, 2, 3;"
    }

    static var plotCases: [Case] {
        let base = "netcdf f { dimensions: step = 2; x = 3; variables: double step(step); double loss_residual(step); double x(x); double prediction(x); double reference(x); data: "
        let okHistory = "step = 0, 1; loss_residual = 1, 0.5; "
        return [
            Case(args: ["plot", "f.nc"], files: netcdf("netcdf f { dimensions: step = 2; x = UNLIMITED; variables: double step(step); double loss_residual(step); double x(x); double prediction(x); double reference(x); data: step = 0, 1; loss_residual = 1, 0.5; }"), status: 1),
            Case(args: ["plot", "f.nc"], files: netcdf("netcdf f { dimensions: step = UNLIMITED; x = 3; variables: double step(step); double loss_residual(step); double x(x); double prediction(x); double reference(x); data: x = 0, 0.5, 1; prediction = 1, 2, 3; reference = 1, 2, 3; }"), status: 1),
            Case(args: ["plot", "f.nc"], files: netcdf("netcdf f { " + history("0, 9.2e18") + " }"), status: 1),
            Case(args: ["plot", "f.nc"], files: netcdf("netcdf f { " + history("0, NaN") + " }"), status: 1),
            Case(args: ["plot", "f.nc"], files: netcdf(base + okHistory + "x = -1e308, 0, 1e308; prediction = 1, 2, 3; reference = 1, 2, 3; }"), status: 1),
            Case(args: ["plot", "f.nc"], files: netcdf(base + okHistory + "x = 0, NaN, 1; prediction = 1, 2, 3; reference = 1, 2, 3; }"), status: 1),
            Case(args: ["plot", "f.nc"], files: netcdf("netcdf f { dimensions: step = 2; variables: double step(step); double loss_residual(step); data: step = 0, 1; loss_residual = 1, 0.5; }"), status: 1),
            Case(args: ["plot", "f.nc"], files: netcdf("netcdf f { dimensions: x = 3; variables: double x(x); double prediction(x); data: x = 0, 0.5, 1; prediction = 1, 2, 3; }"), status: 1),
            Case(args: ["plot", "f.nc"], files: write("CDF\u{1}garbage that is not NetCDF", "f.nc"), status: 1),
            Case(args: ["plot", "f.nc"], files: write("", "f.nc"), status: 1),
            Case(args: ["plot", "absent.nc"], status: 1),
            // A real result file, damaged (ResultFileFuzzTests has thousands more).
            Case(args: ["plot", "f.nc"], files: damagedResult { $0.removeLast($0.count / 2) }, status: 1),
            Case(args: ["plot", "f.nc"], files: damagedResult { $0.replaceSubrange(0..<8, with: [UInt8](repeating: 0, count: 8)) }, status: 1),
            Case(args: ["plot", "f.nc"], files: damagedResult { b in for i in stride(from: 512, to: b.count, by: 7) { b[i] ^= 0x5A } }, status: 1),
            Case(args: ["plot", "f.nc"], files: damagedResult { $0 = Array($0.prefix(4096)) + Array(repeating: 0xFF, count: 4096) }, status: 1),
        ]
    }

    /// The result file of ResultFileFuzzTests with `edit` applied, as f.nc.
    static func damagedResult(_ edit: @escaping @Sendable (inout [UInt8]) -> Void) -> @Sendable (URL) throws -> Void {
        { dir in
            var bytes = [UInt8](try ResultFileFuzzTests.realResult.get())
            edit(&bytes)
            try Data(bytes).write(to: dir.appendingPathComponent("f.nc"))
        }
    }

    static var pathCases: [Case] {
        [Case(args: ["run", "poisson-1d", "--steps", "2", "--output", "X", "--checkpoint", "X"], status: 2, fragment: "name the same file"),
         Case(args: ["run", "poisson-1d", "--steps", "2", "--checkpoint", "c.ckpt", "--summary", "c.ckpt.json"], status: 2, fragment: "name the same file"),
         Case(args: ["run", "poisson-1d", "--steps", "2", "--summary", "S", "--output", "./S"], status: 2, fragment: "name the same file"),
         Case(args: ["run", "poisson-1d", "--steps", "2", "--config", "c.toml", "--output", "c.toml"], files: write("width = 8\n", "c.toml"), status: 2, fragment: "would overwrite the input"),
         Case(args: ["evaluate", "--checkpoint", "c.ckpt", "--output", "c.ckpt"], files: checkpoint({ _ in }), status: 2, fragment: "would overwrite the input"),
         Case(args: ["evaluate", "--checkpoint", "c.ckpt", "--summary", "c.ckpt.json"], files: checkpoint({ _ in }), status: 2, fragment: "would overwrite the input"),
         Case(args: ["run", "poisson-1d", "--steps", "2", "--output", "/proc/x.nc"], status: 1, fragment: "cannot write --output"),
         Case(args: ["run", "poisson-1d", "--steps", "2", "--output", "d"], files: { try FileManager.default.createDirectory(at: $0.appendingPathComponent("d"), withIntermediateDirectories: false) }, status: 1, fragment: "is a directory"),
         Case(args: ["run", "poisson-1d", "--steps", "2", "--output", String(repeating: "n", count: 300) + ".nc"], status: 1, fragment: "at most 255"),
         Case(args: ["run", "poisson-1d", "--steps", "2", "--output", "missing/x.nc"], status: 1, fragment: "does not exist"),
         Case(args: ["reference", "heat-1d", "--output", "d"], files: { try FileManager.default.createDirectory(at: $0.appendingPathComponent("d"), withIntermediateDirectories: false) }, status: 1),
         // Targets that a rename would replace: a FIFO, links to a FIFO and to /dev/null (the
         // link, not the device, would go), a link to nothing. /dev/null itself is left to
         // ReplacedFileTests: a regression here would replace the device.
         Case(args: ["run", "poisson-1d", "--steps", "2", "--summary", "f"], files: fifo("f"), status: 1, fragment: "it is a FIFO"),
         Case(args: ["run", "poisson-1d", "--steps", "2", "--output", "l.nc"], files: { try fifo("f")($0); try link("l.nc", to: "f")($0) }, status: 1, fragment: "it is a FIFO"),
         Case(args: ["run", "poisson-1d", "--steps", "2", "--checkpoint", "n.ckpt"], files: link("n.ckpt", to: "/dev/null"), status: 1, fragment: "it leads to /dev/null"),
         Case(args: ["evaluate", "--checkpoint", "c.ckpt", "--output", "n.nc"], files: { try checkpoint({ _ in })($0); try link("n.nc", to: "/dev/null")($0) }, status: 1, fragment: "it leads to /dev/null"),
         Case(args: ["reference", "heat-1d", "--output", "gone.nc"], files: link("gone.nc", to: "nowhere.nc"), status: 1, fragment: "a symbolic link to a file that does not exist"),
         Case(args: ["run", "poisson-1d", "--steps", "2", "--output", "/dev/../proc/x.nc"], status: 1, fragment: "a device or system file"),
         Case(args: ["plot", "f.nc", "--output", "/sys"], files: damagedResult { _ in }, status: 1, fragment: "a device or system file")]
    }

    static func fifo(_ name: String) -> @Sendable (URL) throws -> Void {
        { dir in _ = try #require(mkfifo(dir.appendingPathComponent(name).path, 0o644) == 0) }
    }

    static func link(_ name: String, to target: String) -> @Sendable (URL) throws -> Void {
        { dir in try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent(name).path, withDestinationPath: target) }
    }

    static var commandCases: [Case] {
        [Case(args: ["help", "bogus"], status: 2, fragment: "no command 'bogus'"),
         Case(args: ["bogus"], status: 2), Case(args: ["run", "poisson-1d", "--bogus"], status: 2),
         Case(args: ["run", "no-such-problem"], status: 2), Case(args: ["run", String(repeating: "p", count: 100_000)], status: 2),
         Case(args: ["run", "poisson-1d", "--precision", "f16"], status: 2), Case(args: ["run", "poisson-1d", "--engine", ""], status: 2),
         Case(args: ["run", "poisson-2d", "--dim", "3"], status: 2), Case(args: ["plot"], status: 2), Case(args: ["evaluate"], status: 2)]
    }

    /// The sampling settings: names outside their lists, parameters outside their ranges, and
    /// combinations that cannot work (a quasi-random sampler without a domain, adaptive points
    /// that are never re-drawn).
    static var samplingCases: [Case] {
        var cases = [Case(args: ["run", "poisson-1d", "--sampler", "sobolev"], status: 2),
                     Case(args: ["run", "poisson-1d", "--sampler", ""], status: 2),
                     Case(args: ["run", "poisson-1d", "--adaptive", "maybe"], status: 2),
                     Case(args: ["run", "poisson-1d", "--adaptive", "rad"], status: 2, fragment: "set resample_every in 1..."),
                     Case(args: ["run", "poisson-1d", "--adaptive", "rad", "--resample-every", "10", "--adaptive-pool", "100"], status: 2,
                          fragment: "adaptive_pool must be in 256...100000000 for adaptive rad"),
                     Case(args: ["run", "poisson-1d", "--adaptive", "rar", "--resample-every", "1", "--rar-count", "100000", "--adaptive-pool", "200000"], status: 2,
                          fragment: "adaptive rar would grow the batch"),
                     Case(args: ["run", "semilinear-heat", "--dim", "2", "--sampler", "halton"], status: 2, fragment: "use sampler uniform"),
                     Case(args: ["run", "poisson-1d", "--config", "c.toml"], files: write("sampler = \"sobol2\"\n", "c.toml"), status: 2,
                          fragment: "key 'sampler' must be one of uniform, sobol, halton, hammersley, lhs"),
                     Case(args: ["run", "poisson-1d", "--config", "c.toml"], files: write("rad_exponent = 20\n", "c.toml"), status: 2,
                          fragment: "rad_exponent must be a finite number in 0...10"),
                     Case(args: ["run", "poisson-1d", "--config", "c.json"], files: write("{\"adaptive_pool\": 0}", "c.json"), status: 2,
                          fragment: "adaptive_pool must be in 1...100000000")]
        for v in ["nan", "inf", "-1", "10.5", "abc"] {
            cases.append(Case(args: ["run", "poisson-1d", "--rad-exponent", v], status: 2, fragment: v == "abc" ? nil : "0...10"))
        }
        for v in ["nan", "-inf", "-0.5", "1e13"] {
            cases.append(Case(args: ["run", "poisson-1d", "--rad-offset", v], status: 2, fragment: "0...1e12"))
        }
        for o in ["--adaptive-pool", "--rar-count"] {
            for v in ["0", "-1", "100000001"] { cases.append(Case(args: ["run", "poisson-1d", o, v], status: 2, fragment: "1...100000000")) }
            cases.append(Case(args: ["run", "poisson-1d", o, "9223372036854775808"], status: 2))
        }
        return cases
    }

    static let all: [Case] = numberCases + sizeCases + configCases + checkpointCases + resumeCases + plotCases + pathCases + commandCases + samplingCases

    @Test func thereAreAtLeastAHundredCases() { #expect(Self.all.count >= 100, "\(Self.all.count) cases") }

    @Test(arguments: all) func refusedCleanly(_ c: Case) throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try c.files(dir)
        let given = Set(try FileManager.default.contentsOfDirectory(atPath: dir.path))
        let oneThread = (c.args.first == "run" || c.args.first == "bench-step") && !c.args.contains("--threads")
        let running = try CLI.start(c.args + (oneThread ? ["--threads", "1"] : []), in: dir)
        let out = running.finish(within: 60, "still running after 60 s; killed")
        #expect(running.process.terminationReason == .exit, "ended by signal \(out.status); stderr: \(out.stderr.prefix(2000))")
        if let s = c.status {
            #expect(out.status == s, "exit \(out.status), expected \(s); stderr: \(out.stderr.prefix(2000))")
        } else {
            #expect(out.status == 1 || out.status == 2, "exit \(out.status); stderr: \(out.stderr.prefix(2000))")
        }
        let first = out.stderr.split(separator: "\n").first.map(String.init) ?? ""
        #expect(first.hasPrefix("Error:"), "stderr starts \"\(first.prefix(300))\"")
        #expect(out.stderr.utf8.count < 20_000, "stderr has \(out.stderr.utf8.count) bytes")
        if let f = c.fragment { #expect(out.stderr.contains(f), "stderr lacks \"\(f)\": \(out.stderr.prefix(2000))") }
        let left = Set(try FileManager.default.contentsOfDirectory(atPath: dir.path)).subtracting(given)
        #expect(left.isEmpty, "files left behind: \(left.sorted())")
    }
}
