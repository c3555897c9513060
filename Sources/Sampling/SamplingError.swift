/// Errors from bad user input to the sampling module: each message names the offending
/// value, what was expected and, where there is one, the fix.
///
/// API misuse (a points tensor of the wrong shape) is a `precondition` instead, whose
/// message names the operation and the shapes.
public enum SamplingError: Error, Equatable, CustomStringConvertible, Sendable {
    /// A dimension that is zero, negative, or different from the one required.
    case invalidDimension(what: String, value: Int, expected: String)
    /// Lower bound not strictly below the upper bound (axis `axis`, 0-based).
    case invalidBounds(what: String, axis: Int, lower: Double, upper: Double)
    /// A radius that is not positive and finite.
    case invalidRadius(what: String, value: Double)
    /// A point count that is negative (or otherwise out of range).
    case invalidCount(what: String, value: Int, expected: String)
    /// A real parameter out of range (a non-finite coordinate, a negative time, ...).
    case invalidParameter(what: String, value: String, expected: String)
    /// A polygon or triangle with repeated vertices, zero area, or crossing edges.
    case degenerateGeometry(what: String, reason: String)
    /// A sampler asked for more dimensions than its construction supports.
    case dimensionTooHigh(sampler: String, requested: Int, maximum: Int)
    /// Rejection sampling accepted too few proposals: the region is (nearly) empty.
    case rejectionFailed(domain: String, accepted: Int, proposals: Int, minimumRate: Double)
    /// A residual that is not finite, or all zero with no floor to fall back on.
    case invalidResidual(String)
    /// A bundled data file is missing or malformed.
    case resource(String)

    public var description: String {
        switch self {
        case let .invalidDimension(what, value, expected):
            return "\(what): dimension \(value) is invalid; expected \(expected)."
        case let .invalidBounds(what, axis, lower, upper):
            return "\(what): lower bound \(lower) is not below upper bound \(upper) on axis \(axis); "
                + "expected lower < upper on every axis (swap them if they were given in the wrong order)."
        case let .invalidRadius(what, value):
            return "\(what): radius \(value) is invalid; expected a positive finite radius."
        case let .invalidCount(what, value, expected):
            return "\(what): count \(value) is invalid; expected \(expected)."
        case let .invalidParameter(what, value, expected):
            return "\(what): value \(value) is invalid; expected \(expected)."
        case let .degenerateGeometry(what, reason):
            return "\(what) is degenerate: \(reason)."
        case let .dimensionTooHigh(sampler, requested, maximum):
            return "\(sampler): dimension \(requested) is too high; expected at most \(maximum) "
                + "(the direction-number table has \(maximum) dimensions); use Halton or pseudo-random points "
                + "for more dimensions."
        case let .rejectionFailed(domain, accepted, proposals, minimumRate):
            let rate = proposals > 0 ? Double(accepted) / Double(proposals) : 0
            return "\(domain): rejection sampling accepted \(accepted) of \(proposals) proposals "
                + "(rate \(rate), expected at least \(minimumRate)); the region is empty or nearly so. "
                + "Check that the operands overlap as intended."
        case let .invalidResidual(message):
            return "Adaptive sampling: \(message)."
        case let .resource(message):
            return "Sampling resource: \(message)."
        }
    }
}

// MARK: Validation helpers shared by the constructors.

@usableFromInline
func checkDimension(_ d: Int, _ what: String) throws {
    if d < 1 { throw SamplingError.invalidDimension(what: what, value: d, expected: "at least 1") }
}

@usableFromInline
func checkCount(_ n: Int, _ what: String) throws {
    if n < 0 { throw SamplingError.invalidCount(what: what, value: n, expected: "a count of at least 0") }
}

func checkFinite(_ values: [Double], _ what: String) throws {
    if let i = values.firstIndex(where: { !$0.isFinite }) {
        throw SamplingError.invalidParameter(what: "\(what)[\(i)]", value: "\(values[i])", expected: "a finite number")
    }
}

func checkRadius(_ r: Double, _ what: String) throws {
    if !(r > 0 && r.isFinite) { throw SamplingError.invalidRadius(what: what, value: r) }
}
