import ComplexModule
import RealModule
import Testing
@testable import Spectral

@Suite("FFTW plans")
struct FFTPlanTests {
    /// The r2c half spectrum against the DFT written out, and the round trip, in 1-3 D.
    func checkRealFFT<S: FFTWScalar>(_: S.Type, shape: [Int], tolerance: Double) throws {
        let fft = try RealFFT<S>(shape: shape)
        let count = shape.reduce(1, *)
        let x = (0..<count).map { S(Double.sin(Double($0) * 0.7) + Double($0 % 5) * 0.1) }
        _ = fft.real.update(fromContentsOf: x)
        fft.forward()
        // Direct DFT at a few coefficients.
        let padded = Array(repeating: 1, count: 3 - shape.count) + shape
        let half = Array(repeating: 1, count: 3 - shape.count) + fft.spectrumShape
        var worst = 0.0
        for flat in stride(from: 0, to: fft.spectrum.count, by: max(1, fft.spectrum.count / 7)) {
            let k = [flat / (half[1] * half[2]), (flat / half[2]) % half[1], flat % half[2]]
            var sum = Complex<Double>.zero
            for j in 0..<count {
                let jj = [j / (padded[1] * padded[2]), (j / padded[2]) % padded[1], j % padded[2]]
                var turns = 0.0
                for a in 0..<3 { turns += Double(jj[a] * k[a]) / Double(padded[a]) }
                let phase = -2 * Double.pi * turns
                sum = sum + Complex(Double(x[j]) * Double.cos(phase), Double(x[j]) * Double.sin(phase))
            }
            let got = Complex(Double(fft.spectrum[flat].real), Double(fft.spectrum[flat].imaginary))
            worst = max(worst, (got - sum).length / Double(count))
        }
        #expect(worst < tolerance, "r2c \(shape) \(S.self): largest DFT error \(worst)")
        fft.inverse()
        let roundTrip = zip(fft.real, x).reduce(0.0) { max($0, Double(abs($1.0 - $1.1))) }
        #expect(roundTrip < tolerance * 10, "r2c/c2r round trip \(shape) \(S.self): \(roundTrip)")
    }

    @Test(arguments: [[16], [8, 6], [4, 6, 5]])
    func realFFTMatchesDirectDFT(shape: [Int]) throws {
        try checkRealFFT(Double.self, shape: shape, tolerance: 1e-14)
        try checkRealFFT(Float.self, shape: shape, tolerance: 1e-5)
    }

    @Test func complexFFTRoundTripAndSingleMode() throws {
        let n = 12
        let fft = try ComplexFFT<Double>(shape: [n])
        for j in 0..<n { fft.data[j] = .exp(Complex(0, 2 * Double.pi * 3 * Double(j) / Double(n))) }
        fft.forward()
        let off = (0..<n).filter { $0 != 3 }.reduce(0.0) { max($0, fft.data[$1].length) }
        #expect(abs(fft.data[3].real - Double(n)) < 1e-13 && off < 1e-13, "single mode: X_3 = \(fft.data[3]), leak \(off)")
        fft.inverse()
        #expect(abs(fft.data[5].real - Double.cos(2 * Double.pi * 15 / 12)) < 1e-14)
    }

    /// DST-I and DCT-I against their defining sums, and the normalised inverse, in Float and Double.
    func checkR2R<S: FFTWScalar>(_: S.Type, kind: RealToRealKind, shape: [Int], tolerance: Double) throws {
        let t = try RealToRealTransform<S>(kind: kind, shape: shape)
        let x = (0..<t.data.count).map { S(Double.cos(Double($0) * 1.3)) }
        _ = t.data.update(fromContentsOf: x)
        t.forward()
        if shape.count == 1 {
            let n = shape[0]
            for k in 0..<n {
                var y = 0.0
                for j in 0..<n {
                    switch kind {
                    case .dstI: y += 2 * Double(x[j]) * Double.sin(Double.pi * Double((j + 1) * (k + 1)) / Double(n + 1))
                    case .dctI:
                        let w = j == 0 || j == n - 1 ? 1.0 : 2.0
                        y += w * Double(x[j]) * Double.cos(Double.pi * Double(j * k) / Double(n - 1))
                    }
                }
                #expect(abs(Double(t.data[k]) - y) < tolerance * Double(n), "\(kind) k = \(k): \(t.data[k]) vs \(y)")
            }
        }
        t.inverse()
        let err = zip(t.data, x).reduce(0.0) { max($0, Double(abs($1.0 - $1.1))) }
        #expect(err < tolerance * 10, "\(kind) \(shape) \(S.self) round trip error \(err)")
    }

    @Test(arguments: [RealToRealKind.dstI, .dctI])
    func realToRealTransforms(kind: RealToRealKind) throws {
        for shape in [[9], [5, 7], [4, 3, 6]] {
            try checkR2R(Double.self, kind: kind, shape: shape, tolerance: 1e-14)
            try checkR2R(Float.self, kind: kind, shape: shape, tolerance: 1e-5)
        }
    }

    /// Plans made from many threads at once: the planner lock keeps FFTW's planner safe.
    @Test func concurrentPlanningIsSafe() async throws {
        try await withThrowingTaskGroup(of: Double.self) { group in
            for i in 0..<16 {
                group.addTask {
                    let n = 16 + 2 * i
                    let fft = try RealFFT<Double>(shape: [n], planning: .measure)
                    for j in 0..<n { fft.real[j] = Double.cos(2 * Double.pi * Double(j) / Double(n)) }
                    fft.forward()
                    return abs(fft.spectrum[1].real - Double(n) / 2)
                }
            }
            for try await err in group { #expect(err < 1e-12, "concurrent plan: error \(err)") }
        }
    }

    @Test func wisdomRoundTrip() throws {
        _ = try RealFFT<Double>(shape: [64], planning: .measure)
        let text = try #require(FFTWisdom.export(Double.self))
        #expect(text.contains("fftw"), "wisdom text: \(text.prefix(80))")
        #expect(FFTWisdom.import(text, as: Double.self))
        #expect(!FFTWisdom.import("not wisdom", as: Double.self))
        _ = try RealFFT<Float>(shape: [64], planning: .measure)
        #expect(FFTWisdom.export(Float.self) != nil)
    }
}
