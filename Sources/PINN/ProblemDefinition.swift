import Autodiff

/// Options a problem accepts when it is built (the CLI's `--dim`).
public struct ProblemOptions: Sendable, Equatable {
    /// The space dimension, for problems posed in any dimension.
    public var dimension: Int?
    public init(dimension: Int? = nil) { self.dimension = dimension }

    /// The largest `--dim` any problem takes: 10^7 (the two-body ball solution's limit;
    /// whether a run at a given dimension fits in memory is checked when the solver is built).
    public static let maximumDimension = 10_000_000

    /// Refuses a `dimension` other than `fixed`, for a problem posed in one dimension only.
    public func require(dimension fixed: Int, problem name: String) throws {
        if let d = dimension, d != fixed {
            throw SettingsError("\(name) is posed in \(fixed) space dimension\(fixed == 1 ? "" : "s"); --dim \(d) does not apply (omit --dim)")
        }
    }

    /// The dimension of a problem posed in any dimension: `dimension`, or `standard` when
    /// none is given; at least `minimum`, at most `maximumDimension`.
    public func dimension(default standard: Int, minimum: Int = 1, problem name: String) throws -> Int {
        let d = dimension ?? standard
        guard d >= minimum && d <= Self.maximumDimension else {
            throw SettingsError("\(name): --dim \(d) is out of range; it takes \(minimum) <= d <= 10,000,000 (default \(standard))")
        }
        return d
    }
}

/// A named problem that can be built in either precision: what `pinn-solve` lists, describes
/// and runs. Bundled problems conform in the Problems module; user code can conform too.
public protocol ProblemDefinition: Sendable {
    /// The name on the command line, e.g. "poisson-2d".
    var name: String { get }
    /// The equation in one line.
    var summary: String { get }
    /// The input dimension as shown by `list` ("2", "1+1", "100+1", "d+1").
    var dimensionLabel: String { get }
    /// Builds the problem; throws for options it cannot take (e.g. a bad dimension).
    func make<S: TensorScalar>(_: S.Type, options: ProblemOptions) throws -> Problem<S>
}

/// Looks problems up by name, suggesting the closest name on a misspelling.
public struct ProblemCatalog: Sendable {
    public let problems: [any ProblemDefinition]
    public init(_ problems: [any ProblemDefinition]) { self.problems = problems }

    public var names: [String] { problems.map(\.name) }

    public func named(_ name: String) throws -> any ProblemDefinition {
        if let p = problems.first(where: { $0.name == name }) { return p }
        let hint = closestName(to: name, among: names).map { " Did you mean '\($0)'?" } ?? ""
        throw SettingsError("unknown problem '\(name)'.\(hint) Known problems: \(names.joined(separator: ", "))")
    }
}
