import Autodiff
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Everything needed to continue a training run exactly where it stopped.
///
/// File format (version 1, all integers little-endian):
///
///     offset  size  field
///          0     8  magic "PINNCKPT"
///          8     4  format version (UInt32, 1)
///         12     4  scalar width in bytes (UInt32: 4 = Float, 8 = Double)
///         16     8  payload length in bytes (UInt64)
///         24     8  FNV-1a 64 checksum of the payload (UInt64)
///         32     …  payload:
///                   step, phase index, step within the phase (Int64 each);
///                   elapsed seconds (Double bits, UInt64);
///                   RNG state and the RNG state before the last resampling
///                   (strings: JSON of `RandomStream`, "" for none);
///                   loss weights (UInt32 count, then name string and scalar array of one);
///                   term names (UInt32 count, strings);
///                   parameters (tensor list);
///                   optimiser state: kind (string), integers (UInt32 count, Int64s),
///                   strings (UInt32 count, strings), tensors (tensor list);
///                   loss history (UInt32 rows; each: step, wall-time bits, scalars
///                   [loss, error, term values…]).
///
/// A tensor is its rank (UInt32), extents (Int64 each) and scalars (UInt32 count, raw
/// IEEE-754 bits), so values round-trip bit for bit. `write(to:)` writes a temporary file
/// in the same directory, flushes it and renames it over the target, so a reader sees
/// either the old file or the new one, never a partial one. `read(from:)` refuses a file
/// with the wrong magic, version or precision, a truncated file, or one whose checksum
/// does not match.
public struct Checkpoint<Scalar: TensorScalar>: @unchecked Sendable {
    public static var magic: [UInt8] { Array("PINNCKPT".utf8) }
    public static var formatVersion: UInt32 { 1 }
    static var headerSize: Int { 32 }

    /// Training steps completed (all phases).
    public var step: Int
    public var phaseIndex: Int
    /// Steps completed within the current phase.
    public var phaseStep: Int
    /// Wall-clock seconds spent training before this checkpoint.
    public var elapsed: Double
    public var rng: RandomStream
    /// The RNG state just before the latest resampling (nil when none happened); resuming
    /// replays that resampling to rebuild the same batch.
    public var rngBeforeResample: RandomStream?
    public var weights: [NamedValue<Scalar>]
    public var termNames: [String]
    public var parameters: [Tensor<Scalar>]
    public var optimizerState: OptimizerStateRecord<Scalar>
    public var history: [TrainingRecord<Scalar>]

    public init(step: Int, phaseIndex: Int, phaseStep: Int, elapsed: Double, rng: RandomStream,
                rngBeforeResample: RandomStream?, weights: [NamedValue<Scalar>], termNames: [String],
                parameters: [Tensor<Scalar>], optimizerState: OptimizerStateRecord<Scalar>,
                history: [TrainingRecord<Scalar>]) {
        self.step = step; self.phaseIndex = phaseIndex; self.phaseStep = phaseStep; self.elapsed = elapsed
        self.rng = rng; self.rngBeforeResample = rngBeforeResample; self.weights = weights
        self.termNames = termNames; self.parameters = parameters.map(\.detached)
        self.optimizerState = optimizerState; self.history = history
    }

    // MARK: Encoding

    /// The file's bytes.
    public func encoded() -> [UInt8] {
        var w = CheckpointWriter()
        w.write(step); w.write(phaseIndex); w.write(phaseStep); w.write(elapsed.bitPattern)
        w.write(Self.json(rng)); w.write(rngBeforeResample.map(Self.json) ?? "")
        w.write(UInt32(weights.count))
        for nv in weights { w.write(nv.name); w.write([nv.value]) }
        w.write(UInt32(termNames.count))
        for n in termNames { w.write(n) }
        w.write(parameters)
        w.write(optimizerState.kind)
        w.write(UInt32(optimizerState.integers.count))
        for i in optimizerState.integers { w.write(i) }
        w.write(UInt32(optimizerState.strings.count))
        for s in optimizerState.strings { w.write(s) }
        w.write(optimizerState.tensors)
        w.write(UInt32(history.count))
        for r in history {
            w.write(r.step); w.write(r.wallTime.bitPattern)
            w.write([r.loss, r.error ?? .nan] + r.terms)
        }
        var header = CheckpointWriter()
        header.bytes = Self.magic
        header.write(Self.formatVersion)
        header.write(UInt32(MemoryLayout<Scalar>.size))
        header.write(UInt64(w.bytes.count))
        header.write(fnv1a64(w.bytes[...]))
        return header.bytes + w.bytes
    }

    /// Decodes a checkpoint's bytes; `path` is only used in error messages.
    public static func decode(_ bytes: [UInt8], path: String) throws -> Checkpoint {
        guard bytes.count >= 8, Array(bytes[0..<8]) == magic else { throw CheckpointError.notACheckpoint(path: path) }
        guard bytes.count >= headerSize else {
            throw CheckpointError.truncated(path: path, expectedBytes: headerSize, foundBytes: bytes.count)
        }
        var h = CheckpointReader(bytes: bytes, offset: 8, path: path)
        let version = try h.read(UInt32.self)
        guard version == formatVersion else {
            throw CheckpointError.unsupportedVersion(path: path, found: version, supported: formatVersion)
        }
        let width = Int(try h.read(UInt32.self))
        guard width == MemoryLayout<Scalar>.size else {
            let name = width == 4 ? "f32" : width == 8 ? "f64" : "\(width)-byte"
            throw CheckpointError.precisionMismatch(path: path, found: name, expected: Scalar.precisionName)
        }
        // Every field is untrusted: the length is compared with the file before any sum.
        let rawLength = try h.read(UInt64.self)
        let checksum = try h.read(UInt64.self)
        guard let length = Int(exactly: rawLength), length <= Int.max - headerSize, bytes.count == headerSize + length else {
            let expected = Int(exactly: rawLength).flatMap { $0 <= Int.max - headerSize ? headerSize + $0 : nil } ?? Int.max
            throw CheckpointError.truncated(path: path, expectedBytes: expected, foundBytes: bytes.count)
        }
        guard fnv1a64(bytes[headerSize...]) == checksum else { throw CheckpointError.corrupted(path: path) }

        var r = CheckpointReader(bytes: bytes, offset: headerSize, path: path)
        let step = try r.readInt(), phaseIndex = try r.readInt(), phaseStep = try r.readInt()
        guard step >= 0, phaseIndex >= 0, phaseStep >= 0, phaseStep <= step else {
            throw r.malformed("step \(step), phase index \(phaseIndex), step within the phase \(phaseStep): each must be >= 0, the last <= the first")
        }
        let elapsed = Double(bitPattern: try r.read(UInt64.self))
        guard elapsed.isFinite, elapsed >= 0 else { throw r.malformed("elapsed seconds \(elapsed)") }
        let rng = try decodeStream(try r.readString(), path: path)
        let before = try r.readString()
        let rngBefore = before.isEmpty ? nil : try decodeStream(before, path: path)
        var weights: [NamedValue<Scalar>] = []
        for _ in 0..<(try r.readCount("weight")) {
            let name = try r.readString()
            let v: [Scalar] = try r.readScalars()
            guard v.count == 1 else { throw r.malformed("weight '\(name)' has \(v.count) values") }
            weights.append(NamedValue(name, v[0]))
        }
        let termNames = try (0..<(try r.readCount("term"))).map { _ in try r.readString() }
        let parameters: [Tensor<Scalar>] = try r.readTensors()
        let kind = try r.readString()
        let integers = try (0..<(try r.readCount("integer"))).map { _ in try r.read(Int64.self) }
        let strings = try (0..<(try r.readCount("string"))).map { _ in try r.readString() }
        let tensors: [Tensor<Scalar>] = try r.readTensors()
        var history: [TrainingRecord<Scalar>] = []
        for _ in 0..<(try r.readCount("history")) {
            let s = try r.readInt()
            let wall = Double(bitPattern: try r.read(UInt64.self))
            let v: [Scalar] = try r.readScalars()
            guard v.count == 2 + termNames.count else { throw r.malformed("history row with \(v.count) values") }
            history.append(TrainingRecord(step: s, loss: v[0], terms: Array(v[2...]),
                                          error: v[1].isNaN ? nil : v[1], wallTime: wall))
        }
        guard r.offset == bytes.count else { throw r.malformed("\(bytes.count - r.offset) bytes left over") }
        return Checkpoint(step: step, phaseIndex: phaseIndex, phaseStep: phaseStep, elapsed: elapsed, rng: rng,
                          rngBeforeResample: rngBefore, weights: weights, termNames: termNames,
                          parameters: parameters,
                          optimizerState: OptimizerStateRecord(kind: kind, integers: integers, strings: strings, tensors: tensors),
                          history: history)
    }

    static func json(_ s: RandomStream) -> String {
        String(decoding: (try? JSONEncoder().encode(s)) ?? Data(), as: UTF8.self)
    }

    static func decodeStream(_ s: String, path: String) throws -> RandomStream {
        do { return try JSONDecoder().decode(RandomStream.self, from: Data(s.utf8)) } catch {
            throw CheckpointError.incompatibleState("'\(path)' has an unreadable RNG state '\(s)'")
        }
    }

    // MARK: Files

    /// Writes the checkpoint atomically (`AtomicFile`: a registered temporary file next to
    /// `path`, flushed to disk, then renamed over `path`). Returns the FNV-1a 64 checksum of
    /// the bytes written (the whole file), computed from the bytes in memory, so that it
    /// describes this checkpoint even if another process replaces the file at once.
    @discardableResult
    public func write(to path: String) throws -> UInt64 {
        let bytes = encoded()
        do { try AtomicFile.write(bytes, to: path) } catch {
            throw CheckpointError.io(path: path, reason: error.reason)
        }
        return fnv1a64(bytes[...])
    }

    /// Reads and validates a checkpoint file.
    public static func read(from path: String) throws -> Checkpoint {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CheckpointError.io(path: path, reason: FileManager.default.fileExists(atPath: path)
                                     ? "the file cannot be read" : "no such file")
        }
        return try decode([UInt8](data), path: path)
    }
}
