/// Errors the spectral solvers throw for bad user input or a failed run.
///
/// Every message names the offending value, what was expected, and how to fix it.
public enum SpectralError: Error, CustomStringConvertible, Equatable, Sendable {
    /// A parameter is out of range: its name, the value given and what is expected.
    case invalidParameter(name: String, value: String, expected: String)
    /// The initial data (or a source) holds NaN or infinity at a grid point.
    case nonFiniteData(what: String, index: Int)
    /// The time stepping blew up: the step size, the time reached and the step.
    case unstable(equation: String, dt: Double, time: Double, step: Int)
    /// An FFTW plan could not be created.
    case planFailed(String)
    /// An iterative solver stopped before its residual fell below the tolerance.
    case notConverged(solver: String, iterations: Int, residual: Double, tolerance: Double)

    public var description: String {
        switch self {
        case let .invalidParameter(name, value, expected):
            return "invalid \(name) = \(value): expected \(expected)"
        case let .nonFiniteData(what, index):
            return "\(what) is not finite (NaN or infinity) at grid index \(index): "
                + "check the function that supplies it on the grid"
        case let .unstable(equation, dt, time, step):
            return "\(equation): the solution blew up at t = \(time) (step \(step)) with dt = \(dt); "
                + "the time step is too large for this resolution: try dt <= \(dt / 4)"
        case let .planFailed(what):
            return "FFTW could not create a plan for \(what)"
        case let .notConverged(solver, iterations, residual, tolerance):
            return "\(solver) did not converge: scaled residual \(residual) after \(iterations) iterations, "
                + "tolerance \(tolerance); allow more iterations, or a coarser grid or a lower Reynolds number"
        }
    }
}

/// Validation helpers shared by the solvers' initialisers.
enum Check {
    static func positive(_ name: String, _ value: Double) throws {
        guard value > 0, value.isFinite else {
            throw SpectralError.invalidParameter(name: name, value: "\(value)", expected: "a finite number > 0")
        }
    }

    static func nonNegative(_ name: String, _ value: Double) throws {
        guard value >= 0, value.isFinite else {
            throw SpectralError.invalidParameter(name: name, value: "\(value)", expected: "a finite number >= 0")
        }
    }

    static func gridSize(_ name: String, _ n: Int, minimum: Int = 2, even: Bool = false) throws {
        guard n >= minimum, !even || n % 2 == 0 else {
            throw SpectralError.invalidParameter(
                name: name, value: "\(n)",
                expected: even ? "an even integer >= \(minimum)" : "an integer >= \(minimum)")
        }
    }

    static func interval(_ name: String, _ lower: Double, _ upper: Double) throws {
        guard lower.isFinite, upper.isFinite, upper > lower else {
            throw SpectralError.invalidParameter(name: name, value: "[\(lower), \(upper)]",
                                                 expected: "finite bounds with lower < upper")
        }
    }

    static func finite(_ what: String, _ values: [Double]) throws {
        if let i = values.firstIndex(where: { !$0.isFinite }) {
            throw SpectralError.nonFiniteData(what: what, index: i)
        }
    }

    /// Requested output times: finite, >= 0 and non-decreasing.
    static func times(_ times: [Double]) throws {
        for (i, t) in times.enumerated() {
            guard t.isFinite, t >= 0, i == 0 || t >= times[i - 1] else {
                throw SpectralError.invalidParameter(
                    name: "times[\(i)]", value: "\(t)", expected: "finite, >= 0 and non-decreasing times")
            }
        }
    }
}
