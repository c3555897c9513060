import Autodiff
import Distributed
import Foundation
import Networks
import Optimization
import Sampling

/// Trains a network on a `Problem` and measures it against the problem's reference.
///
///     let solver = try Solver(problem: Poisson2D.make(Double.self), settings: settings)
///     let result = try solver.train()
///     print(result.relativeL2Error)
///
/// Each loss evaluation runs every residual closure once on its batch, after one evaluation
/// of the network's derivatives that the closure asks for (recorded when the solver is built;
/// see `Field` and `RecordedResidual`).
public final class Solver<Scalar: TensorScalar> {
    public let problem: Problem<Scalar>
    public let settings: Settings
    /// The problem's residual and each condition's residual with the operators they ask for,
    /// recorded once by `Problem.validate`.
    public let recorded: Problem<Scalar>.Recorded
    /// The trained model (the network, with the problem's hard constraint if it has one).
    public internal(set) var model: any Model<Scalar>
    /// The unknown coefficients (inverse problems), one `[1]` tensor each.
    public private(set) var unknowns: [Tensor<Scalar>]

    var interior: Tensor<Scalar>
    /// Draws the interior points (sampler and adaptive rule of the settings).
    var interiorSampler: CollocationSampler<Scalar>
    var conditionPoints: [ConditionPoints<Scalar>]
    var batchSeed: UInt64 = 0
    var referenceCache: ReferenceSolution?
    /// The reference's points as `[n, D]` (laid out with the cache).
    var referencePoints: Tensor<Double>?
    /// The processes sharing each batch (data-parallel runs).
    var share: (any Communicator)?

    public init(problem: Problem<Scalar>, settings: Settings) throws {
        try settings.validate()
        recorded = try problem.validate()
        if settings.windows > 1 { _ = try Solver.timeWindows(problem: problem, count: settings.windows) }
        try settings.checkMemory(inputDimension: problem.inputDimension, outputs: problem.outputCount,
                                 conditionPoints: problem.conditions.reduce(0) { $0 + (settings.conditionBatch ?? $1.batch) })
        self.problem = problem
        self.settings = settings
        func constrained<N: Model<Scalar>>(_ net: N) -> any Model<Scalar> {
            guard let factor = problem.factor else { return net }
            return HardConstraint(net, offset: problem.offset, factor: factor)
        }
        model = constrained(try Solver.makeNetwork(problem: problem, settings: settings))
        unknowns = problem.unknowns.map { Tensor<Scalar>([Scalar($0.initial)]).requiringGradient() }
        interior = Tensor.zeros([0, problem.inputDimension])
        interiorSampler = try Solver.makeInteriorSampler(problem: problem, settings: settings)
        conditionPoints = []
        let count = ParameterAlgebra.count(parameters)
        if count > BFGS<Scalar>.maximumParameters,
           let p = settings.phases.first(where: { $0.optimizer.keepsDenseMatrix }) {
            throw SettingsError("phase '\(p)' keeps a dense \(count) x \(count) matrix, but BFGS takes at most \(BFGS<Scalar>.maximumParameters) parameters: use lbfgs or a smaller network")
        }
    }

    /// The settings' network for the problem: an MLP, or a Deep Sets network pooling over the
    /// problem's exchangeable coordinates (phi one layer of `poolFeatures` units on each
    /// coordinate; width and depth are rho's).
    static func makeNetwork(problem: Problem<Scalar>, settings: Settings) throws -> any Model<Scalar> {
        let hidden = Array(repeating: settings.width, count: settings.depth)
        switch settings.architecture {
        case .mlp, .modifiedMLP:
            if settings.architecture == .modifiedMLP && settings.residualConnections {
                throw SettingsError("architecture modified-mlp mixes every hidden layer with its gates and takes no residual connections")
            }
            let mlp = MLP<Scalar>(MLP.Configuration(
                inputDimension: problem.inputDimension, outputDimension: problem.outputCount,
                hidden: hidden, activation: settings.activation,
                initializer: .glorotUniform, residual: settings.residualConnections,
                inputLower: problem.inputLower, inputUpper: problem.inputUpper,
                fourierFeatures: settings.fourierFeatures, fourierScale: settings.fourierScale,
                fourierMatrix: settings.fourierMatrix, gated: settings.architecture == .modifiedMLP, seed: settings.seed))
            return settings.weightFactorization ? WeightFactorizedMLP(mlp, seed: settings.seed) : mlp
        case .deepSets:
            guard let pooled = problem.exchangeable else {
                throw SettingsError("architecture deep-sets needs a problem whose coordinates can be permuted without changing it; \(problem.name) declares none (use --architecture mlp)")
            }
            if settings.fourierFeatures > 0 || settings.fourierMatrix != nil || settings.residualConnections || settings.weightFactorization {
                throw SettingsError("architecture deep-sets takes no Fourier features, periodic embedding, residual connections or weight factorisation")
            }
            return DeepSetsNetwork<Scalar>(.init(
                inputDimension: problem.inputDimension, outputDimension: problem.outputCount, pooled: pooled,
                features: settings.poolFeatures, featureHidden: [], hidden: hidden, activation: settings.activation,
                inputLower: problem.inputLower, inputUpper: problem.inputUpper, seed: settings.seed))
        }
    }

    /// Every trainable tensor: the network's parameters, then the unknowns.
    public var parameters: [Tensor<Scalar>] {
        get { model.parameters + unknowns }
        set {
            let k = model.parameters.count
            model.parameters = Array(newValue[0..<k])
            unknowns = Array(newValue[k...])
        }
    }

    /// The current values of the unknown coefficients, and of the quantities derived from them.
    public var unknownValues: [String: Double] {
        var values: [String: Double] = [:]
        for (u, t) in zip(problem.unknowns, unknowns) {
            let v = Double(t.scalar)
            values[u.name] = v
            if let d = u.derived { values[d.name] = d.value(v) }
        }
        return values
    }

    // MARK: Batches and the loss

    /// Draws a fresh batch of interior and condition points.
    /// In data-parallel runs every rank draws the same global batch from the common
    /// stream and keeps its share of the rows (Distributed's `BatchShare`); under adaptive
    /// sampling every rank evaluates the residual on the whole pool with the same parameters.
    public func resample(_ rng: inout RandomStream) throws {
        do {
            interior = try interiorSampler.next(settings.batch, residual: { [unowned self] in self.residualRows(at: $0) },
                                                using: &rng)
        } catch let e as SamplingError {
            // A residual that is not finite (the network has diverged) gets the plain draw, so
            // that the training step after it reports the divergence with its fix, not a crash here.
            guard case .invalidResidual = e else { throw e }
            interior = try interiorSampler.draw(settings.batch, &rng)
        }
        conditionPoints = try problem.conditions.map { try $0.sample(settings.conditionBatch ?? $0.batch, &rng) }
        batchSeed = rng.next()
        if let comm = share, comm.size > 1 {
            interior = BatchShare(globalCount: interior.shape[0], communicator: comm).rows(of: interior)
            conditionPoints = conditionPoints.map { cp in
                let per = cp.points.shape[0] / cp.blocks
                let r = BatchShare(globalCount: per, communicator: comm).range
                func take(_ t: Tensor<Scalar>) -> Tensor<Scalar> {
                    Tensor.concatenatingRows((0..<cp.blocks).map { b in t.rows((b * per + r.lowerBound)..<(b * per + r.upperBound)) })
                }
                return ConditionPoints(take(cp.points), normals: cp.normals.map(take), targets: cp.targets.map(take),
                                       blocks: cp.blocks)
            }
        }
    }

    /// A field at `points` for the problem, with the current unknowns, the settings'
    /// Laplacian estimator and the batch's random stream `stream` (0 for the residual, i + 1
    /// for condition i).
    public func field(at points: ConditionPoints<Scalar>, stream: UInt64 = 0) -> Field<Scalar> {
        let names = Dictionary(uniqueKeysWithValues: zip(problem.unknowns.map(\.name), unknowns))
        return Field(points: points.points, normals: points.normals, targets: points.targets,
                     inputNames: problem.inputNames, timeIndex: problem.timeIndex, unknowns: names,
                     estimator: settings.estimator, directions: settings.directions,
                     rng: RandomStream(seed: batchSeed, stream: stream))
    }

    /// A recorded closure at `points` in one call: one evaluation of the network's
    /// derivatives it asks for by the settings' engine, then the closure.
    public func evaluate<T>(at points: ConditionPoints<Scalar>, stream: UInt64 = 0, _ closure: RecordedResidual<Scalar, T>) -> T {
        closure(field(at: points, stream: stream), model: model, engine: settings.engine)
    }

    /// The problem's residual tensors at `points`.
    public func residuals(at points: ConditionPoints<Scalar>) -> [Tensor<Scalar>] {
        evaluate(at: points, stream: 0, recorded.residual)
    }

    /// Condition i's residual at `points`.
    public func conditionResidual(_ i: Int, at points: ConditionPoints<Scalar>) -> Tensor<Scalar> {
        require(i >= 0 && i < recorded.conditions.count, "Solver.conditionResidual: condition \(i) of \(recorded.conditions.count)")
        return evaluate(at: points, stream: UInt64(i + 1), recorded.conditions[i])
    }

    /// Records any closure over this problem's fields at `points` (see `RecordedResidual`), for
    /// `evaluate(at:stream:_:)`.
    public func record<T>(_ body: @escaping (Field<Scalar>) -> T, at points: ConditionPoints<Scalar>) -> RecordedResidual<Scalar, T> {
        RecordedResidual(body, recordingOn: field(at: points))
    }

    /// The named loss terms (unweighted means of squares) on the current batch.
    public func lossTerms() -> [LossTerm<Scalar>] {
        let residuals = self.residuals(at: ConditionPoints(interior))
        var terms = residuals.enumerated().map { i, r in LossTerm.meanSquare(problem.residualTermName(i, of: residuals.count), r) }
        for (i, c) in problem.conditions.enumerated() {
            terms.append(.meanSquare(c.name, conditionResidual(i, at: conditionPoints[i])))
        }
        return terms
    }

    // MARK: Prediction and errors

    /// u at points given in Double (`[n, D]`), computed in chunks, as `[n, outputs]` Double.
    public func predict(_ points: Tensor<Double>) -> Tensor<Double> {
        require(points.rank == 2 && points.shape[1] == problem.inputDimension,
                "Solver.predict: points of shape \(points.shape), expected [n, \(problem.inputDimension)]")
        return points.withUnsafeBufferPointer { predict(rows: $0) }
    }

    /// u at the rows of a flat `[n, D]` Double buffer. Chunks of at most 4,096 rows and
    /// 2^23 coordinates (32 MB in Float), so memory stays flat at any dimension; a deep-sets
    /// network has `poolFeatures` hidden values per coordinate, so its chunks hold 2^23 of them.
    func predict(rows flat: UnsafeBufferPointer<Double>) -> Tensor<Double> {
        let D = problem.inputDimension, n = flat.count / D
        let perRow = settings.architecture == .deepSets ? D * settings.poolFeatures : D
        let chunk = Swift.max(1, Swift.min(4096, (1 << 23) / perRow))
        var out = [Double]()
        out.reserveCapacity(n * problem.outputCount)
        for start in stride(from: 0, to: n, by: chunk) {
            let m = Swift.min(chunk, n - start)
            let x = Tensor<Scalar>(shape: [m, D]) { Scalar(flat[start * D + $0]) }
            out.append(contentsOf: model(x).detached.scalars.map { Double($0) })
        }
        return Tensor(shape: [n, problem.outputCount], scalars: out)
    }

    /// The reference solution on its evaluation points (computed once).
    public func referenceSolution() throws -> ReferenceSolution? {
        if let r = referenceCache { return r }
        guard let make = problem.reference.solution else { return nil }
        let r = try make()
        let D = problem.inputDimension
        referenceCache = r
        // Scattered points are read where they are (at d = 10^5 they are 1.6 GB); a grid is
        // laid out as rows once.
        if case .grid = r.layout {
            referencePoints = Tensor(shape: [r.layout.fieldShape.reduce(1, *), D], scalars: r.points(inputDimension: D))
        }
        return r
    }

    /// u on the reference's points, `[n, outputs]`, with the reference (nil without one).
    /// Grid points are laid out once, when the reference is first computed.
    public func predictionOnReference() throws -> (prediction: Tensor<Double>, reference: ReferenceSolution)? {
        guard let ref = try referenceSolution() else { return nil }
        if case .points(let p, _, _) = ref.layout { return (p.withUnsafeBufferPointer { predict(rows: $0) }, ref) }
        guard let pts = referencePoints else { return nil }
        return (predict(pts), ref)
    }

    /// The relative L2 error over the reference's points and all output components:
    /// sqrt(sum |u - u_ref|^2 / sum |u_ref|^2).
    public func relativeL2Error() throws -> Double? {
        try relativeL2Errors()?.total
    }

    /// The relative L2 error over all output components (`total`) and of each output on its
    /// own, sqrt(sum (u_c - u_c,ref)^2 / sum u_c,ref^2), by output name.
    public func relativeL2Errors() throws -> (total: Double, perOutput: [String: Double])? {
        guard let (pred, ref) = try predictionOnReference() else { return nil }
        return Solver.relativeL2Errors(prediction: pred, reference: ref.values, names: problem.outputNames)
    }

    /// The relative L2 errors of `prediction` `[n, outputs]` against `reference` (one array of n
    /// values per output): over all outputs, and per output named by `names`.
    public static func relativeL2Errors(prediction: Tensor<Double>, reference: [[Double]],
                                        names: [String]) -> (total: Double, perOutput: [String: Double]) {
        func ratio(_ num: Double, _ den: Double) -> Double { (num / Swift.max(den, .leastNormalMagnitude)).squareRoot() }
        var num = 0.0, den = 0.0
        var perOutput: [String: Double] = [:]
        for (c, values) in reference.enumerated() {
            let p = prediction.column(c).scalars
            var n = 0.0, d = 0.0
            for (a, b) in zip(p, values) { n += (a - b) * (a - b); d += b * b }
            num += n; den += d
            if c < names.count { perOutput[names[c]] = ratio(n, d) }
        }
        return (ratio(num, den), perOutput)
    }

    /// The network along each of the problem's benchmark lines (201 points) and at the table's
    /// points, with the table.
    public func benchmarkCuts() -> [BenchmarkCut] {
        let D = problem.inputDimension, n = 201
        return problem.reference.benchmarks.map { b in
            let s = (0..<n).map { b.lower + (b.upper - b.lower) * Double($0) / Double(n - 1) }
            let x = Tensor<Double>(shape: [n + b.coordinates.count, D], scalars: b.points(s + b.coordinates))
            let values = predict(x).column(b.output).scalars
            let axisName = problem.inputNames[b.axis]
            let fixed = (0..<D).filter { $0 != b.axis }.map { "\(problem.inputNames[$0]) = \(b.origin[$0])" }.joined(separator: ", ")
            return BenchmarkCut(name: b.name, quantity: problem.outputNames[b.output], label: "\(axisName) at \(fixed)",
                                source: b.source, s: s, prediction: Array(values[..<n]),
                                tableS: b.coordinates, tableValues: b.values, tablePrediction: Array(values[n...]))
        }
    }

    /// u at the reference point, if the problem has one.
    public func pointValue() -> Double? {
        guard let p = problem.reference.point else { return nil }
        return predict(Tensor(shape: [1, p.point.count], scalars: p.point)).scalars[0]
    }
}
