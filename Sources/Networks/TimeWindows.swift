import Autodiff

// The pieces of time-marching (`Solver`'s `windows` setting): window k's solution is
//
//     u_k(x, t) = u_(k-1)(x, t) + d(x, t - (t_k - t_0)) N_k(x, t)
//
// with u_(k-1) the previous window's trained model held fixed (`FixedModel`), d the problem's
// hard-constraint factor moved to the window's start (`TimeShifted`), and N_k the window's
// network. d vanishes at the initial time and on the boundary, so u_k equals u_(k-1) on the
// slice t = t_k (with its derivatives along the slice; under a factor such as t^2 also its
// time derivative) and keeps the boundary values u_(k-1) has. `TimeWindows` pieces the windows' models together in time.

/// A trained model as a fixed function of the inputs: its parameters take no gradient from
/// the model it is part of (as the offset of the next time window's hard constraint).
/// Its jets for a batch are computed once while the batch and the plan stay the same
/// (`JetCache`): a window's batch is fixed between draws, so the previous windows' networks
/// are evaluated once per draw, not once per step.
public struct FixedModel<Scalar: TensorScalar>: InputFunction {
    public let model: any Model<Scalar>
    let cache = JetCache<Scalar>()

    public init(_ model: any Model<Scalar>) { self.model = model }

    public var inputDimension: Int { model.inputDimension }

    /// u at `x`, differentiable in `x` (the nested engine differentiates through it).
    public func callAsFunction(_ x: Tensor<Scalar>) -> Tensor<Scalar> { model(x) }

    public func taylor(_ x: Tensor<Scalar>, plan: DerivativePlan<Scalar>) -> Derivatives<Scalar> {
        cache.derivatives(x, plan: plan) {
            let d = model.taylor(x.detached, plan: plan)
            return Derivatives(plan: plan, pointCount: d.pointCount, stack: d.stack.detached)
        }
    }

    /// The model's own series (univariate Taylor mode where it has one), as constants.
    public func series(at x: Tensor<Scalar>, along coordinate: Int, order: Int) -> [Tensor<Scalar>] {
        model.series(at: x.detached, along: coordinate, order: order).map(\.detached)
    }
}

/// f(x - s e_c): a fixed function moved by s along input coordinate c (time, for the factor
/// of a time window starting s after the initial time). Its derivatives are f's at the moved
/// points.
public struct TimeShifted<Scalar: TensorScalar>: InputFunction {
    public let base: any InputFunction<Scalar>
    public let coordinate: Int
    public let shift: Double

    public init(_ base: any InputFunction<Scalar>, coordinate: Int, by shift: Double) {
        require(coordinate >= 0 && coordinate < base.inputDimension,
                "TimeShifted: coordinate \(coordinate) out of range for dimension \(base.inputDimension)")
        require(shift.isFinite, "TimeShifted: shift \(shift) is not finite")
        self.base = base; self.coordinate = coordinate; self.shift = shift
    }

    public var inputDimension: Int { base.inputDimension }

    func moved(_ x: Tensor<Scalar>) -> Tensor<Scalar> {
        var row = [Scalar](repeating: 0, count: inputDimension)
        row[coordinate] = Scalar(-shift)
        return x.addingRow(Tensor(shape: [inputDimension], scalars: row))
    }

    public func callAsFunction(_ x: Tensor<Scalar>) -> Tensor<Scalar> { base(moved(x)) }

    public func taylor(_ x: Tensor<Scalar>, plan: DerivativePlan<Scalar>) -> Derivatives<Scalar> {
        base.taylor(moved(x.detached), plan: plan)
    }

    public func series(at x: Tensor<Scalar>, along i: Int, order: Int) -> [Tensor<Scalar>] {
        base.series(at: moved(x.detached), along: i, order: order)
    }
}

/// A solution pieced together from time windows: window k's model where t lies in
/// [starts[k - 1], starts[k]) (the first from -infinity, the last to +infinity). Only the last
/// window's parameters are the model's `parameters` (the earlier ones are trained and fixed).
///
/// A batch inside one window is that window's model, exactly; a batch across windows takes
/// each row from its window (the value by gathering rows, derivatives by masking each
/// window's jets).
public struct TimeWindows<Scalar: TensorScalar>: Model {
    public private(set) var windows: [any Model<Scalar>]
    /// The start times of windows 1 ... K - 1, increasing.
    public let starts: [Double]
    public let timeIndex: Int

    public init(_ windows: [any Model<Scalar>], starts: [Double], timeIndex: Int) {
        require(!windows.isEmpty && starts.count == windows.count - 1,
                "TimeWindows: \(windows.count) windows need \(Swift.max(windows.count - 1, 0)) start times, got \(starts.count)")
        require(zip(starts, starts.dropFirst()).allSatisfy { $0 < $1 }, "TimeWindows: start times \(starts) do not increase")
        let D = windows[0].inputDimension, q = windows[0].outputDimension
        require(windows.allSatisfy { $0.inputDimension == D && $0.outputDimension == q },
                "TimeWindows: the windows' models differ in their input or output dimension")
        require(timeIndex >= 0 && timeIndex < D, "TimeWindows: time index \(timeIndex) out of range for dimension \(D)")
        self.windows = windows; self.starts = starts; self.timeIndex = timeIndex
    }

    public var inputDimension: Int { windows[0].inputDimension }
    public var outputDimension: Int { windows[0].outputDimension }

    public var parameters: [Tensor<Scalar>] {
        get { windows[windows.count - 1].parameters }
        set { windows[windows.count - 1].parameters = newValue }
    }

    /// The window of each row of `x`.
    public func window(of x: Tensor<Scalar>) -> [Int] {
        let D = inputDimension, t = timeIndex, s = starts.map { Scalar($0) }
        return x.withUnsafeBufferPointer { p in
            (0..<x.shape[0]).map { i in
                let ti = p[i * D + t]
                var k = 0
                while k < s.count && ti >= s[k] { k += 1 }
                return k
            }
        }
    }

    /// The one window of all rows, or nil when they fall in several.
    func single(_ index: [Int]) -> Int? {
        guard let first = index.first else { return windows.count - 1 }
        return index.allSatisfy { $0 == first } ? first : nil
    }

    public func callAsFunction(_ x: Tensor<Scalar>) -> Tensor<Scalar> {
        checkInput(x, "TimeWindows")
        let index = window(of: x)
        if let k = single(index) { return windows[k](x) }
        var order: [Int] = [], parts: [Tensor<Scalar>] = []
        for k in Set(index).sorted() {
            let rows = index.indices.filter { index[$0] == k }
            order += rows
            parts.append(windows[k](x.gatheringRows(rows)))
        }
        var inverse = [Int](repeating: 0, count: order.count)
        for (position, row) in order.enumerated() { inverse[row] = position }
        return Tensor.concatenatingRows(parts).gatheringRows(inverse)
    }

    /// Each row's window mask (1 in its window, 0 elsewhere), `[n, 1]`, per window used.
    func masks(_ index: [Int]) -> [(window: Int, mask: Tensor<Scalar>)] {
        Set(index).sorted().map { k in (k, Tensor(shape: [index.count, 1], scalars: index.map { $0 == k ? 1 : 0 })) }
    }

    public func taylor(_ x: Tensor<Scalar>, plan: DerivativePlan<Scalar>) -> Derivatives<Scalar> {
        let index = window(of: x)
        if let k = single(index) { return windows[k].taylor(x, plan: plan) }
        let B = 1 + plan.directionCount + plan.channels.count
        var stack: Tensor<Scalar>? = nil
        for (k, m) in masks(index) {
            let s = windows[k].taylor(x, plan: plan).stack.multiplyingColumn(m.repeatingBlock(B))
            stack = stack.map { $0 + s } ?? s
        }
        return Derivatives(plan: plan, pointCount: x.shape[0], stack: stack!)
    }

    public func series(at x: Tensor<Scalar>, along coordinate: Int, order: Int) -> [Tensor<Scalar>] {
        let index = window(of: x)
        if let k = single(index) { return windows[k].series(at: x, along: coordinate, order: order) }
        var sum: [Tensor<Scalar>]? = nil
        for (k, m) in masks(index) {
            let c = windows[k].series(at: x, along: coordinate, order: order).map { $0.multiplyingColumn(m) }
            sum = sum.map { zip($0, c).map { $0 + $1 } } ?? c
        }
        return sum!
    }
}
