import Foundation
import PINN
import Testing

/// Config-file errors (TOML and JSON) name the file, the line, the key and what was expected,
/// and exit with 2; an unreadable file exits with 1 (see ErrorPathTests).
@Suite struct ConfigFileTests {
    @Test(arguments: [
        ("bad.toml", "width = 16\nwidht = 3\n", ["bad.toml:2: unknown key 'widht'", "did you mean 'width'?", "known keys:"]),
        ("bad.json", "{\n  \"width\": 16,\n  \"widht\": 3\n}\n", ["bad.json:3: unknown key 'widht'", "did you mean 'width'?"]),
        ("bad.toml", "depth = 2\nwidth = \"16\"\n", ["bad.toml:2: key 'width' must be an integer, got the string \"16\""]),
        ("bad.json", "{\n  \"width\": 16,\n  \"depth\": true\n}\n", ["bad.json:3: key 'depth' must be an integer, got the boolean true"]),
        ("bad.json", "{\"width\": 1.5}", ["bad.json:1: key 'width' must be an integer, got the number 1.5"]),
        ("bad.toml", "learning_rate = \"fast\"\n", ["bad.toml:1: key 'learning_rate' must be a number, got the string \"fast\""]),
        ("bad.toml", "residual_connections = 1\n", ["key 'residual_connections' must be a boolean, got the integer 1"]),
        ("bad.toml", "\n\nactivation = \"relu\"\n", ["bad.toml:3: key 'activation' must be one of tanh, sin", "got 'relu'"]),
        ("bad.json", "{\"precision\": \"f16\"}", ["key 'precision' must be one of f32, f64, got 'f16'"]),
        ("bad.toml", "phases = \"adam:x\"\n", ["bad.toml:1: key 'phases': phase 'adam:x' is not OPTIMIZER:STEPS"]),
        ("bad.toml", "seed = -1\n", ["bad.toml:1: key 'seed' must be >= 0, got -1"]),
        ("bad.toml", "width = 0\n", ["bad.toml: width must be in 1...16384, got 0"]),
        ("bad.toml", "lbfgs_history = 0\n", ["bad.toml: lbfgs_history must be in 1...10000, got 0"]),
        ("bad.toml", "[network]\nwidth = 3\n", ["unknown key 'network'"]),
        ("bad.toml", "sampler = \"random\"\n", ["bad.toml:1: key 'sampler' must be one of uniform, sobol, halton, hammersley, lhs, got 'random'"]),
        ("bad.toml", "adaptive = 1\n", ["bad.toml:1: key 'adaptive' must be a string, got the integer 1"]),
        ("bad.json", "{\"adaptive\": \"rad\", \"resample_every\": 0}", ["bad.json: adaptive rad draws points from the residual", "set resample_every in 1..."]),
        ("bad.toml", "rad_offset = -2\n", ["bad.toml: rad_offset must be a finite number in 0...1e12, got -2.0"]),
        ("bad.toml", "rad_exponent = \"one\"\n", ["key 'rad_exponent' must be a number, got the string \"one\""]),
        ("bad.toml", "rar_count = 0\n", ["bad.toml: rar_count must be in 1...100000000, got 0"]),
        ("bad.toml", "rar_cuont = 10\n", ["unknown key 'rar_cuont'", "did you mean 'rar_count'?"]),
        ("bad.toml", "width = 3\nwidth =\n", ["bad.toml:2: not valid TOML"]),
        ("bad.json", "{\"width\": 3,", ["bad.json: not valid JSON"]),
        ("bad.json", "[1, 2]", ["bad.json: not a JSON object of settings"]),
    ])
    func badConfigExitsWith2(name: String, text: String, fragments: [String]) throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
        expectFailure(try CLI.run(["run", "poisson-2d", "--config", name, "--steps", "1"], in: dir), status: 2, fragments)
    }

    /// The sampling keys and options reach the run: the report's points line, the result
    /// file's attributes and the summary's settings (a short RAD run, end to end, through the binary).
    @Test func samplingKeysAndOptionsReachTheRun() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try "sampler = \"halton\"\nadaptive = \"rad\"\nrad_exponent = 2\nrad_offset = 0.5\nadaptive_pool = 640\nresample_every = 5\n"
            .write(to: dir.appendingPathComponent("c.toml"), atomically: true, encoding: .utf8)
        let r = try CLI.run(["run", "poisson-1d", "--config", "c.toml", "--batch", "64", "--steps", "20", "--quiet", "--threads", "1",
                             "--output", "o.nc", "--summary", "s.json"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("points:          batch 64 (Halton, fresh every 5 steps, RAD k=2 c=0.5 from 640 candidates)"), "\(r.stdout)")
        let f = try ResultFile.read(from: dir.appendingPathComponent("o.nc").path)
        #expect(f.settings["sampler"] == .text("halton") && f.settings["adaptive"] == .text("rad"), "\(f.settings)")
        #expect(f.settings["rad_exponent"] == .double(2) && f.settings["rad_offset"] == .double(0.5), "\(f.settings)")
        #expect(f.settings["adaptive_pool"] == .int(640) && f.settings["resample_every"] == .int(5), "\(f.settings)")
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("s.json"))) as? [String: Any]
        let settings = summary?["settings"] as? [String: Any]
        #expect(settings?["sampler"] as? String == "halton" && settings?["adaptive"] as? String == "rad", "\(String(describing: settings))")
        #expect(settings?["rad_exponent"] as? Double == 2 && settings?["adaptive_pool"] as? Int == 640, "\(String(describing: settings))")
        #expect(summary?["status"] as? String == "completed")
        // The options override the file.
        let o = try CLI.run(["run", "poisson-1d", "--config", "c.toml", "--sampler", "sobol", "--adaptive", "rar", "--rar-count", "4",
                             "--adaptive-pool", "100", "--batch", "32", "--steps", "6", "--quiet", "--threads", "1"], in: dir)
        #expect(o.status == 0, "\(o.stderr)")
        #expect(o.stdout.contains("points:          batch 32 (Sobol, fresh every 5 steps, RAR +4 per round from 100 candidates)"), "\(o.stdout)")
    }
}
