import Autodiff

/// A fixed (parameter-free) function of the inputs, g: R^D -> R^q, as used by output
/// transforms u = g(x) + d(x) N(x). It evaluates its value and the derivatives of a
/// `DerivativePlan`; by default through nested reverse mode, faster where a closed form
/// is given.
public protocol InputFunction<Scalar> {
    associatedtype Scalar: TensorScalar
    var inputDimension: Int { get }
    /// The values at a batch `[n, D]`: `[n, q]`.
    func callAsFunction(_ x: Tensor<Scalar>) -> Tensor<Scalar>
    /// The value and the plan's derivatives, in the stacked layout of `Derivatives`.
    func taylor(_ x: Tensor<Scalar>, plan: DerivativePlan<Scalar>) -> Derivatives<Scalar>
    /// The coefficients c_0 ... c_order of g(x + h e_coordinate), constants (`CoordinateSeries`);
    /// nested reverse mode by default.
    func series(at x: Tensor<Scalar>, along coordinate: Int, order: Int) -> [Tensor<Scalar>]
}

extension InputFunction {
    public func taylor(_ x: Tensor<Scalar>, plan: DerivativePlan<Scalar>) -> Derivatives<Scalar> {
        let d = NestedEngine.evaluate(self.callAsFunction, at: x.detached, plan: plan)
        return Derivatives(plan: plan, pointCount: d.pointCount, stack: d.stack.detached)
    }
}

/// An input function given by a closure of differentiable tensor operations; its
/// derivatives come from nested reverse mode.
public struct ClosureFunction<Scalar: TensorScalar>: InputFunction {
    public let inputDimension: Int
    let body: (Tensor<Scalar>) -> Tensor<Scalar>
    public init(inputDimension: Int, _ body: @escaping (Tensor<Scalar>) -> Tensor<Scalar>) {
        self.inputDimension = inputDimension; self.body = body
    }
    public func callAsFunction(_ x: Tensor<Scalar>) -> Tensor<Scalar> { body(x) }
}

/// d(x) = 1 - |x_S|^2 over coordinates S (all by default): zero on the unit sphere, the
/// distance-like factor of the hard boundary condition on the unit ball. Its derivatives
/// are closed form: d_v d = -2 x_S . v_S and d_v^2 d = -2 |v_S|^2.
public struct BallDistance<Scalar: TensorScalar>: InputFunction {
    public let inputDimension: Int
    let mask: [Scalar]
    let allCoordinates: Bool

    public init(inputDimension: Int, coordinates: [Int]? = nil) {
        self.inputDimension = inputDimension
        allCoordinates = coordinates == nil
        var m = [Scalar](repeating: coordinates == nil ? 1 : 0, count: inputDimension)
        for c in coordinates ?? [] {
            require(c >= 0 && c < inputDimension, "BallDistance: coordinate \(c) out of range for dimension \(inputDimension)")
            m[c] = 1
        }
        mask = m
    }

    /// x with the coordinates outside the norm zeroed (x itself when all count).
    func masked(_ x: Tensor<Scalar>) -> Tensor<Scalar> { allCoordinates ? x : x.multiplyingRow(Tensor(mask)) }

    public func callAsFunction(_ x: Tensor<Scalar>) -> Tensor<Scalar> {
        1 - masked(x).squaredNorm(alongAxis: 1)
    }

    public func taylor(_ x: Tensor<Scalar>, plan: DerivativePlan<Scalar>) -> Derivatives<Scalar> {
        let x = x.detached, n = x.shape[0]
        let xm = masked(x)
        var blocks = [1 - xm.squaredNorm(alongAxis: 1)]
        var second = [Tensor<Scalar>](repeating: Tensor.zeros([n, 1]), count: plan.directionCount)
        for (j, c) in plan.coordinates.enumerated() {
            blocks.append(xm.column(c) * -2)
            second[j] = Tensor(repeating: -2 * mask[c], shape: [n, 1])
        }
        for (j, v) in plan.sharedDirections.enumerated() {
            let vm = zip(v, mask).map { $0 * $1 }
            blocks.append(xm.matmul(Tensor(shape: [inputDimension, 1], scalars: vm)) * -2)
            second[plan.coordinates.count + j] = Tensor(repeating: -2 * vm.reduce(0) { $0 + $1 * $1 }, shape: [n, 1])
        }
        for (j, P) in plan.pointDirections.enumerated() {
            let Pm = masked(P)
            blocks.append((xm * Pm).sum(alongAxis: 1) * -2)
            second[plan.coordinates.count + plan.sharedDirections.count + j] = Pm.squaredNorm(alongAxis: 1) * -2
        }
        for ch in plan.channels {
            var acc = Tensor<Scalar>.zeros([n, 1])
            for (e, t) in ch.terms.enumerated() {
                var s = second[plan.position(of: t.direction)] * t.weight
                if let p = ch.pointWeights { s = s * p.column(e) }
                acc = acc + s
            }
            blocks.append(acc)
        }
        return Derivatives(plan: plan, pointCount: n, stack: Tensor.concatenatingRows(blocks))
    }
}
