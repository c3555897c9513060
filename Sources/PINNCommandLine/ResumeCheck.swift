import Foundation
import PINN

/// Whether `run --resume CHECKPOINT` may continue the checkpoint with this run's problem,
/// dimension and settings (after defaults, --config and options), as recorded in the
/// checkpoint's settings file. A resumed run continues bit for bit only with the settings that
/// wrote the checkpoint; a changed learning rate, schedule or resampling period would silently
/// give another result.
///
/// The settings are compared through their Codable encoding, key by key, so a field added to
/// `Settings` later is covered without touching this file. The keys that may change:
/// - `evaluate_every`, `time_budget`: when to measure and when to stop, not how to train;
/// - `phases`: the checkpoint's phases must stay as they are; phases may be appended after
///   them (to train longer: `--phases adam:1000,lbfgs:100,lbfgs:500` after `adam:1000,lbfgs:100`).
/// Threads and output paths are options outside `Settings` and may always change.
enum ResumeCheck {
    /// Settings keys that may differ between the checkpoint and the resumed run (marked in
    /// `Settings.table`).
    static let changeable = Set(Settings.table.filter(\.changeableOnResume).map(\.key))

    /// One differing key, with its values in config-file form (`"unset"` for an absent optional).
    struct Difference: Equatable {
        var key: String
        var old: String
        var new: String
        var note = ""
    }

    /// Throws a `UsageError` (exit 2) naming every difference that is not allowed.
    static func check(_ sidecar: CheckpointSidecar, checkpoint: String, problem: any ProblemDefinition,
                      dimension: Int?, settings: Settings) throws {
        let file = CheckpointSidecar.path(for: checkpoint)
        guard sidecar.problem == problem.name else {
            throw UsageError("checkpoint '\(checkpoint)' belongs to a run of '\(sidecar.problem)' (see \(file)), not '\(problem.name)'; resume it with `pinn-solve run \(sidecar.problem) --resume \(checkpoint)`")
        }
        if sidecar.dim != dimension {
            // The same dimension given once by default and once explicitly is the same run.
            let old = try problem.make(Double.self, options: ProblemOptions(dimension: sidecar.dim)).inputDimension
            let new = try problem.make(Double.self, options: ProblemOptions(dimension: dimension)).inputDimension
            if old != new {
                throw UsageError("checkpoint '\(checkpoint)' was written by a run with --dim \(sidecar.dim.map(String.init) ?? "unset (the default)") (see \(file)), this run has --dim \(dimension.map(String.init) ?? "unset (the default)"); resume with the checkpoint's --dim, or start a new run without --resume")
            }
        }
        let found = try differences(checkpoint: sidecar.settings, resumed: settings)
        guard found.isEmpty else {
            let lines = found.map { "  \($0.key): \($0.old) in the checkpoint, \($0.new) in this run\($0.note)" }
            throw UsageError("""
                checkpoint '\(checkpoint)' was written with other settings (see \(file)):
                \(lines.joined(separator: "\n"))
                  fix: resume with the checkpoint's settings (drop the options or config keys that change them, or give the checkpoint's values), or start a new run without --resume. Only \(changeable.sorted().joined(separator: " and ")) may change, and phases may be appended after the checkpoint's (Docs/cli.md)
                """)
        }
    }

    /// The keys whose values differ and may not, in key order.
    static func differences(checkpoint old: Settings, resumed new: Settings) throws -> [Difference] {
        let a = try encoded(old), b = try encoded(new)
        var found: [Difference] = []
        for key in Set(a.keys).union(b.keys).sorted() where !changeable.contains(key) {
            let x = try text(a[key]), y = try text(b[key])
            guard x != y else { continue }
            if key == "phases", new.phases.count > old.phases.count, Array(new.phases.prefix(old.phases.count)) == old.phases {
                continue
            }
            if key == "phases" {
                found.append(Difference(key: key, old: old.phases.map(\.description).joined(separator: ","),
                                        new: new.phases.map(\.description).joined(separator: ","),
                                        note: " (the checkpoint's phases must stay; phases may only be appended after them)"))
            } else {
                found.append(Difference(key: key, old: x, new: y))
            }
        }
        return found
    }

    /// Settings as the JSON object of a settings file: one entry per key, nil optionals absent.
    static func encoded(_ settings: Settings) throws -> [String: Any] {
        let enc = JSONEncoder()
        enc.keyEncodingStrategy = .convertToSnakeCase
        let data = try enc.encode(settings)
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw RunFailure(message: "settings did not encode as a JSON object")
        }
        return object
    }

    /// A value's canonical JSON text (sorted keys), "unset" for an absent key.
    static func text(_ value: Any?) throws -> String {
        guard let value, !(value is NSNull) else { return "unset" }
        let data = try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed])
        return String(decoding: data, as: UTF8.self)
    }
}
