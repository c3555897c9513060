import Autodiff

/// The distribution a run's interior (residual) points are drawn from: the setting
/// `sampler` of `pinn-solve run`.
///
/// `uniform` is independent uniform points (the domain's own `sampleInterior`, or the
/// problem's own draw). The others are low-discrepancy or stratified point sets, randomised
/// so that each draw (each resampling) gives a different set, reproducible from the stream:
/// Sobol with a random digital shift, Halton with a random linear digit scramble, Hammersley
/// scrambled with its first coordinate jittered, Latin hypercube with fresh strata positions.
/// Each point of a randomised set is uniform on the domain, so the loss stays an unbiased
/// estimate of the residual's mean square, with a smaller variance for smooth residuals.
public enum PointSampler: String, Codable, Sendable, CaseIterable, CustomStringConvertible {
    case uniform, sobol, halton, hammersley, lhs

    /// The name `describe` and the report use: "uniform", "Sobol", ..., "Latin hypercube".
    public var description: String {
        switch self {
        case .uniform: "uniform"
        case .sobol: "Sobol"
        case .halton: "Halton"
        case .hammersley: "Hammersley"
        case .lhs: "Latin hypercube"
        }
    }

    /// The randomised unit-cube sampler behind the choice (pseudo-random for `uniform`).
    public var unitCube: any UnitCubeSampler {
        switch self {
        case .uniform: PseudoRandomSampler()
        case .sobol: SobolSampler(randomShift: true)
        case .halton: HaltonSampler(scrambled: true)
        case .hammersley: HammersleySampler(scrambled: true, jittered: true)
        case .lhs: LatinHypercubeSampler()
        }
    }

    /// `n` points of `domain` drawn by this sampler: `uniform` is the domain's own
    /// `sampleInterior`; the others go through `sampleInterior(_:unitCube:using:)`.
    public func sample<S: TensorScalar>(_ n: Int, in domain: any Domain, using rng: inout RandomStream) throws -> Tensor<S> {
        self == .uniform ? try domain.sampleInterior(n, using: &rng)
                         : try domain.sampleInterior(n, unitCube: unitCube, using: &rng)
    }
}

extension Domain {
    /// `n` interior points from a unit-cube sampler, for any domain: through the domain's
    /// measure-preserving map when it is `UnitCubeMappable` (a box or space-time box by the
    /// affine map; a ball, disk, polygon by theirs), otherwise by rejection of the sampler's
    /// points mapped affinely onto the bounding box (a CSG domain). Rejection keeps a uniform
    /// density and, for sequences, most of their uniformity: the kept points are the first n of
    /// the sequence that fall inside.
    ///
    /// Rejection draws a set sized from `volume / boundingBox.volume` and, if too few fall
    /// inside, a set twice as large from the same stream state (a sequence's larger set starts
    /// with the smaller one), so the points depend on the seed only. It throws
    /// `SamplingError.rejectionFailed` when fewer than 1 in 1,000 points are inside.
    public func sampleInterior<S: TensorScalar>(_ n: Int, unitCube sampler: any UnitCubeSampler,
                                                using rng: inout RandomStream) throws -> Tensor<S> {
        if let mappable = self as? any UnitCubeMappable {
            return try mappable.sampleInterior(n, sampler: sampler, using: &rng)
        }
        try checkCount(n, "sampleInterior(unitCube:)")
        let box = try Box(lower: boundingBox.lower, upper: boundingBox.upper)
        let minimumRate = 1e-3
        let rate = Swift.min(1, Swift.max(volume / box.volume, minimumRate))
        var size = Int((Double(n) / rate * 1.1).rounded(.up)) + 64
        while true {
            var attempt = rng
            let x: Tensor<S> = try box.sampleInterior(size, sampler: sampler, using: &attempt)
            let inside = contains(x, tolerance: 0)
            let kept = inside.indices.filter { inside[$0] }
            if kept.count >= n {
                rng = attempt
                return gatherRows(x, Array(kept.prefix(n)))
            }
            if Double(kept.count) < minimumRate * Double(size) && size >= 4096 {
                throw SamplingError.rejectionFailed(domain: "\(self) with \(sampler)", accepted: kept.count,
                                                    proposals: size, minimumRate: minimumRate)
            }
            size *= 2
        }
    }
}
