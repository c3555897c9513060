import Autodiff

/// What a rejection sampler did: proposals drawn and accepted.
public struct RejectionReport: Sendable, Equatable, CustomStringConvertible {
    public var proposals: Int
    public var accepted: Int
    /// accepted / proposals (1 when nothing was proposed).
    public var acceptanceRate: Double { proposals == 0 ? 1 : Double(accepted) / Double(proposals) }
    public var description: String { "accepted \(accepted) of \(proposals) proposals (rate \(acceptanceRate))" }
}

/// Draws batches of proposals until `n` are accepted, keeping accepted rows in proposal
/// order. Batches are sized from the acceptance rate seen so far. Throws
/// `SamplingError.rejectionFailed` once at least `evidence` proposals have been drawn and
/// the rate is below `minimumRate`: the region is empty or nearly so.
func rejectionSample<S: TensorScalar>(
    _ n: Int, dimension d: Int, what: String, minimumRate: Double, evidence: Int = 4096,
    using rng: inout RandomStream,
    propose: (Int, inout RandomStream) throws -> (points: Tensor<S>, accept: [Bool])
) throws -> (Tensor<S>, RejectionReport) {
    try checkCount(n, "\(what).sample")
    var report = RejectionReport(proposals: 0, accepted: 0)
    var kept: [S] = []
    kept.reserveCapacity(n * d)
    while report.accepted < n {
        let rate = Swift.max(report.proposals == 0 ? 1 : report.acceptanceRate, minimumRate)
        let need = n - report.accepted
        let batch = Swift.min(Swift.max(256, Int(Double(need) / rate * 1.2) + 16), 1 << 22)
        let (points, accept) = try propose(batch, &rng)
        // Count proposals up to the one that completes the set, so the reported rate is unbiased.
        points.withUnsafeBufferPointer { p in
            for i in 0..<batch where report.accepted < n {
                report.proposals += 1
                if accept[i] {
                    kept.append(contentsOf: p[(i * d)..<(i * d + d)])
                    report.accepted += 1
                }
            }
        }
        if report.accepted < n && report.proposals >= evidence && report.acceptanceRate < minimumRate {
            throw SamplingError.rejectionFailed(domain: what, accepted: report.accepted,
                                                proposals: report.proposals, minimumRate: minimumRate)
        }
    }
    return (Tensor(shape: [n, d], scalars: kept), report)
}
