import Autodiff
import Sampling

/// Points where a condition is enforced, with outward normals when they lie on a boundary
/// and target values when the condition is data.
public struct ConditionPoints<Scalar: TensorScalar> {
    public var points: Tensor<Scalar>
    public var normals: Tensor<Scalar>?
    public var targets: Tensor<Scalar>?
    /// The rows form this many equal blocks of corresponding points (a periodic condition's
    /// two faces): a data-parallel share takes the same rows from every block.
    public var blocks: Int
    public init(_ points: Tensor<Scalar>, normals: Tensor<Scalar>? = nil, targets: Tensor<Scalar>? = nil, blocks: Int = 1) {
        require(blocks >= 1 && points.shape[0] % blocks == 0,
                "ConditionPoints: \(points.shape[0]) rows do not form \(blocks) equal blocks")
        self.points = points; self.normals = normals; self.targets = targets; self.blocks = blocks
    }
}

/// A condition of a problem (initial, terminal, Dirichlet, Neumann, Robin, periodic, data):
/// a value holding where its points come from and its residual there. The loss gets the
/// term `weight * mean(residual^2)` under `name`.
public struct Condition<Scalar: TensorScalar> {
    public var name: String
    /// Points per batch.
    public var batch: Int
    public var weight: Double
    /// Draws `batch` points (and normals).
    public var sample: (Int, inout RandomStream) throws -> ConditionPoints<Scalar>
    /// The residual at the points, `[n, 1]` (or any shape: its mean square is the loss term).
    public var residual: (Field<Scalar>) -> Tensor<Scalar>

    public init(name: String, batch: Int, weight: Double = 1,
                sample: @escaping (Int, inout RandomStream) throws -> ConditionPoints<Scalar>,
                residual: @escaping (Field<Scalar>) -> Tensor<Scalar>) {
        self.name = name; self.batch = batch; self.weight = weight; self.sample = sample; self.residual = residual
    }

    /// u = g on the boundary of `domain` (for a space-time domain: its lateral boundary). With
    /// `outputs`, only those output components are prescribed (velocity at a wall, not the
    /// pressure): `g` gives `[n, outputs.count]` values, column j for output `outputs[j]`.
    public static func dirichlet(_ domain: some Domain, batch: Int, name: String = "boundary", weight: Double = 1,
                                 outputs: [Int] = [0], _ g: @escaping (Tensor<Scalar>) -> Tensor<Scalar>) -> Condition {
        prescribed(outputs: outputs, batch: batch, name: name, weight: weight,
                   at: { n, rng in try boundaryPoints(domain, n, &rng) }, g)
    }

    /// du/dn = g on the boundary of `domain`.
    public static func neumann(_ domain: some Domain, batch: Int, name: String = "neumann", weight: Double = 1,
                               _ g: @escaping (Tensor<Scalar>) -> Tensor<Scalar>) -> Condition {
        robin(domain, batch: batch, name: name, weight: weight, a: 0, b: 1, g)
    }

    /// a u + b du/dn = g on the boundary of `domain`.
    public static func robin(_ domain: some Domain, batch: Int, name: String = "robin", weight: Double = 1,
                             a: Scalar, b: Scalar, _ g: @escaping (Tensor<Scalar>) -> Tensor<Scalar>) -> Condition {
        Condition(name: name, batch: batch, weight: weight, sample: { n, rng in
            let p: Tensor<Scalar> = try boundaryPoints(domain, n, &rng)
            return ConditionPoints(p, normals: domain.outwardNormals(at: p))
        }, residual: { f in
            let du = f.normalDerivative()
            return (a == 0 ? du * b : f.u * a + du * b) - g(f.points)
        })
    }

    /// u(x, t0) = g(x) on the initial slice of a space-time domain (`g` receives the full
    /// points, time included). With `outputs`, those components: `g` gives `[n, outputs.count]`.
    public static func initial<Space>(_ domain: SpaceTimeDomain<Space>, batch: Int, name: String = "initial",
                                      weight: Double = 1, outputs: [Int] = [0],
                                      _ g: @escaping (Tensor<Scalar>) -> Tensor<Scalar>) -> Condition {
        prescribed(outputs: outputs, batch: batch, name: name, weight: weight,
                   at: { n, rng in try domain.sampleInitial(n, using: &rng) }, g)
    }

    /// u_c(x, t0) = g(x) for the one output component c.
    public static func initial<Space>(_ domain: SpaceTimeDomain<Space>, batch: Int, name: String = "initial",
                                      weight: Double = 1, component: Int,
                                      _ g: @escaping (Tensor<Scalar>) -> Tensor<Scalar>) -> Condition {
        initial(domain, batch: batch, name: name, weight: weight, outputs: [component], g)
    }

    /// du/dt(x, t0) = g(x) on the initial slice: the second initial condition of an equation of
    /// second order in time (the wave equation's initial velocity). `outputs` as for `initial`.
    public static func initialRate<Space>(_ domain: SpaceTimeDomain<Space>, batch: Int, name: String = "initial_rate",
                                          weight: Double = 1, outputs: [Int] = [0],
                                          _ g: @escaping (Tensor<Scalar>) -> Tensor<Scalar>) -> Condition {
        Condition(name: name, batch: batch, weight: weight, sample: { n, rng in
            ConditionPoints(try domain.sampleInitial(n, using: &rng))
        }, residual: { f in mismatch(outputs, g(f.points)) { f.dt($0) } })
    }

    /// u(x, T) = g(x) on the terminal slice of a space-time domain. `outputs` as for `initial`.
    public static func terminal<Space>(_ domain: SpaceTimeDomain<Space>, batch: Int, name: String = "terminal",
                                       weight: Double = 1, outputs: [Int] = [0],
                                       _ g: @escaping (Tensor<Scalar>) -> Tensor<Scalar>) -> Condition {
        prescribed(outputs: outputs, batch: batch, name: name, weight: weight,
                   at: { n, rng in try domain.sampleTerminal(n, using: &rng) }, g)
    }

    /// The chosen output components equal g at the points `at` draws (`[n, D]`): the common
    /// form of the Dirichlet, initial, terminal and gauge conditions. `g` gives
    /// `[n, outputs.count]`, column j for output `outputs[j]`.
    public static func prescribed(outputs: [Int] = [0], batch: Int, name: String, weight: Double = 1,
                                  at points: @escaping (Int, inout RandomStream) throws -> Tensor<Scalar>,
                                  _ g: @escaping (Tensor<Scalar>) -> Tensor<Scalar>) -> Condition {
        require(!outputs.isEmpty, "Condition '\(name)': no outputs chosen")
        return Condition(name: name, batch: batch, weight: weight, sample: { n, rng in
            ConditionPoints(try points(n, &rng))
        }, residual: { f in mismatch(outputs, g(f.points)) { f.value($0) } })
    }

    /// A gauge: output `output` equals `value` at `point`, e.g. the pressure, which the
    /// incompressible Navier-Stokes equations fix only up to a constant. Every row of a batch
    /// is the point (so the term is weighted like one point whatever the batch size). For a
    /// time-dependent problem, where the constant may depend on time, pin a line in time with
    /// `prescribed(outputs:batch:name:at:_:)` instead.
    public static func gauge(output: Int, at point: [Double], value: Double, name: String = "gauge",
                             weight: Double = 1) -> Condition {
        let target = Scalar(value)
        return prescribed(outputs: [output], batch: 1, name: name, weight: weight, at: { n, _ in
            Tensor(shape: [n, point.count]) { Scalar(point[$0 % point.count]) }
        }, { p in Tensor(shape: [p.shape[0], 1]) { _ in target } })
    }

    /// `value(c) - target` for the chosen outputs: `[n, 1]` for one output, the differences of
    /// several stacked as rows (so the mean square averages over points and outputs).
    static func mismatch(_ outputs: [Int], _ target: Tensor<Scalar>, _ value: (Int) -> Tensor<Scalar>) -> Tensor<Scalar> {
        if outputs.count == 1 { return value(outputs[0]) - target }
        require(target.rank == 2 && target.shape[1] == outputs.count,
                "Condition: target values of shape \(target.shape) for the \(outputs.count) outputs \(outputs)")
        return Tensor.concatenatingRows(outputs.enumerated().map { j, c in value(c) - target.column(j) })
    }

    /// Periodicity in input `axis` with period [lower, upper]: u and du/dx_axis agree at
    /// matching points of the two faces, for every output component. `other` draws the
    /// remaining coordinates (the points' column `axis` is overwritten).
    public static func periodic(axis: Int, lower: Double, upper: Double, outputs: Int = 1, batch: Int,
                                name: String = "periodic", weight: Double = 1,
                                other: @escaping (Int, inout RandomStream) throws -> Tensor<Scalar>) -> Condition {
        Condition(name: name, batch: batch, weight: weight, sample: { n, rng in
            let base = try other(n, &rng)
            require(axis < base.shape[1], "Condition.periodic: axis \(axis) out of range for points \(base.shape)")
            var a = base, b = base
            for i in 0..<n { a[i, axis] = Scalar(lower); b[i, axis] = Scalar(upper) }
            return ConditionPoints(Tensor.concatenatingRows([a, b]), blocks: 2)
        }, residual: { f in
            let n = f.count / 2
            var parts: [Tensor<Scalar>] = []
            for c in 0..<outputs {
                let u = f.value(c), du = f.d(axis, c)
                parts.append(u.rows(0..<n) - u.rows(n..<(2 * n)))
                parts.append(du.rows(0..<n) - du.rows(n..<(2 * n)))
            }
            return Tensor.concatenatingRows(parts)
        })
    }

    /// u(x_i) = y_i at given data points (`values` `[m, k]` for the outputs `outputs`, by
    /// default the first k); each batch is a random subset of `batch` rows (all of them when
    /// batch >= m).
    public static func data(points: Tensor<Scalar>, values: Tensor<Scalar>, batch: Int, name: String = "data",
                            weight: Double = 1, outputs: [Int]? = nil) -> Condition {
        require(points.rank == 2 && values.rank == 2 && points.shape[0] == values.shape[0],
                "Condition.data: \(points.shape[0]) points for \(values.shape[0]) values")
        let chosen = outputs ?? Array(0..<values.shape[1])
        require(chosen.count == values.shape[1], "Condition.data: \(values.shape[1]) value columns for the outputs \(chosen)")
        let m = points.shape[0]
        return Condition(name: name, batch: batch, weight: weight, sample: { n, rng in
            if n >= m { return ConditionPoints(points, targets: values) }
            var idx = Array(0..<m)
            for i in 0..<n { idx.swapAt(i, i + Int(rng.next() % UInt64(m - i))) }
            return ConditionPoints(points.gatheringRows(Array(idx.prefix(n))), targets: values.gatheringRows(Array(idx.prefix(n))))
        }, residual: { f in mismatch(chosen, f.targets ?? values) { f.value($0) } })
    }

    static func boundaryPoints<D: Domain>(_ domain: D, _ n: Int, _ rng: inout RandomStream) throws -> Tensor<Scalar> {
        if let st = domain as? any SpaceTimeLateral { return try st.lateral(n, &rng) }
        return try domain.sampleBoundary(n, using: &rng)
    }
}

/// Space-time domains sample Dirichlet points on their lateral boundary.
protocol SpaceTimeLateral {
    func lateral<S: TensorScalar>(_ n: Int, _ rng: inout RandomStream) throws -> Tensor<S>
}

extension SpaceTimeDomain: SpaceTimeLateral {
    func lateral<S: TensorScalar>(_ n: Int, _ rng: inout RandomStream) throws -> Tensor<S> {
        try sampleLateral(n, using: &rng)
    }
}
