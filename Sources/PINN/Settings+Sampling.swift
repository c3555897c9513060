import Foundation
import Sampling

/// The point-distribution settings: `sampler`, `adaptive` and its parameters, their checks,
/// and the one-line description `describe` and the run report show.
extension Settings {
    /// Candidates adaptive sampling evaluates each round: `adaptivePool`, or 10 x batch.
    public var candidatePool: Int { adaptivePool ?? Swift.min(10 * batch, Limits.batch.upperBound) }

    /// Points RAR adds per round: `rarCount`, or 1% of the batch (at least 1).
    public var addedPerRound: Int { rarCount ?? Swift.max(1, batch / 100) }

    /// The most interior points one batch holds: the batch, plus under RAR everything added
    /// by the last round (one round per resampling, the first at step 0). In Double, so that
    /// validated settings cannot overflow it.
    public var largestBatch: Double {
        guard adaptive == .rar, resampleEvery > 0 else { return Double(batch) }
        let rounds = (Double(Swift.max(totalSteps - 1, 0)) / Double(resampleEvery)).rounded(.down) + 1
        return Double(batch) + rounds * Double(addedPerRound)
    }

    /// How the interior points are drawn, e.g. "batch 10000 (Sobol, fresh every 500 steps)" or
    /// "batch 2000 (fresh every 100 steps, RAD k=1 c=1 from 20000 candidates)".
    public var pointsDescription: String {
        var parts: [String] = []
        if sampler != .uniform { parts.append(sampler.description) }
        parts.append(resampleEvery == 0 ? "drawn once" : resampleEvery == 1 ? "fresh every step" : "fresh every \(resampleEvery) steps")
        func number(_ v: Double) -> String { v == v.rounded() && Swift.abs(v) < 1e15 ? String(Int(v)) : "\(v)" }
        switch adaptive {
        case .none: break
        case .rad: parts.append("RAD k=\(number(radExponent)) c=\(number(radOffset)) from \(candidatePool) candidates")
        case .rar: parts.append("RAR +\(addedPerRound) per round from \(candidatePool) candidates")
        }
        return "batch \(batch) (\(parts.joined(separator: ", ")))"
    }

    /// Checks the sampling settings together (each one's range is checked by its entry in
    /// `Settings.table`); each message names the key, the value and the range.
    func validateSampling() throws {
        guard adaptive != .none else { return }
        if resampleEvery == 0 {
            throw SettingsError("adaptive \(adaptive.rawValue) draws points from the residual each time the batch is resampled, but resample_every is 0 (drawn once): set resample_every in 1...\(Limits.steps.upperBound), e.g. 500")
        }
        switch adaptive {
        case .none: break
        case .rad where candidatePool < batch:
            throw SettingsError("adaptive_pool must be in \(batch)...\(Limits.batch.upperBound) for adaptive rad (it draws the batch of \(batch) from the pool without replacement), got \(candidatePool)")
        case .rar where candidatePool < addedPerRound:
            throw SettingsError("adaptive_pool must be in \(addedPerRound)...\(Limits.batch.upperBound) for adaptive rar (it adds rar_count = \(addedPerRound) of the pool per round), got \(candidatePool)")
        case .rar where largestBatch > Double(Limits.batch.upperBound):
            throw SettingsError("adaptive rar would grow the batch to \(Int(largestBatch.rounded())) points (batch \(batch) + \(addedPerRound) per round, one round every \(resampleEvery) of \(totalSteps) steps), above the limit \(Limits.batch.upperBound): lower rar_count or raise resample_every")
        default: break
        }
    }
}
