import Autodiff
import Foundation
import Testing
import TestSupport
@testable import Optimization

/// A checkpoint is untrusted input: every damaged file, whether or not its checksum was
/// recomputed after the damage (so the payload parser itself sees the hostile fields), must
/// end in a `CheckpointError`, never a trap or an allocation failure.
@Suite struct CheckpointFuzzTests {
    static func real() -> [UInt8] {
        CheckpointTests().sample(Double.self).encoded()
    }

    /// Rewrites the header's length and checksum to match the (damaged) payload.
    static func sealed(_ b: [UInt8]) -> [UInt8] {
        guard b.count >= 32 else { return b }
        var out = b
        let length = UInt64(b.count - 32), sum = fnv1a64(b[32...])
        for i in 0..<8 {
            out[16 + i] = UInt8(truncatingIfNeeded: length >> (8 * UInt64(i)))
            out[24 + i] = UInt8(truncatingIfNeeded: sum >> (8 * UInt64(i)))
        }
        return out
    }

    /// Values that break naive arithmetic on lengths, counts, extents and indices.
    static let hostile: [UInt64] = [0, 1, 0x7F, 0xFF, 0xFFFF_FFFF, 0x1_0000_0000, 0x7FFF_FFFF_FFFF_FFFF,
                                    0x8000_0000_0000_0000, 0xFFFF_FFFF_FFFF_FFFF, 0xFFFF_FFFF_FFFF_FFFE]

    static func mutate(_ bytes: [UInt8], _ rng: inout RandomStream) -> [UInt8] {
        var b = bytes
        func index(_ n: Int) -> Int { Int(rng.next() % UInt64(Swift.max(n, 1))) }
        switch rng.next() % 5 {
        case 0:   // flip a few bits
            for _ in 0...index(4) { b[index(b.count)] ^= UInt8(1 << index(8)) }
        case 1:   // truncate
            b = Array(b.prefix(index(b.count)))
        case 2:   // enlarge with random bytes, at the end or inside
            let extra = (0..<(1 + index(64))).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            b.insert(contentsOf: extra, at: index(b.count + 1))
        default:  // overwrite a 4- or 8-byte field with a hostile value
            let v = hostile[index(hostile.count)], width = rng.next() % 2 == 0 ? 4 : 8
            let at = index(Swift.max(b.count - width, 1))
            for i in 0..<width where at + i < b.count { b[at + i] = UInt8(truncatingIfNeeded: v >> (8 * UInt64(i))) }
        }
        return rng.next() % 3 == 0 ? b : sealed(b)
    }

    @Test func damagedCheckpointsEndInACleanError() throws {
        let original = Self.real()
        #expect(throws: Never.self) { try Checkpoint<Double>.decode(original, path: "real") }
        var rng = RandomStream(seed: 2026)
        var failures = 0, accepted = 0
        for _ in 0..<4000 {
            let damaged = Self.mutate(original, &rng)
            do {
                let cp = try Checkpoint<Double>.decode(damaged, path: "fuzz")
                // A mutation the format cannot see (a changed value) still gives a usable object.
                _ = cp.encoded()
                accepted += 1
            } catch is CheckpointError {
                failures += 1
            }
        }
        #expect(failures > 3000, "only \(failures) of 4,000 damaged files were refused (\(accepted) accepted)")
    }

    /// The families a hostile user tried: each a precise, sealed edit of a real file.
    @Test func hostileFieldsAreRefusedWithAMessage() throws {
        let original = Self.real()
        func field(_ offset: Int, _ value: UInt64, width: Int = 8, seal: Bool = true) -> [UInt8] {
            var b = original
            for i in 0..<width { b[offset + i] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(i))) }
            return seal ? Self.sealed(b) : b
        }
        // The header's length field at 0xFF..FF (not sealed, or the seal would repair it).
        #expect(throws: CheckpointError.self) { try Checkpoint<Double>.decode(field(16, .max, seal: false), path: "h") }
        #expect(throws: CheckpointError.self) { try Checkpoint<Double>.decode(field(16, 0x7FFF_FFFF_FFFF_FFF0, seal: false), path: "h") }
        // Step, phase index and step within the phase at -1.
        for offset in [32, 40, 48] {
            #expect(throws: CheckpointError.self) { try Checkpoint<Double>.decode(field(offset, .max), path: "p") }
        }
        // Elapsed seconds NaN.
        #expect(throws: CheckpointError.self) { try Checkpoint<Double>.decode(field(56, Double.nan.bitPattern), path: "e") }

        // A tensor of extents [2^32, 2^32, 2^32] (product overflows Int).
        var w = CheckpointWriter()
        w.write(UInt32(3))
        for _ in 0..<3 { w.write(Int(1) << 32) }
        w.write([1.0, 2.0])
        var r = CheckpointReader(bytes: w.bytes, offset: 0, path: "t")
        #expect(throws: CheckpointError.self) { _ = try r.readTensor(Double.self) }
    }
}
