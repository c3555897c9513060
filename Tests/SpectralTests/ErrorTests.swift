import ComplexModule
import RealModule
import Testing
@testable import Spectral

@Suite("Bad parameters give clear errors")
struct ErrorTests {
    func message(_ body: () throws -> Void) -> String {
        do { try body() } catch { return "\(error)" }
        return "no error"
    }

    @Test func negativeViscosity() {
        let text = message { _ = try BurgersSpectral(nu: -0.1) }
        #expect(text.contains("nu = -0.1") && text.contains(">= 0"), "message: \(text)")
        #expect(throws: SpectralError.self) { try NavierStokes2DSpectral(nu: -1, n: 16, dt: 0.1) }
        let box = try! SpectralBox(lower: [0], upper: [1], shape: [8])
        #expect(throws: SpectralError.self) { try HeatSpectral(nu: -2, box: box) }
    }

    @Test func nonPositiveGridSize() {
        for n in [0, -4, 7] {
            let text = message { _ = try KdVSpectral(n: n) }
            #expect(text.contains("n = \(n)") && text.contains("even"), "message: \(text)")
        }
        #expect(throws: SpectralError.self) { try SpectralBox(lower: [0, 0], upper: [1, 1], shape: [8, 0]) }
        #expect(throws: SpectralError.self) { try BurgersSpectral(dt: 0) }
    }

    @Test func unstableTimeStep() {
        let text = message { _ = try BurgersSpectral(n: 256, dt: 0.2).solve(times: [1], points: [0]) }
        #expect(text.contains("blew up") && text.contains("dt = 0.2"), "message: \(text)")
    }

    @Test func nanInInitialData() {
        let text = message {
            _ = try BurgersSpectral(n: 64, initial: { $0 > 0.5 ? .nan : 0 }).solve(times: [0.1], points: [0])
        }
        #expect(text.contains("not finite") && text.contains("index"), "message: \(text)")
        let nls = message { _ = try SchrodingerSpectral(initial: { _ in Complex(.infinity, 0) }).snapshots(times: [0]) }
        #expect(nls.contains("not finite"), "message: \(nls)")
        #expect(throws: SpectralError.self) {
            try NavierStokes2DSpectral(nu: 0.1, n: 8, dt: 0.1).snapshots(initial: { _, _ in .nan }, times: [1])
        }
    }

    @Test func badTimes() {
        let text = message { _ = try BurgersSpectral(n: 64).solve(times: [0.5, 0.1], points: [0]) }
        #expect(text.contains("times[1]"), "message: \(text)")
    }
}
