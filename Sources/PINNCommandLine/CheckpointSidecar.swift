import Foundation
import PINN

/// What a checkpoint belongs to, written by `run --checkpoint FILE` as `FILE.json` next to it,
/// right after each checkpoint it describes (periodic, on SIGINT/SIGTERM and at the end):
///
///     { "format": "pinn-solve-checkpoint-settings", "version": 2, "pinn_solve": "0.1.0",
///       "problem": "poisson-2d", "dim": null,
///       "checkpoint_checksum": "fnv1a64:5d0c2ffa1b3e9a47",
///       "settings": { "width": 32, "depth": 3, ... } }
///
/// `settings` holds every `Settings` field in snake_case (the config-file keys; `phases` as a
/// list of {"optimizer", "steps"}). `evaluate` rebuilds the network from it; `run --resume`
/// refuses a checkpoint of another problem, dimension or settings (`ResumeCheck`).
///
/// Version 2 adds `checkpoint_checksum`, the FNV-1a 64 checksum of the checkpoint file's bytes
/// as written: a checkpoint and a settings file that do not belong together (two runs sharing
/// one --checkpoint path, a replaced or edited file) are refused by `read(for:)`. Version-1
/// files (no checksum) are still read, without that check.
struct CheckpointSidecar: Codable, Equatable {
    var format = "pinn-solve-checkpoint-settings"
    var version = Self.currentVersion
    var pinnSolve = PinnSolve.version
    var problem: String
    var dim: Int?
    /// `fnv1a64:` and 16 hex digits; nil only in version-1 files.
    var checkpointChecksum: String?
    var settings: Settings

    static let currentVersion = 2

    init(problem: String, dimension: Int?, settings: Settings, checkpointChecksum: UInt64) {
        self.problem = problem; self.dim = dimension; self.settings = settings
        self.checkpointChecksum = Self.checksumText(checkpointChecksum)
    }

    static func checksumText(_ sum: UInt64) -> String {
        let hex = String(sum, radix: 16)
        return "fnv1a64:" + String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// The settings file of a checkpoint: the checkpoint's file with ".json" appended, beside
    /// the file itself when the path is a symbolic link (the two are written, and read, as a pair).
    static func path(for checkpoint: String) -> String {
        var info = stat()
        if lstat(checkpoint, &info) == 0, info.st_mode & S_IFMT == S_IFLNK, let target = try? ReplacedFile.target(of: checkpoint) {
            return target + ".json"
        }
        return checkpoint + ".json"
    }

    func write(for checkpoint: String) throws {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        enc.keyEncodingStrategy = .convertToSnakeCase
        var data = try enc.encode(self)
        // `dim` is always present (null when not given), so readers need not guess.
        if dim == nil, var obj = try JSONSerialization.jsonObject(with: data) as? [String: Any] {
            obj["dim"] = NSNull()
            data = try JSONSerialization.data(withJSONObject: obj, options: [.prettyPrinted, .sortedKeys])
        }
        try AtomicFile.write(data, to: Self.path(for: checkpoint))
    }

    /// Reads the sidecar of `checkpoint`; a missing or damaged sidecar, or (version 2) one whose
    /// checksum is not that of the checkpoint file, is a `RunFailure`.
    static func read(for checkpoint: String) throws -> CheckpointSidecar {
        let p = path(for: checkpoint)
        guard let data = FileManager.default.contents(atPath: p) else {
            let why = FileManager.default.fileExists(atPath: checkpoint)
                ? "the checkpoint has no settings file \(p) next to it; `pinn-solve run --checkpoint FILE` writes FILE.json with it, keep the two together"
                : "no checkpoint '\(checkpoint)' and no settings file \(p); pass a file written by `pinn-solve run --checkpoint FILE`"
            throw RunFailure(message: "cannot read checkpoint settings: \(why)")
        }
        let dec = JSONDecoder()
        dec.keyDecodingStrategy = .convertFromSnakeCase
        do {
            let s = try dec.decode(CheckpointSidecar.self, from: data)
            guard s.format == "pinn-solve-checkpoint-settings", (1...currentVersion).contains(s.version) else {
                throw RunFailure(message: "\(p) is not a pinn-solve checkpoint settings file of version 1 to \(currentVersion) (format '\(s.format)', version \(s.version))")
            }
            if s.version >= 2 {
                guard let sum = s.checkpointChecksum else {
                    throw RunFailure(message: "cannot read checkpoint settings \(p): missing key 'checkpoint_checksum' (a version-2 file has it)")
                }
                try s.checkChecksum(sum, of: checkpoint)
            }
            return s
        } catch let e as RunFailure { throw e } catch {
            throw RunFailure(message: "cannot read checkpoint settings \(p): \(describe(error)); it should be the JSON that `pinn-solve run --checkpoint` wrote")
        }
    }

    /// Refuses a checkpoint whose bytes do not have the checksum this settings file records.
    /// A checkpoint that cannot be read is left to the checkpoint reader, whose message says why.
    func checkChecksum(_ expected: String, of checkpoint: String) throws {
        guard let data = FileManager.default.contents(atPath: checkpoint) else { return }
        let bytes = [UInt8](data)
        let found = Self.checksumText(fnv1a64(bytes[...]))
        guard found == expected else {
            // A checkpoint damaged on its own (truncated, flipped bits) is reported as such.
            do {
                switch settings.precision {
                case .f32: _ = try Checkpoint<Float>.decode(bytes, path: checkpoint)
                case .f64: _ = try Checkpoint<Double>.decode(bytes, path: checkpoint)
                }
            } catch { throw RunFailure(message: "\(error)") }
            throw RunFailure(message: """
                checkpoint '\(checkpoint)' and its settings file \(Self.path(for: checkpoint)) do not belong together: \
                the settings file describes a checkpoint with checksum \(expected), the checkpoint has \(found). \
                Another run wrote one of them (two runs sharing one --checkpoint path), or one was replaced or edited \
                (or a run was killed between writing the two).
                  fix: use a checkpoint together with the settings file written with it; give each run its own --checkpoint path
                """)
        }
    }

    static func describe(_ error: Error) -> String {
        switch error as? DecodingError {
        case .keyNotFound(let key, _)?: return "missing key '\(key.stringValue)'"
        case .typeMismatch(_, let c)?, .valueNotFound(_, let c)?, .dataCorrupted(let c)?:
            let at = c.codingPath.map(\.stringValue).joined(separator: ".")
            return (at.isEmpty ? "" : "at '\(at)': ") + c.debugDescription
        default: return "\(error)"
        }
    }
}
