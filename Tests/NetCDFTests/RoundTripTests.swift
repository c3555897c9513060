import Autodiff
import Foundation
@testable import NetCDF
import TestSupport
import Testing

/// Values of each scalar type made from test doubles, so that each type has its own data.
protocol TestScalar: NetCDFScalar, Equatable { static func make(_ x: Double) -> Self }
extension Float: TestScalar { static func make(_ x: Double) -> Float { Float(x) } }
extension Double: TestScalar { static func make(_ x: Double) -> Double { x } }
extension Int32: TestScalar { static func make(_ x: Double) -> Int32 { Int32(x * 2e9) } }
extension Int64: TestScalar { static func make(_ x: Double) -> Int64 { Int64(x * 9e18) } }

@Suite struct RoundTripTests {
    static let shapes: [[Int]] = [[], [1], [7], [3, 5], [2, 3, 4], [2, 1, 3, 2]]

    func roundTrip<T: TestScalar>(_: T.Type, deflate: Int?, shuffle: Bool) throws {
        let dir = TemporaryDirectory()
        defer { withExtendedLifetime(dir) {} }   // deinit removes it; keep it to the end of the test
        let path = dir.file("types.nc")
        var expected: [String: [T]] = [:]
        try withNetCDFFile(creating: path, deflate: deflate, shuffle: shuffle) { f in
            for (k, shape) in Self.shapes.enumerated() {
                let dims = try shape.enumerated().map { try f.defineDimension("d\(k)_\($0.offset)", length: $0.element) }
                let v = try f.defineVariable("v\(k)", T.self, dimensions: dims)
                let values = testValues(shape.reduce(1, *), seed: UInt64(k + 1)).map(T.make)
                try f.write(values, to: v)
                expected[v.name] = values
            }
        }
        try withNetCDFFile(at: path) { f in
            for (k, shape) in Self.shapes.enumerated() {
                let v = try f.variable("v\(k)")
                #expect(v.type == T.netCDFType)
                #expect(try f.shape(of: v) == shape)
                let got: [T] = try f.read(v)
                #expect(got == expected[v.name]!, "\(T.self) shape \(shape): read back differs")
            }
        }
    }

    @Test(arguments: [(nil, false), (4, true), (1, false)] as [(Int?, Bool)])
    func everyTypeAndShape(deflate: Int?, shuffle: Bool) throws {
        try roundTrip(Float.self, deflate: deflate, shuffle: shuffle)
        try roundTrip(Double.self, deflate: deflate, shuffle: shuffle)
        try roundTrip(Int32.self, deflate: deflate, shuffle: shuffle)
        try roundTrip(Int64.self, deflate: deflate, shuffle: shuffle)
    }

    @Test func hyperslabsReadAndWrite() throws {
        let dir = TemporaryDirectory()
        defer { withExtendedLifetime(dir) {} }   // deinit removes it; keep it to the end of the test
        let path = dir.file("slab.nc")
        let shape = [4, 5, 6]
        let whole = testValues(120, seed: 7)
        let start = [1, 2, 0], count = [2, 3, 4]
        let patch = testValues(24, seed: 8)
        try withNetCDFFile(creating: path) { f in
            let dims = try shape.enumerated().map { try f.defineDimension("n\($0.offset)", length: $0.element) }
            let v = try f.defineVariable("a", Double.self, dimensions: dims)
            try f.write(whole, to: v)
            try f.write(patch, to: v, start: start, count: count)
        }
        // Oracle: apply the patch to the Swift array by index arithmetic.
        var expected = whole
        for (j, idx) in allIndices(count).enumerated() {
            expected[flatIndex(zip(idx, start).map(+), shape)] = patch[j]
        }
        try withNetCDFFile(at: path) { f in
            let v = try f.variable("a")
            #expect(try f.read(v, as: Double.self) == expected)
            let slabStart = [0, 1, 2], slabCount = [4, 2, 3]
            let slab: [Double] = try f.read(v, start: slabStart, count: slabCount)
            let oracle = allIndices(slabCount).map { expected[flatIndex(zip($0, slabStart).map(+), shape)] }
            #expect(slab == oracle)
            let t: Tensor<Float> = try f.readTensor(v, start: [3, 0, 0], count: [1, 5, 6])
            #expect(t.shape == [1, 5, 6])
            #expect(t.scalars == expected[90..<120].map { Float($0) })
            // Out of bounds: an error naming the variable, not a crash.
            let e = #expect(throws: NetCDFError.self) { _ = try f.read(v, start: [3, 0, 0], count: [2, 5, 6], as: Double.self) }
            #expect(e?.variable == "a" && e?.status == -57, "\(String(describing: e))")
        }
    }

    @Test func unlimitedDimensionGrowsByAppend() throws {
        let dir = TemporaryDirectory()
        defer { withExtendedLifetime(dir) {} }   // deinit removes it; keep it to the end of the test
        let path = dir.file("records.nc")
        let rows = (0..<5).map { testValues(3, seed: UInt64(100 + $0)) }
        try withNetCDFFile(creating: path) { f in
            let t = try f.defineDimension("time", length: nil)
            let x = try f.defineDimension("x", length: 3)
            let v = try f.defineVariable("u", Double.self, dimensions: [t, x])
            #expect(t.isUnlimited && !x.isUnlimited)
            #expect(try f.length(of: t) == 0)
            try f.append(rows[0] + rows[1], to: v)
            #expect(try f.length(of: t) == 2)
        }
        // Reopen for appending and add three more records.
        try withNetCDFFile(at: path, mode: .append) { f in
            let v = try f.variable("u")
            #expect(v.dimensions[0].isUnlimited)
            for r in rows[2...] { try f.append(r, to: v) }
        }
        try withNetCDFFile(at: path) { f in
            let v = try f.variable("u")
            #expect(try f.shape(of: v) == [5, 3])
            #expect(try f.read(v, as: Double.self) == rows.flatMap { $0 })
        }
    }

    @Test func attributesOfEveryKind() throws {
        let dir = TemporaryDirectory()
        defer { withExtendedLifetime(dir) {} }   // deinit removes it; keep it to the end of the test
        let path = dir.file("attrs.nc")
        let attrs: [(String, NetCDFAttribute)] = [
            ("text", "m s-1"), ("unicode", .text("température °C")), ("empty", .text("")),
            ("strings", .strings(["a", "bc"])), ("double", 0.25), ("doubles", .doubles([1, -2.5, 1e300])),
            ("floats", .floats([1.5, -3])), ("int", 7), ("int32s", .int32s([Int32.min, 0, Int32.max])),
            ("int64s", .int64s([Int64.min, Int64.max])),
        ]
        try withNetCDFFile(creating: path) { f in
            let v = try f.defineVariable("s", Double.self, dimensions: [])
            for (name, value) in attrs {
                try f.putAttribute(name, value)
                try f.putAttribute(name, value, on: v)
            }
            try f.write([3.0], to: v)
        }
        try withNetCDFFile(at: path) { f in
            let v = try f.variable("s")
            #expect(try f.attributeNames() == attrs.map(\.0))
            for (name, value) in attrs {
                #expect(try f.attribute(name) == value, "global \(name)")
                #expect(try f.attribute(name, of: v) == value, "s:\(name)")
            }
            let e = #expect(throws: NetCDFError.self) { try f.attribute("unist", of: v) }
            #expect(e?.description.contains("no attribute \"unist\"") == true, "\(String(describing: e))")
            #expect(try f.read("s", as: Double.self) == [3])
        }
    }

    @Test func tensorsGroupsAndConversion() throws {
        let dir = TemporaryDirectory()
        defer { withExtendedLifetime(dir) {} }   // deinit removes it; keep it to the end of the test
        let path = dir.file("tensor.nc")
        var rng = testStream(3)
        let w = Tensor<Double>.normal([4, 3], mean: 0, std: 1, using: &rng)
        try withNetCDFFile(creating: path, deflate: 2, shuffle: true) { f in
            let g = try f.defineGroup("net")
            let inner = try g.defineGroup("layer0")
            let r = try inner.defineDimension("rows", length: 4), c = try inner.defineDimension("cols", length: 3)
            try inner.write(w, to: try inner.defineVariable("w", Double.self, dimensions: [r, c]))
            let n = try f.defineDimension("n", length: 3)
            try f.write([1, 2, 3] as [Int32], to: try f.defineVariable("i", Int32.self, dimensions: [n]))
        }
        try withNetCDFFile(at: path) { f in
            #expect(try f.groups().map(\.groupPath) == ["/net"])
            let inner = try f.group("net").group("layer0")
            #expect(inner.groupPath == "/net/layer0")
            let back: Tensor<Double> = try inner.readTensor(try inner.variable("w"))
            #expect(back.shape == [4, 3])
            expectClose(back, w, relative: 0, "tensor round trip")
            // libnetcdf converts int -> double on read.
            #expect(try f.read("i", as: Double.self) == [1, 2, 3])
            let e = #expect(throws: NetCDFError.self) { try f.group("nte") }
            #expect(e?.fix?.contains("net") == true)
        }
    }

    @Test func deflateShrinksCompressibleData() throws {
        let dir = TemporaryDirectory()
        defer { withExtendedLifetime(dir) {} }   // deinit removes it; keep it to the end of the test
        let values = (0..<20_000).map { Double($0 % 100) }
        for (name, level) in [("plain.nc", 0), ("deflated.nc", 5)] {
            try withNetCDFFile(creating: dir.file(name), deflate: level, shuffle: level > 0) { f in
                let n = try f.defineDimension("n", length: values.count)
                try f.write(values, to: try f.defineVariable("v", Double.self, dimensions: [n]))
            }
        }
        let size = { (name: String) in (try FileManager.default.attributesOfItem(atPath: dir.file(name))[.size] as! NSNumber).intValue }
        let plain = try size("plain.nc"), deflated = try size("deflated.nc")
        #expect(deflated * 4 < plain, "deflated \(deflated) bytes vs plain \(plain) bytes")
        #expect(try withNetCDFFile(at: dir.file("deflated.nc")) { try $0.read("v", as: Double.self) } == values)
    }
}
