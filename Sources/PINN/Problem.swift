import Autodiff
import Networks
import Sampling

/// A PDE problem: where it lives, its equation, its conditions, its reference and the
/// settings that solve it. Bundled problems (the Problems module) and user problems are
/// built the same way; `Solver` trains a network on one.
///
/// The equation is a closure over a `Field` returning the residual tensors (one per
/// equation of a system), which must vanish:
///
///     residual: { f in [f.dt() - 0.01 * f.laplacian()] }
public struct Problem<Scalar: TensorScalar> {
    public var name: String
    /// The equation in one line, for `pinn-solve list`.
    public var summary: String
    /// The full statement: equation, domain, conditions and source, for `describe`.
    public var details: String
    /// Names of the inputs in column order, e.g. ["x", "t"].
    public var inputNames: [String]
    /// The index of time among the inputs, if there is a time axis.
    public var timeIndex: Int?
    /// Names of the output components, e.g. ["u"] or ["u", "v"].
    public var outputNames: [String]
    /// Where the problem lives, in input coordinates: for an evolution problem the space-time
    /// domain (time last, as `SpaceTimeDomain` puts it). With a domain, the interior points are
    /// uniform points of it unless `interior` is given, the inputs are scaled from its bounding
    /// box unless `inputLower`/`inputUpper` are given, and every setting of `sampler` and
    /// `adaptive` works. Nil for problems whose points are not uniform on a region (points
    /// along SDE paths); those give `interior` and the bounds.
    public var domain: (any Domain)?
    /// Bounds of the inputs used to scale them to [-1, 1]: the ones given, else the domain's
    /// bounding box (nil with neither: no scaling).
    public var inputLower: [Double]? {
        get { lowerBounds ?? domain?.boundingBox.lower }
        set { lowerBounds = newValue }
    }
    public var inputUpper: [Double]? {
        get { upperBounds ?? domain?.boundingBox.upper }
        set { upperBounds = newValue }
    }
    /// Draws interior (residual) points, `[n, D]`: the problem's own draw, else uniform
    /// points of the domain. The settings' `sampler` other than uniform replaces it by that
    /// sampler on the domain.
    public var interior: (Int, inout RandomStream) throws -> Tensor<Scalar> {
        get {
            if let draw = ownInterior { return draw }
            guard let domain else {
                let name = self.name
                return { _, _ in throw SettingsError("problem \(name): neither a domain nor an interior draw is given; pass `domain:` or `interior:`") }
            }
            return { n, rng in try domain.sampleInterior(n, using: &rng) }
        }
        set { ownInterior = newValue }
    }
    /// What the problem gave explicitly (nil: derived from the domain).
    var lowerBounds: [Double]?
    var upperBounds: [Double]?
    var ownInterior: ((Int, inout RandomStream) throws -> Tensor<Scalar>)?
    public var residual: (Field<Scalar>) -> [Tensor<Scalar>]
    /// Names of the residual equations, in the order `residual` returns them (e.g.
    /// ["continuity", "momentum_x", "momentum_y"]): the loss terms are then "residual_<name>".
    /// Without names a system's terms are named after the outputs when there are as many
    /// equations as outputs, by index otherwise.
    public var residualNames: [String]?
    public var conditions: [Condition<Scalar>]
    /// A hard constraint u = g + d N (nil: the plain network).
    public var offset: (any InputFunction<Scalar>)?
    public var factor: (any InputFunction<Scalar>)?
    /// Unknown scalar coefficients learnt with the network (inverse problems).
    public var unknowns: [Unknown]
    public var reference: Reference
    public var defaults: Settings
    /// The error the defaults reach, as documented in Docs/problems.md.
    public var expectedError: String
    /// The equation as a semilinear parabolic terminal-value problem, for the Deep BSDE method
    /// (`DeepBSDE`, `pinn-solve run NAME --method bsde`); nil when the problem has no such form.
    /// Set after `init`; the tests check that its `residual` equals `residual` above.
    public var parabolic: SemilinearParabolic<Scalar>? = nil
    /// Coordinates the problem cannot tell apart: permuting them leaves the equation, the
    /// domain, the conditions, the hard constraint and the reference unchanged, hence the
    /// solution too. The `deep-sets` architecture pools over them (`DeepSetsNetwork`); nil:
    /// none declared. Set after `init`; `ExchangeableProblemTests` checks the claim for the
    /// bundled problems.
    public var exchangeable: [Int]? = nil

    /// An unknown coefficient: its name, starting value, and the true value if known.
    public struct Unknown: Sendable {
        public var name: String
        public var initial: Double
        public var truth: Double?
        /// The quantity of interest when the unknown is a reparametrisation of it (e.g.
        /// "nu" = exp(log_nu)): reported, and written to summaries, next to the unknown.
        public var derived: (name: String, value: @Sendable (Double) -> Double)?
        public init(_ name: String, initial: Double, truth: Double? = nil,
                    derived: (name: String, value: @Sendable (Double) -> Double)? = nil) {
            self.name = name; self.initial = initial; self.truth = truth; self.derived = derived
        }
    }

    public init(name: String, summary: String, details: String, inputNames: [String], timeIndex: Int? = nil,
                outputNames: [String] = ["u"], domain: (any Domain)? = nil,
                inputLower: [Double]? = nil, inputUpper: [Double]? = nil,
                interior: ((Int, inout RandomStream) throws -> Tensor<Scalar>)? = nil,
                residual: @escaping (Field<Scalar>) -> [Tensor<Scalar>], residualNames: [String]? = nil,
                conditions: [Condition<Scalar>] = [], offset: (any InputFunction<Scalar>)? = nil,
                factor: (any InputFunction<Scalar>)? = nil, unknowns: [Unknown] = [],
                reference: Reference, defaults: Settings = Settings(), expectedError: String = "not documented") {
        self.name = name; self.summary = summary; self.details = details; self.inputNames = inputNames
        self.timeIndex = timeIndex; self.outputNames = outputNames; self.domain = domain
        self.lowerBounds = inputLower; self.upperBounds = inputUpper; self.ownInterior = interior; self.residual = residual
        self.residualNames = residualNames
        self.conditions = conditions; self.offset = offset; self.factor = factor; self.unknowns = unknowns
        self.reference = reference; self.defaults = defaults; self.expectedError = expectedError
    }

    /// The loss-term name of residual equation i of `count`: "residual" for a single equation,
    /// "residual_<name>" from `residualNames`, the output names or the index for a system.
    public func residualTermName(_ i: Int, of count: Int) -> String {
        if count == 1 { return "residual" }
        if let names = residualNames, names.count == count { return "residual_" + names[i] }
        return "residual_" + (outputNames.count == count ? outputNames[i] : String(i))
    }

    public var inputDimension: Int { inputNames.count }
    public var outputCount: Int { outputNames.count }

    /// The problem's closures with the operators they ask for, recorded by `validate`.
    public struct Recorded {
        public let residual: RecordedResidual<Scalar, [Tensor<Scalar>]>
        /// One per condition, in order.
        public let conditions: [RecordedResidual<Scalar, Tensor<Scalar>>]
    }

    /// Checks the problem's shapes by drawing one small batch of every kind (the message
    /// names the offending part), and records the operators the residual and each condition's
    /// residual ask for, by calling each once on its batch of two points.
    @discardableResult
    public func validate() throws -> Recorded {
        func fail(_ m: String) -> SettingsError { SettingsError("problem \(name): \(m)") }
        if inputNames.isEmpty { throw fail("no inputs") }
        if outputNames.isEmpty { throw fail("no outputs") }
        if let t = timeIndex, t < 0 || t >= inputDimension { throw fail("time index \(t) is not an input (\(inputNames))") }
        if let s = exchangeable, s.count < 2 || Set(s).count != s.count || !s.allSatisfy({ (0..<inputDimension).contains($0) }) {
            throw fail("the exchangeable coordinates \(s) must be at least two distinct inputs of 0..<\(inputDimension)")
        }
        if let d = domain, d.dimension != inputDimension {
            throw fail("the domain has dimension \(d.dimension), the problem has \(inputDimension) inputs (\(inputNames))")
        }
        if ownInterior == nil && domain == nil { throw fail("neither a domain nor an interior draw is given; pass `domain:` or `interior:`") }
        if let lo = inputLower, let hi = inputUpper {
            if lo.count != inputDimension || hi.count != inputDimension {
                throw fail("input bounds have \(lo.count) and \(hi.count) components for \(inputDimension) inputs")
            }
        }
        if (offset != nil) && factor == nil { throw fail("a hard-constraint offset needs a factor") }
        if let f = factor, f.inputDimension != inputDimension {
            throw fail("the hard-constraint factor takes dimension \(f.inputDimension), the problem has \(inputDimension) inputs")
        }
        if let names = residualNames {
            if Set(names).count != names.count || names.contains(where: \.isEmpty) {
                throw fail("residual names \(names) are empty or repeat")
            }
            let clash = names.map { "residual_" + $0 }.filter { t in conditions.contains { $0.name == t } }
            if !clash.isEmpty { throw fail("residual names give loss terms \(clash) that conditions already use") }
        }
        var rng = RandomStream(seed: 0, stream: 99)
        let x = try interior(2, &rng)
        if x.rank != 2 || x.shape[1] != inputDimension {
            throw fail("interior points have shape \(x.shape), expected [n, \(inputDimension)]")
        }
        var conditionPoints: [ConditionPoints<Scalar>] = []
        for c in conditions {
            if c.batch < 1 { throw fail("condition '\(c.name)' has batch \(c.batch)") }
            let p = try c.sample(2, &rng)
            if p.points.rank != 2 || p.points.shape[1] != inputDimension {
                throw fail("condition '\(c.name)' draws points of shape \(p.points.shape), expected [n, \(inputDimension)]")
            }
            if let nrm = p.normals, nrm.shape != p.points.shape {
                throw fail("condition '\(c.name)' gives normals of shape \(nrm.shape) for points \(p.points.shape)")
            }
            conditionPoints.append(p)
        }
        if let p = reference.point, p.point.count != inputDimension {
            throw fail("the reference point has \(p.point.count) coordinates, the problem has \(inputDimension) inputs")
        }
        for b in reference.benchmarks {
            let name = "benchmark '\(b.name)'"
            if b.name.isEmpty || !b.name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) {
                throw fail("\(name): the name must be letters, digits and '_'")
            }
            if b.origin.count != inputDimension || !b.origin.allSatisfy(\.isFinite) {
                throw fail("\(name): its origin has \(b.origin.count) coordinates, the problem has \(inputDimension) inputs")
            }
            if !(0..<inputDimension).contains(b.axis) || !(0..<outputCount).contains(b.output) {
                throw fail("\(name): axis \(b.axis) or output \(b.output) out of range")
            }
            if !(b.lower < b.upper) || b.coordinates.isEmpty || b.coordinates.count != b.values.count
                || !(b.coordinates + b.values).allSatisfy(\.isFinite) {
                throw fail("\(name): needs lower < upper and as many finite values as coordinates (\(b.coordinates.count), \(b.values.count))")
            }
        }
        if Set(reference.benchmarks.map(\.name)).count != reference.benchmarks.count { throw fail("two benchmarks share a name") }
        let values = Dictionary(uniqueKeysWithValues: unknowns.map { ($0.name, Tensor<Scalar>([Scalar($0.initial)])) })
        func field(_ p: ConditionPoints<Scalar>) -> Field<Scalar> {
            Field(points: p.points, normals: p.normals, targets: p.targets, inputNames: inputNames, timeIndex: timeIndex,
                  unknowns: values)
        }
        return Recorded(residual: RecordedResidual(residual, recordingOn: field(ConditionPoints(x))),
                        conditions: zip(conditions, conditionPoints).map { RecordedResidual($0.residual, recordingOn: field($1)) })
    }
}
