import Autodiff

/// Little-endian binary encoding for checkpoints.
///
/// Integers are 8-byte little-endian two's complement, strings a 4-byte length then UTF-8,
/// scalar arrays a 4-byte count then the IEEE-754 bit patterns (4 or 8 bytes each,
/// little-endian), tensors a 4-byte rank, the extents (8 bytes each), then the scalars.
struct CheckpointWriter {
    var bytes: [UInt8] = []

    mutating func write<I: FixedWidthInteger>(_ v: I) {
        withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) }
    }
    mutating func write(_ v: Int) { write(Int64(v)) }
    mutating func write(_ s: String) {
        let u = Array(s.utf8)
        write(UInt32(u.count))
        bytes.append(contentsOf: u)
    }
    mutating func write<S: TensorScalar>(scalars: UnsafeBufferPointer<S>) {
        write(UInt32(scalars.count))
        #if _endian(little)
        bytes.append(contentsOf: UnsafeRawBufferPointer(scalars))
        #else
        for v in scalars {
            if S.self == Float.self { write((v as! Float).bitPattern) } else { write(Double(v).bitPattern) }
        }
        #endif
    }
    mutating func write<S: TensorScalar>(_ values: [S]) { values.withUnsafeBufferPointer { write(scalars: $0) } }
    mutating func write<S: TensorScalar>(_ t: Tensor<S>) {
        write(UInt32(t.rank))
        for e in t.shape { write(e) }
        t.withUnsafeBufferPointer { write(scalars: $0) }
    }
    mutating func write<S: TensorScalar>(_ ts: [Tensor<S>]) {
        write(UInt32(ts.count))
        for t in ts { write(t) }
    }
}

/// Reads what `CheckpointWriter` wrote; every read checks the remaining length first.
struct CheckpointReader {
    let bytes: [UInt8]
    var offset: Int
    let path: String

    func malformed(_ what: String) -> CheckpointError {
        .incompatibleState("'\(path)' is malformed at byte \(offset) (\(what))")
    }

    mutating func read<I: FixedWidthInteger>(_: I.Type = I.self) throws -> I {
        let n = MemoryLayout<I>.size
        guard offset + n <= bytes.count else { throw malformed("needs \(n) more bytes for an integer") }
        var v: I = 0
        for i in 0..<n { v |= I(truncatingIfNeeded: bytes[offset + i]) << (8 * i) }
        offset += n
        return v
    }
    mutating func readInt() throws -> Int { Int(try read(Int64.self)) }
    mutating func readCount(_ what: String) throws -> Int {
        let n = Int(try read(UInt32.self))
        guard n <= bytes.count - offset else { throw malformed("\(what) count \(n) exceeds the file") }
        return n
    }
    mutating func readString() throws -> String {
        let n = try readCount("string")
        defer { offset += n }
        return String(decoding: bytes[offset..<(offset + n)], as: UTF8.self)
    }
    mutating func readScalars<S: TensorScalar>(_: S.Type = S.self) throws -> [S] {
        let n = try readCount("scalar")
        let width = S.self == Float.self ? 4 : 8
        guard offset + n * width <= bytes.count else { throw malformed("\(n) scalars run past the end") }
        #if _endian(little)
        let out = [S](unsafeUninitializedCapacity: n) { buf, count in
            bytes.withUnsafeBytes { src in
                UnsafeMutableRawBufferPointer(buf).copyMemory(from: UnsafeRawBufferPointer(rebasing: src[offset..<(offset + n * width)]))
            }
            count = n
        }
        offset += n * width
        #else
        var out = [S]()
        out.reserveCapacity(n)
        for _ in 0..<n {
            if S.self == Float.self { out.append(S(Float(bitPattern: try read(UInt32.self)))) }
            else { out.append(S(Double(bitPattern: try read(UInt64.self)))) }
        }
        #endif
        return out
    }
    mutating func readTensor<S: TensorScalar>(_: S.Type = S.self) throws -> Tensor<S> {
        let rank = try readCount("rank")
        var shape = [Int](), count = 1
        for _ in 0..<rank {
            let e = try readInt()
            guard e >= 0 else { throw malformed("negative extent \(e)") }
            let (product, overflow) = count.multipliedReportingOverflow(by: e)
            guard !overflow, product <= bytes.count else { throw malformed("extents \(shape + [e]) hold more scalars than the file") }
            shape.append(e); count = product
        }
        let scalars: [S] = try readScalars()
        guard count == scalars.count else {
            throw malformed("shape \(shape) with \(scalars.count) scalars")
        }
        return Tensor(shape: shape, scalars: scalars)
    }
    mutating func readTensors<S: TensorScalar>(_: S.Type = S.self) throws -> [Tensor<S>] {
        let n = try readCount("tensor")
        return try (0..<n).map { _ in try readTensor() }
    }
}

/// FNV-1a, 64 bits (Fowler, Noll & Vo): the checkpoint's payload checksum, and the checksum
/// of a whole checkpoint file that `pinn-solve` keeps in the file's settings sidecar.
public func fnv1a64(_ bytes: ArraySlice<UInt8>) -> UInt64 {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
    return h
}
