import Autodiff
import Foundation
import NetCDF
import Networks
import Optimization
import Testing
import TestSupport
@testable import PINN
@testable import Problems

/// Time-marching (`Settings.windows`, `Solver.marchInTime`): one window is the ordinary run;
/// windows join continuously and keep the boundary conditions; the window models' jets agree
/// with nested reverse mode; a two-window run trains; problems that cannot march are refused.
@Suite struct TimeMarchingTests {
    static func heat(windows: Int = 1, phases: [Settings.Phase] = [.init(.adam, 60), .init(.lbfgs, 40)]) throws -> (Problem<Double>, Settings) {
        let p = try Heat1D().make(Double.self, options: ProblemOptions())
        var s = p.defaults
        s.width = 16; s.depth = 2; s.batch = 256
        s.phases = phases
        s.evaluateEvery = 20; s.seed = 5; s.windows = windows
        return (p, s)
    }

    static func quiet() -> RunOptions { var o = RunOptions(); o.progress = .silent; return o }

    /// The marching code with one window gives the ordinary run, number for number: the same
    /// points, network, history and parameters.
    @Test func oneWindowReproducesTheOrdinaryRun() throws {
        let (p, s) = try Self.heat()
        let ordinary = try Solver(problem: p, settings: s)
        let a = try ordinary.train(Self.quiet())
        let marching = try Solver(problem: p, settings: s)
        let b = try marching.marchInTime(windows: 1, Self.quiet())
        #expect(a.steps == 100 && b.steps == a.steps)
        #expect(a.history.map(\.loss) == b.history.map(\.loss))
        #expect(a.history.map(\.error) == b.history.map(\.error))
        #expect(a.history.map(\.step) == b.history.map(\.step))
        #expect(a.relativeL2Error == b.relativeL2Error && a.relativeL2Error != nil)
        #expect(ordinary.parameters.map(\.scalars) == marching.parameters.map(\.scalars))
        #expect(marching.windowParameters.count == 1)
    }

    /// Two windows of kdv-1d (u_xxx by Taylor series, a periodic embedding) after a few steps each.
    static func kdvWindows() throws -> (Solver<Double>, TimeWindows<Double>) {
        let p = try KdV1D().make(Double.self, options: ProblemOptions())
        var s = p.defaults
        s.width = 12; s.depth = 2; s.batch = 64; s.windows = 2; s.seed = 2
        s.phases = [.init(.adam, 5)]
        s.learningRate = 1e-2
        let solver = try Solver(problem: p, settings: s)
        _ = try solver.train(Self.quiet())
        let m = try #require(solver.model as? TimeWindows<Double>)
        return (solver, m)
    }

    /// Window 2 starts from window 1's state: at the break their values and every x-derivative
    /// agree; inside each window the pieced-together model is that window's.
    @Test func windowsJoinContinuously() throws {
        let (solver, m) = try Self.kdvWindows()
        #expect(m.windows.count == 2 && m.starts.count == 1)
        let t1 = m.starts[0]
        let xs = (0..<9).map { -1 + 0.25 * Double($0) }
        let atBreak = Tensor<Double>(shape: [9, 2], scalars: xs.flatMap { [$0, t1] })
        var plan = DerivativePlan<Double>(inputDimension: 2)
        let dx = plan.partial(0), dxx = plan.secondPartial(0, 0)
        let a = m.windows[0].taylor(atBreak, plan: plan), b = m.windows[1].taylor(atBreak, plan: plan)
        #expect(a.value.maxAbsDifference(b.value) <= 1e-13)
        #expect(a[dx].maxAbsDifference(b[dx]) <= 1e-12)
        #expect(a[dxx].maxAbsDifference(b[dxx]) <= 1e-11)
        // The second window's network has been trained: the windows differ off the break.
        let later = Tensor<Double>(shape: [9, 2], scalars: xs.flatMap { [$0, t1 + 0.3] })
        #expect(m.windows[0](later).maxAbsDifference(m.windows[1](later)) > 1e-6)
        // Rows of both windows in one batch: each row is its own window's value.
        let mixed = Tensor<Double>(shape: [4, 2], scalars: [0.1, 0.2, 0.3, t1 + 0.1, -0.5, t1 - 1e-9, 0.7, 0.99 * 2 * t1])
        let u = m(mixed).scalars
        for (i, w) in [0, 1, 0, 1].enumerated() {
            #expect(u[i] == m.windows[w](mixed.rows(i..<(i + 1))).scalar)
        }
        #expect(solver.predict(mixed).scalars == u)
        #expect(solver.windowParameters.count == 2 && solver.windowParameters.allSatisfy { $0.count == 6 })
    }

    /// The second window's model (a fixed first window as its offset, a shifted factor) has the
    /// same derivatives by Taylor mode as by nested reverse mode, u_xxx included; a batch across
    /// both windows has each row's own window's derivatives.
    @Test func windowJetsAgreeWithNestedReverseMode() throws {
        let (_, m) = try Self.kdvWindows()
        let t1 = m.starts[0]
        var rng = RandomStream(seed: 4)
        let n = 16
        let inWindow = Tensor<Double>(shape: [n, 2]) { i in i % 2 == 0 ? 2 * rng.uniform() - 1 : t1 + t1 * rng.uniform() }
        var plan = DerivativePlan<Double>(inputDimension: 2)
        let dt = plan.partial(1), dxx = plan.secondPartial(0, 0), dxt = plan.secondPartial(0, 1)
        let dxxx = plan.derivative([0, 0, 0])
        let taylor = m.derivatives(at: inWindow, plan: plan, engine: .taylor)
        let nested = m.derivatives(at: inWindow, plan: plan, engine: .nested)
        for (name, a, b) in [("u", taylor.value, nested.value), ("u_t", taylor[dt], nested[dt]),
                             ("u_xx", taylor[dxx], nested[dxx]), ("u_xt", taylor[dxt], nested[dxt]),
                             ("u_xxx", taylor.derivative(dxxx), nested.derivative(dxxx))] {
            let scale = b.scalars.map { abs($0) }.max() ?? 0
            #expect(scale > 0 && a.maxAbsDifference(b) <= 1e-10 * Swift.max(1, scale), "\(name): \(a.maxAbsDifference(b)) of \(scale)")
        }
        // Across windows: rows 0 and 2 in window 1, rows 1 and 3 in window 2.
        let mixed = Tensor<Double>(shape: [4, 2], scalars: [0.1, 0.2, 0.3, t1 + 0.1, -0.5, t1 - 1e-3, 0.7, t1 + 0.5])
        let whole = m.derivatives(at: mixed, plan: plan, engine: .taylor)
        for (i, w) in [0, 1, 0, 1].enumerated() {
            let row = mixed.rows(i..<(i + 1))
            let own = m.windows[w].derivatives(at: row, plan: plan, engine: .taylor)
            #expect(abs(whole[dxt].scalars[i] - own[dxt].scalar) <= 1e-12)
            #expect(abs(whole.derivative(dxxx).scalars[i] - own.derivative(dxxx).scalar) <= 1e-10)
        }
    }

    /// Two windows of heat-1d train, each with every phase: the error after both is tied to a
    /// measured run (seed 5, 2 x (adam:200, lbfgs:300) on 256 points: 3.1e-4, one window of the
    /// same phases 7.5e-4, untrained about 1; the bound is 3x the two windows'), and the result
    /// file holds both windows' parameters.
    @Test func twoWindowsTrainAndAreWritten() throws {
        let (p, s) = try Self.heat(windows: 2, phases: [.init(.adam, 200), .init(.lbfgs, 300)])
        let solver = try Solver(problem: p, settings: s)
        var seen: [Int] = []
        var o = Self.quiet()
        o.observer = { seen.append($0.step) }
        let r = try solver.train(o)
        #expect(r.status == .completed)
        #expect(r.steps == 1000 && r.history.last?.step == 999)
        #expect(seen == seen.sorted() && Set(seen).count == seen.count && seen.last == 999)
        let e = try #require(r.relativeL2Error)
        #expect(e < 1e-3, "relative L2 \(e)")
        #expect(r.relativeL2Error == (try solver.relativeL2Error()))
        // The second window keeps the boundary values u(0, t) = u(1, t) = 0 exactly.
        let edges = Tensor<Double>(shape: [6, 2], scalars: [0, 0.5, 1, 0.5, 0, 0.75, 1, 0.75, 0, 1, 1, 1])
        #expect(solver.predict(edges).scalars.allSatisfy { abs($0) <= 1e-12 })
        let dir = TemporaryDirectory(prefix: "marching")
        defer { withExtendedLifetime(dir) {} }
        let path = dir.file("heat.nc")
        try ResultWriter.write(solver: solver, result: r, settings: s, to: path)
        let file = try ResultFile.read(from: path)
        let names = try #require(file.parameters).map(\.name)
        #expect(names == (0..<2).flatMap { k in (0..<6).map { "window_\(k)_param_\($0)" } })
        #expect(file.settings["windows"] == .int(2))
    }

    /// A time budget is shared out over the windows: each runs (the first stops at its share and
    /// the second takes what is left), and the status names the run's budget.
    @Test func aTimeBudgetIsSharedByTheWindows() throws {
        var (p, s) = try Self.heat(windows: 2, phases: [.init(.adam, 1_000_000)])
        s.timeBudget = 0.6
        s.evaluateEvery = 0
        let solver = try Solver(problem: p, settings: s)
        let r = try solver.train(Self.quiet())
        #expect(r.status == .timeBudgetExhausted(seconds: 0.6))
        #expect(r.wallSeconds < 1.5 && r.steps > 2)
        #expect((solver.model as? TimeWindows<Double>)?.windows.count == 2)
    }

    /// Problems that cannot march are refused when the solver is built, with the reason.
    @Test func problemsThatCannotMarchAreRefused() throws {
        func refusal(_ p: Problem<Double>, windows: Int = 2) -> String? {
            var s = p.defaults
            s.windows = windows
            do { _ = try Solver(problem: p, settings: s); return nil } catch { return "\(error)" }
        }
        let poisson = try Poisson1D().make(Double.self, options: ProblemOptions())
        #expect(refusal(poisson)?.contains("time axis") == true)
        var heat = try Heat1D().make(Double.self, options: ProblemOptions())
        #expect(refusal(heat) == nil)
        #expect(refusal(heat, windows: 1) == nil)
        var soft = heat
        let domain = try #require(heat.domain)
        soft.conditions = [Condition(name: "extra", batch: 8, sample: { n, rng in ConditionPoints(try domain.sampleInterior(n, using: &rng)) },
                                     residual: { f in f.u })]
        #expect(refusal(soft)?.contains("soft conditions [\"extra\"]") == true)
        heat.factor = ClosureFunction(inputDimension: 2) { p in let x = p.column(0); return x * (1 - x) }
        #expect(refusal(heat)?.contains("vanishes at the initial time") == true)
        let inverse = try BurgersInverse().make(Double.self, options: ProblemOptions())
        #expect(refusal(inverse) != nil)
        // Checkpoints are refused with the reason before anything is trained.
        let (p, s) = try Self.heat(windows: 2)
        var o = Self.quiet()
        o.checkpointPath = "/nonexistent/never-written"
        #expect(throws: SettingsError.self) { _ = try Solver(problem: p, settings: s).train(o) }
    }
}
