import RealModule

/// A smooth function of one real variable given by its derivatives of every order,
/// f^(k)(q) for k = 0, 1, 2, ...: what a closed-form input function (a radial terminal
/// value phi(|x|^2), a separable sum of h(x_i)) needs to be both a fast Taylor-mode jet
/// (orders 0-2 read off directly) and an operation on the tape that nested reverse mode
/// differentiates to any order (`Tensor.applying(_:derivative:)`).
///
///     let phi = ScalarFunction.reciprocal(numerator: 1, intercept: 2, slope: 0.4)  // 1 / (2 + 0.4 q)
///     phi(3)                    // 1 / 3.2
///     phi(3, derivative: 2)     // 2 * 0.16 / 3.2^3
///
/// The derivatives are evaluated in Double whatever the tensor's scalar type.
public struct ScalarFunction: Sendable, CustomStringConvertible {
    /// A short name, shown in the tape's operation names ("1/(2+0.4q)").
    public let description: String
    let derivative: @Sendable (Int, Double) -> Double

    /// `derivative(k, q)` returns f^(k)(q) for every k >= 0 (k = 0: the value).
    public init(_ name: String, derivative: @escaping @Sendable (_ order: Int, _ at: Double) -> Double) {
        description = name; self.derivative = derivative
    }

    /// f^(k)(q).
    public func callAsFunction(_ q: Double, derivative k: Int = 0) -> Double {
        require(k >= 0, "ScalarFunction \(description): derivative order \(k) is negative")
        return derivative(k, q)
    }

    /// a q + b.
    public static func affine(slope a: Double, intercept b: Double = 0) -> ScalarFunction {
        ScalarFunction("\(a)q+\(b)") { k, q in k == 0 ? a * q + b : k == 1 ? a : 0 }
    }

    /// c / (a + b q): f^(k) = c (-b)^k k! / (a + b q)^(k+1).
    public static func reciprocal(numerator c: Double, intercept a: Double, slope b: Double) -> ScalarFunction {
        ScalarFunction("\(c)/(\(a)+\(b)q)") { k, q in
            let s = a + b * q
            var v = c / s
            for j in stride(from: 1, through: k, by: 1) { v *= -b * Double(j) / s }
            return v
        }
    }

    /// log(a + b q): f^(k) = (-1)^(k-1) (k-1)! b^k / (a + b q)^k for k >= 1.
    public static func logarithm(intercept a: Double, slope b: Double) -> ScalarFunction {
        ScalarFunction("log(\(a)+\(b)q)") { k, q in
            let s = a + b * q
            guard k > 0 else { return Double.log(s) }
            var v = b / s
            for j in stride(from: 1, to: k, by: 1) { v *= -b * Double(j) / s }
            return v
        }
    }

    /// sin q: f^(k) = sin, cos, -sin, -cos for k = 0, 1, 2, 3 (mod 4).
    public static let sine = ScalarFunction("sin") { k, q in
        switch k % 4 {
        case 0: return Double.sin(q)
        case 1: return Double.cos(q)
        case 2: return -Double.sin(q)
        default: return -Double.cos(q)
        }
    }
}

extension Tensor {
    /// f^(k) elementwise, recorded on the tape: its backward rule multiplies by f^(k+1),
    /// itself recorded, so the result can be differentiated to any order.
    public func applying(_ f: ScalarFunction, derivative k: Int = 0) -> Tensor {
        require(k >= 0, "Tensor.applying: derivative order \(k) is negative")
        let value = map1(self) { Scalar(f.derivative(k, Double($0))) }
        return Tensor.record("\(f)^(\(k))", value, [self]) { c in
            [c.grad * c.inputs[0].applying(f, derivative: k + 1)]
        }
    }
}
