import Foundation
import Testing

/// `run --resume` with the settings a checkpoint allows to change, and the checkpoint's
/// settings file (FILE.json): written after each checkpoint with the checkpoint's checksum,
/// and read in its version-1 form (no checksum) too. The refusals are in HostileInputTests.
@Suite struct ResumeTests {
    static let base = ["run", "poisson-1d", "--threads", "1", "--quiet"]

    func finalLoss(_ dir: URL, _ name: String) throws -> Double {
        let data = try Data(contentsOf: dir.appendingPathComponent(name))
        let obj = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return try #require(obj["final_loss"] as? Double)
    }

    func settingsFile(_ dir: URL, _ name: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent(name))) as? [String: Any])
    }

    /// FNV-1a 64 written out here, independent of the library's.
    func fnv(_ data: Data) -> String {
        var h: UInt64 = 14_695_981_039_346_656_037
        for b in data { h = (h ^ UInt64(b)) &* 1_099_511_628_211 }
        let hex = String(h, radix: 16)
        return "fnv1a64:" + String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// A phase appended to a completed checkpoint's phases, with another --evaluate-every and
    /// --time-budget, continues exactly as the whole plan run at once.
    @Test func appendedPhasesContinueBitIdentically() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let whole = try CLI.run(Self.base + ["--phases", "adam:10,lbfgs:5,adam:5", "--summary", "whole.json"], in: dir)
        #expect(whole.status == 0, "\(whole.stderr)")
        let first = try CLI.run(Self.base + ["--phases", "adam:10,lbfgs:5", "--checkpoint", "c.ckpt"], in: dir)
        #expect(first.status == 0, "\(first.stderr)")
        let rest = try CLI.run(Self.base + ["--phases", "adam:10,lbfgs:5,adam:5", "--resume", "c.ckpt", "--checkpoint", "c.ckpt",
                                            "--evaluate-every", "3", "--time-budget", "600", "--summary", "resumed.json"], in: dir)
        #expect(rest.status == 0, "\(rest.stderr)")
        #expect(try finalLoss(dir, "whole.json") == finalLoss(dir, "resumed.json"))
        // The settings file now describes the longer plan.
        let phases = try #require(try settingsFile(dir, "c.ckpt.json")["settings"] as? [String: Any])["phases"] as? [[String: Any]]
        #expect(phases?.count == 3)
    }

    /// The settings file records the checksum of the checkpoint written last: after periodic
    /// checkpoints, at the end, and after an interrupt (ErrorPathTests' SIGINT test evaluates
    /// such a checkpoint, which checks the checksum).
    @Test func theSettingsFileDescribesTheLastCheckpoint() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLI.run(Self.base + ["--steps", "10", "--checkpoint", "c.ckpt", "--checkpoint-every", "3"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let sidecar = try settingsFile(dir, "c.ckpt.json")
        #expect(sidecar["version"] as? Int == 2)
        #expect(sidecar["checkpoint_checksum"] as? String == fnv(try Data(contentsOf: dir.appendingPathComponent("c.ckpt"))))
        // Nothing is written for a run that fails before its first checkpoint.
        let bad = try CLI.run(Self.base + ["--steps", "10", "--checkpoint", "d.ckpt", "--config", "absent.toml"], in: dir)
        #expect(bad.status == 1)
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("d.ckpt.json").path))
    }

    /// A version-1 settings file (before checksums) is still read by evaluate and --resume.
    @Test func versionOneSettingsFilesAreStillRead() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLI.run(Self.base + ["--steps", "4", "--checkpoint", "c.ckpt"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        var sidecar = try settingsFile(dir, "c.ckpt.json")
        sidecar["version"] = 1
        sidecar["checkpoint_checksum"] = nil
        try JSONSerialization.data(withJSONObject: sidecar).write(to: dir.appendingPathComponent("c.ckpt.json"))
        let e = try CLI.run(["evaluate", "--checkpoint", "c.ckpt", "--threads", "1"], in: dir)
        #expect(e.status == 0, "\(e.stderr)")
        let resumed = try CLI.run(Self.base + ["--steps", "4", "--resume", "c.ckpt"], in: dir)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        // A changed setting is refused in version-1 files too.
        let changed = try CLI.run(Self.base + ["--steps", "4", "--resume", "c.ckpt", "--width", "9"], in: dir)
        expectFailure(changed, status: 2, ["width: ", "in the checkpoint, 9 in this run"])
    }
}
