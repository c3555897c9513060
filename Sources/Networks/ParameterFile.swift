import Autodiff
import Foundation

/// Saving and loading a list of parameter tensors.
///
/// Format (little-endian), version 1:
///
///     magic      8 bytes  "PINNPARM"
///     version    UInt32   1
///     scalar     UInt32   4 (Float) or 8 (Double)
///     count      UInt32   number of tensors
///     per tensor: rank UInt32, then rank x Int64 extents
///     data       the elements of every tensor in order, row-major
///     checksum   UInt32   CRC-32 (IEEE) of everything before it
///
/// Files are written to a temporary name beside the target and renamed into place, so a
/// crash never leaves a partial file under the real name.
public enum ParameterFile {
    public static let magic = Array("PINNPARM".utf8)
    public static let version: UInt32 = 1

    public enum Error: Swift.Error, CustomStringConvertible {
        case unreadable(path: String, reason: String)
        case notAParameterFile(path: String)
        case unsupportedVersion(path: String, found: UInt32)
        case truncated(path: String)
        case checksumMismatch(path: String)
        case precisionMismatch(path: String, file: String, expected: String)
        case shapeMismatch(path: String, index: Int, file: [Int], expected: [Int])

        public var description: String {
            switch self {
            case let .unreadable(p, r): return "cannot read parameter file \(p): \(r)"
            case let .notAParameterFile(p): return "\(p) is not a pinn-solve parameter file (bad magic bytes)"
            case let .unsupportedVersion(p, v): return "\(p) has format version \(v); this build reads version \(ParameterFile.version)"
            case let .truncated(p): return "\(p) is truncated (the file ends before its data does)"
            case let .checksumMismatch(p): return "\(p) is corrupt (checksum mismatch)"
            case let .precisionMismatch(p, f, e): return "\(p) holds \(f) parameters; the network uses \(e) (use --precision \(f))"
            case let .shapeMismatch(p, i, f, e): return "\(p): tensor \(i) has shape \(f), the network expects \(e) (different width or depth?)"
            }
        }
    }

    /// Encodes tensors in the format above.
    public static func encode<S: TensorScalar>(_ tensors: [Tensor<S>]) -> [UInt8] {
        var out = magic
        func put<T: FixedWidthInteger>(_ v: T) { withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) } }
        put(version); put(UInt32(MemoryLayout<S>.size)); put(UInt32(tensors.count))
        for t in tensors { put(UInt32(t.rank)); for e in t.shape { put(Int64(e)) } }
        for t in tensors { t.withUnsafeBufferPointer { out.append(contentsOf: UnsafeRawBufferPointer($0)) } }
        put(crc32(out))
        return out
    }

    /// Decodes tensors, checking magic, version, precision, length and checksum.
    public static func decode<S: TensorScalar>(_ bytes: [UInt8], path: String = "<memory>", as _: S.Type = S.self) throws -> [Tensor<S>] {
        guard bytes.count >= 8, Array(bytes[0..<8]) == magic else { throw Error.notAParameterFile(path: path) }
        var pos = 8
        func get<T: FixedWidthInteger>(_: T.Type) throws -> T {
            guard pos + MemoryLayout<T>.size <= bytes.count else { throw Error.truncated(path: path) }
            var v: T = 0
            withUnsafeMutableBytes(of: &v) { $0.copyBytes(from: bytes[pos..<(pos + MemoryLayout<T>.size)]) }
            pos += MemoryLayout<T>.size
            return T(littleEndian: v)
        }
        let v = try get(UInt32.self)
        guard v == version else { throw Error.unsupportedVersion(path: path, found: v) }
        let size = try get(UInt32.self)
        guard size == 4 || size == 8 else { throw Error.notAParameterFile(path: path) }
        guard size == MemoryLayout<S>.size else {
            throw Error.precisionMismatch(path: path, file: size == 4 ? "f32" : "f64", expected: S.precisionName)
        }
        let count = try get(UInt32.self)
        var shapes: [[Int]] = []
        for _ in 0..<count {
            let rank = try get(UInt32.self)
            guard rank <= 8 else { throw Error.notAParameterFile(path: path) }
            var shape: [Int] = []
            for _ in 0..<rank {
                let e = try get(Int64.self)
                guard e >= 0, e < 1 << 40 else { throw Error.notAParameterFile(path: path) }
                shape.append(Int(e))
            }
            shapes.append(shape)
        }
        let dataBytes = shapes.reduce(0) { $0 + $1.reduce(1, *) } * MemoryLayout<S>.size
        guard pos + dataBytes + 4 <= bytes.count else { throw Error.truncated(path: path) }
        let stored = UInt32(littleEndian: bytes[(pos + dataBytes)..<(pos + dataBytes + 4)].withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) })
        guard crc32(bytes[0..<(pos + dataBytes)]) == stored else { throw Error.checksumMismatch(path: path) }
        var tensors: [Tensor<S>] = []
        for shape in shapes {
            var t = Tensor<S>.zeros(shape)
            let nb = t.count * MemoryLayout<S>.size
            t.withUnsafeMutableBufferPointer { UnsafeMutableRawBufferPointer($0).copyBytes(from: bytes[pos..<(pos + nb)]) }
            pos += nb
            tensors.append(t)
        }
        return tensors
    }

    /// Writes tensors to `path` atomically.
    public static func save<S: TensorScalar>(_ tensors: [Tensor<S>], to path: String) throws {
        do { try AtomicFile.write(encode(tensors), to: path) } catch {
            throw Error.unreadable(path: path, reason: "could not write: \(error.reason)")
        }
    }

    /// Reads tensors from `path`; with `expectedShapes`, checks them.
    public static func load<S: TensorScalar>(_ path: String, as _: S.Type = S.self, expectedShapes: [[Int]]? = nil) throws -> [Tensor<S>] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Error.unreadable(path: path, reason: FileManager.default.fileExists(atPath: path) ? "permission denied" : "no such file")
        }
        let ts: [Tensor<S>] = try decode([UInt8](data), path: path)
        if let exp = expectedShapes {
            guard exp.count == ts.count else {
                throw Error.shapeMismatch(path: path, index: min(exp.count, ts.count), file: [ts.count], expected: [exp.count])
            }
            for (i, (t, e)) in zip(ts, exp).enumerated() where t.shape != e {
                throw Error.shapeMismatch(path: path, index: i, file: t.shape, expected: e)
            }
        }
        return ts
    }
}

extension Model {
    /// Saves the parameters (see `ParameterFile`).
    public func saveParameters(to path: String) throws { try ParameterFile.save(parameters, to: path) }

    /// Loads parameters saved from a model of the same architecture.
    public mutating func loadParameters(from path: String) throws {
        parameters = try ParameterFile.load(path, as: Scalar.self, expectedShapes: parameters.map(\.shape))
    }
}

/// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320).
public func crc32<C: Collection>(_ bytes: C) -> UInt32 where C.Element == UInt8 {
    var table = [UInt32](repeating: 0, count: 256)
    for i in 0..<256 {
        var c = UInt32(i)
        for _ in 0..<8 { c = (c & 1) != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        table[i] = c
    }
    var crc: UInt32 = 0xFFFF_FFFF
    for b in bytes { crc = table[Int((crc ^ UInt32(b)) & 0xFF)] ^ (crc >> 8) }
    return crc ^ 0xFFFF_FFFF
}
