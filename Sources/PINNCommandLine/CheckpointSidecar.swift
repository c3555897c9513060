import Foundation
import PINN

/// What a checkpoint belongs to, written by `run --checkpoint FILE` as `FILE.json` next to it
/// before training starts (so interrupted runs have one too):
///
///     { "format": "pinn-solve-checkpoint-settings", "version": 1, "pinn_solve": "0.1.0",
///       "problem": "poisson-2d", "dim": null, "settings": { "width": 32, "depth": 3, ... } }
///
/// `settings` holds every `Settings` field in snake_case (the config-file keys; `phases` as a
/// list of {"optimizer", "steps"}). `evaluate` rebuilds the network from it; `run --resume`
/// refuses a checkpoint of another problem.
struct CheckpointSidecar: Codable, Equatable {
    var format = "pinn-solve-checkpoint-settings"
    var version = 1
    var pinnSolve = PinnSolve.version
    var problem: String
    var dim: Int?
    var settings: Settings

    init(problem: String, dimension: Int?, settings: Settings) {
        self.problem = problem; self.dim = dimension; self.settings = settings
    }

    static func path(for checkpoint: String) -> String { checkpoint + ".json" }

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

    /// Reads the sidecar of `checkpoint`; a missing or damaged sidecar is a `RunFailure`.
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
            guard s.format == "pinn-solve-checkpoint-settings", s.version == 1 else {
                throw RunFailure(message: "\(p) is not a version-1 pinn-solve checkpoint settings file (format '\(s.format)', version \(s.version))")
            }
            return s
        } catch let e as RunFailure { throw e } catch {
            throw RunFailure(message: "cannot read checkpoint settings \(p): \(describe(error)); it should be the JSON that `pinn-solve run --checkpoint` wrote")
        }
    }

    /// The sidecar of `checkpoint` if it has one.
    static func readIfPresent(for checkpoint: String) throws -> CheckpointSidecar? {
        FileManager.default.fileExists(atPath: path(for: checkpoint)) ? try read(for: checkpoint) : nil
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
