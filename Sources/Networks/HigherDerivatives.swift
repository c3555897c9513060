import Autodiff

/// Derivatives of any order given by their coordinates, d^k u_c / dx_{i1} ... dx_{ik} (KdV's
/// u_xxx is [0, 0, 0]): the part of a `DerivativePlan` outside the stacked layout, and the one
/// place that routes them by engine.
///
/// - Taylor engine, one coordinate (u_xxx): that coordinate's univariate Taylor series
///   (`Model.series`, `CoordinateSeries`), computed once to the highest order the plan asks
///   along it and shared by every request along it.
/// - A mixed one (u_xxy), and every one under the nested engine: repeated reverse passes
///   (`nested`), one set per request.
///
/// Each is computed when first asked, so its operations come on the tape where the residual
/// asks for it.
public final class HigherDerivatives<Scalar: TensorScalar> {
    let x: Tensor<Scalar>
    let function: (Tensor<Scalar>) -> Tensor<Scalar>
    let series: ((_ coordinate: Int, _ order: Int) -> [Tensor<Scalar>])?
    /// Per coordinate, the highest order asked along it alone (Taylor engine only).
    let orders: [Int: Int]
    var cache: [Int: [Tensor<Scalar>]] = [:]

    /// Derivatives of `model` at `x` for the plan's `requests`, routed as `engine` says.
    public convenience init<M: Model>(_ model: M, at x: Tensor<Scalar>, requests: [[Int]], engine: DerivativeEngine)
        where M.Scalar == Scalar {
        switch engine {
        case .taylor:
            self.init(x: x, function: model.callAsFunction, requests: requests,
                      series: { model.series(at: x, along: $0, order: $1) })
        case .nested:
            self.init(x: x, function: model.callAsFunction, requests: requests, series: nil)
        }
    }

    /// Derivatives of a function of tensors at `x`, all by nested reverse mode.
    public convenience init(_ f: @escaping (Tensor<Scalar>) -> Tensor<Scalar>, at x: Tensor<Scalar>) {
        self.init(x: x, function: f, requests: [], series: nil)
    }

    init(x: Tensor<Scalar>, function: @escaping (Tensor<Scalar>) -> Tensor<Scalar>, requests: [[Int]],
         series: ((Int, Int) -> [Tensor<Scalar>])?) {
        self.x = x; self.function = function; self.series = series
        var orders: [Int: Int] = [:]
        if series != nil {
            for coords in requests where Set(coords).count == 1 {
                orders[coords[0]] = Swift.max(orders[coords[0]] ?? 0, coords.count)
            }
        }
        self.orders = orders
    }

    /// d^k u_c / dx_{coords[0]} ... dx_{coords[k-1]}, `[n, 1]`.
    public func callAsFunction(_ coords: [Int], component c: Int) -> Tensor<Scalar> {
        guard let i = coords.first, let order = orders[i], Set(coords).count == 1, let series else {
            return Self.nested(function, at: x, coords, component: c)
        }
        let d = cache[i] ?? CoordinateSeries.derivatives(series(i, order))
        cache[i] = d
        return d[coords.count].shape[1] == 1 ? d[coords.count] : d[coords.count].column(c)
    }

    /// d^k u_c / dx_{i1} ... dx_{ik} of `f` at `x` by repeated reverse passes (any order).
    public static func nested(_ f: (Tensor<Scalar>) -> Tensor<Scalar>, at x: Tensor<Scalar>, _ coords: [Int],
                              component c: Int) -> Tensor<Scalar> {
        let xt = x.detached.requiringGradient()
        let u = f(xt)
        var g = u.shape[1] == 1 ? u : u.column(c)
        for i in coords { g = gradient(of: g, wrt: xt, createGraph: true).column(i) }
        return g
    }
}
