/// Elementwise functions and their derivatives. Rules that need the function's own
/// derivative use fused helper primitives (`tanhBackward`, `sigmoidBackward`) that have
/// backward rules of their own, so every function here can be differentiated to any order.

extension Tensor {
    @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
    public func exp() -> Tensor {
        Tensor.record("exp", map1(self) { Scalar.exp($0) }, [self]) { c in [c.grad * c.output] }
    }

    @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
    public func log() -> Tensor {
        Tensor.record("log", map1(self) { Scalar.log($0) }, [self]) { c in [c.grad / c.inputs[0]] }
    }

    @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
    public func sin() -> Tensor {
        Tensor.record("sin", map1(self) { Scalar.sin($0) }, [self]) { c in [c.grad * c.inputs[0].cos()] }
    }

    @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
    public func cos() -> Tensor {
        Tensor.record("cos", map1(self) { Scalar.cos($0) }, [self]) { c in [-(c.grad * c.inputs[0].sin())] }
    }

    @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
    public func tanh() -> Tensor {
        Tensor.record("tanh", tanhValues(), [self]) { c in [Tensor.tanhBackward(c.grad, c.output)] }
    }

    /// tanh elementwise, with `fastTanh` called directly in the loop (through a closure the
    /// compiler does not inline the Double version, and the loop stays scalar).
    @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
    func tanhValues() -> Tensor {
        let y = Tensor.uninitialized(shape)
        let px = storage.pointer, py = y.storage.pointer
        Parallel.forEachChunk(count, minChunk: elementwiseChunk) { r in
            for i in r { py[i] = fastTanh(px[i]) }
        }
        return y
    }

    /// g * (1 - y^2), the backward rule of tanh given its output y.
    @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
    static func tanhBackward(_ g: Tensor, _ y: Tensor) -> Tensor {
        record("tanhBackward", map2(g, y) { g, y in g * (1 - y * y) }, [g, y]) { c in
            let (g, y) = (c.inputs[0], c.inputs[1])
            return [c.needs[0] ? tanhBackward(c.grad, y) : nil,
                    c.needs[1] ? (c.grad * g * y) * -2 : nil]
        }
    }

    /// The logistic function 1 / (1 + exp(-x)).
    @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
    public func sigmoid() -> Tensor {
        Tensor.record("sigmoid", map1(self) { x in
            x >= 0 ? 1 / (1 + Scalar.exp(-x)) : Scalar.exp(x) / (1 + Scalar.exp(x))
        }, [self]) { c in [Tensor.sigmoidBackward(c.grad, c.output)] }
    }

    /// g * y * (1 - y), the backward rule of sigmoid given its output y.
    @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
    static func sigmoidBackward(_ g: Tensor, _ y: Tensor) -> Tensor {
        record("sigmoidBackward", map2(g, y) { g, y in g * y * (1 - y) }, [g, y]) { c in
            let (g, y) = (c.inputs[0], c.inputs[1])
            return [c.needs[0] ? sigmoidBackward(c.grad, y) : nil,
                    c.needs[1] ? c.grad * g * (1 - 2 * y) : nil]
        }
    }

    /// log(1 + exp(x)), computed without overflow.
    @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
    public func softplus() -> Tensor {
        Tensor.record("softplus", map1(self) { x in Swift.max(x, 0) + Scalar.log(onePlus: Scalar.exp(-Swift.abs(x))) },
                      [self]) { c in [c.grad * c.inputs[0].sigmoid()] }
    }

    @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
    public func sqrt() -> Tensor {
        Tensor.record("sqrt", map1(self) { Scalar.sqrt($0) }, [self]) { c in [(c.grad * 0.5) / c.output] }
    }

    @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
    public func square() -> Tensor {
        Tensor.record("square", map1(self) { $0 * $0 }, [self]) { c in [(c.grad * c.inputs[0]) * 2] }
    }

    /// x^n for an integer n (negative n allowed; x^0 = 1).
    @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
    public func pow(_ n: Int) -> Tensor {
        if n == 0 { return Tensor.ones(shape) }
        if n == 1 { return self }
        return Tensor.record("pow\(n)", map1(self) { Scalar.pow($0, n) }, [self]) { c in
            [(c.grad * c.inputs[0].pow(n - 1)) * Scalar(n)]
        }
    }

    @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
    public func abs() -> Tensor {
        Tensor.record("abs", map1(self) { Swift.abs($0) }, [self]) { c in
            [c.grad * map1(c.inputs[0].detached) { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) }]
        }
    }
}
