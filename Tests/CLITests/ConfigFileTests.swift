import Foundation
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
}
