import Autodiff
import Sampling

/// Where the solver's interior points come from: the settings' `sampler` and `adaptive` on the
/// problem's domain (Sampling's `CollocationSampler`), with the residual of the current network
/// for the adaptive rules.
extension Solver {
    /// The interior draw the settings ask for. `uniform` is the problem's own draw (points
    /// exactly as the problem defines them); the quasi-random samplers need the problem's
    /// domain. Adaptive rules draw their candidates the same way.
    static func makeInteriorSampler(problem: Problem<Scalar>, settings: Settings) throws -> CollocationSampler<Scalar> {
        let draw: (Int, inout RandomStream) throws -> Tensor<Scalar>
        if settings.sampler == .uniform {
            draw = problem.interior
        } else {
            guard let domain = problem.domain else {
                throw SettingsError("sampler \(settings.sampler.rawValue) places points on the problem's domain, but \(problem.name) has none (it draws its own points\(problem.timeIndex != nil ? ", e.g. along SDE paths" : "")): use sampler uniform")
            }
            let sampler = settings.sampler
            draw = { n, rng in try sampler.sample(n, in: domain, using: &rng) }
        }
        let rule: CollocationSampler<Scalar>.Rule
        do {
            switch settings.adaptive {
            case .none: rule = .none
            case .rar: rule = .refinement(try ResidualAdaptiveRefinement(count: settings.addedPerRound, candidatePool: settings.candidatePool))
            case .rad: rule = .distribution(try ResidualAdaptiveDistribution(exponent: settings.radExponent, offset: settings.radOffset,
                                                                             candidatePool: settings.candidatePool))
            }
        } catch let e as SamplingError {
            throw SettingsError("adaptive \(settings.adaptive.rawValue): \(e)")
        }
        return CollocationSampler(rule: rule, draw: draw)
    }

    /// The residual of the current network at `points`, `[m, equations]`, detached, evaluated
    /// in chunks of one batch so that a large candidate pool takes no more memory than a
    /// training step.
    func residualRows(at points: Tensor<Scalar>) -> Tensor<Scalar> {
        let m = points.shape[0], chunk = Swift.max(1, settings.batch)
        var columns: [[Scalar]] = []
        for start in stride(from: 0, to: m, by: chunk) {
            let rows = points.rows(start..<Swift.min(m, start + chunk))
            let r = residuals(at: ConditionPoints(rows))
            if columns.isEmpty { columns = Array(repeating: [], count: r.count) }
            for (k, t) in r.enumerated() {
                require(t.count == rows.shape[0], "problem \(problem.name): residual \(k) has shape \(t.shape) for \(rows.shape[0]) points, expected [n, 1]")
                columns[k] += t.detached.scalars
            }
        }
        let c = Swift.max(columns.count, 1)
        return Tensor(shape: [m, c]) { i in columns.isEmpty ? 0 : columns[i % c][i / c] }
    }
}
