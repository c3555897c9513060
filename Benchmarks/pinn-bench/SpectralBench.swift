import Dispatch
import Spectral

/// Spectral reference-solver benchmarks (issue 7): Burgers nu = 0.01/pi with 4096 modes to
/// t = 1, and 2-D Navier-Stokes on a 256^2 grid for 1,000 ETDRK4 steps. Prints wall times.
/// Called from main.swift by the integrator; figures go in Docs/benchmarks.md.
func runSpectralBenchmarks() {
    func seconds(_ body: () throws -> Void) rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }
    do {
        let burgers = try BurgersSpectral(nu: 0.01 / Double.pi, n: 4096, dt: 2e-4)
        var slope = 0.0
        let tb = try seconds {
            let s = try burgers.snapshots(times: [0.51047, 1.0])
            slope = s[0].derivative(axis: 0).values(at: [[0]])[0]
        }
        print("spectral burgers  n=4096 dt=2e-4 t=1 (5000 ETDRK4 steps): \(format2(tb)) s, "
              + "u_x(0, 0.51047) = \(slope) (published -152.00516)")

        let ns = try NavierStokes2DSpectral(nu: 1e-3, n: 256, dt: 1e-3,
                                            forcing: { _, y in 0.1 * Double.sin(4 * y) })
        let tn = try seconds {
            _ = try ns.snapshots(initial: { x, y in Double.sin(x) * Double.cos(y) + 0.3 * Double.cos(3 * x + 2 * y) },
                                 times: [1.0])
        }
        print("spectral navier-stokes 256^2 dt=1e-3 1000 ETDRK4 steps: \(format2(tn)) s "
              + "(\(format2(tn)) ms per step)")
    } catch {
        print("spectral benchmarks failed: \(error)")
    }
}

private func format2(_ x: Double) -> String {
    let r = (x * 1000).rounded() / 1000
    return "\(r)"
}
