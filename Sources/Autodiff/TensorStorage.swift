#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// The heap buffer behind a `Tensor`: a contiguous, 64-byte aligned block of scalars.
///
/// Tensors share storage until one of them is mutated (copy on write, checked with
/// `isKnownUniquelyReferenced`), so tensors behave as values.
public final class TensorStorage<Scalar: TensorScalar>: @unchecked Sendable {
    public let count: Int
    public let pointer: UnsafeMutablePointer<Scalar>

    /// Uninitialised storage for `count` scalars (callers fill every element).
    @usableFromInline
    init(uninitializedCount count: Int) {
        require(count >= 0, "TensorStorage: negative element count \(count)")
        self.count = count
        let raw = BufferPool.allocate(byteCount: max(count, 1) * MemoryLayout<Scalar>.stride)
        pointer = raw.bindMemory(to: Scalar.self, capacity: max(count, 1))
    }

    @usableFromInline
    convenience init(repeating value: Scalar, count: Int) {
        self.init(uninitializedCount: count)
        fillElements(pointer, value, count)
    }

    @usableFromInline
    func copy() -> TensorStorage {
        let s = TensorStorage(uninitializedCount: count)
        copyElements(s.pointer, pointer, count)
        return s
    }

    deinit { BufferPool.release(UnsafeMutableRawPointer(pointer), byteCount: max(count, 1) * MemoryLayout<Scalar>.stride) }
}

/// A cache of large tensor buffers, so that the same sizes allocated step after step in
/// training reuse memory instead of mapping fresh pages (page faults and zeroing by the
/// kernel cost more than the arithmetic for large Taylor stacks). Buffers of at least
/// `minimumBytes` are kept by exact size, at most `capacityBytes` in all (a quarter of the
/// machine's memory, 1 to 8 GiB: a step of a deep-sets network at d = 10,000 frees several
/// GiB of stacks, which a 1 GiB pool sent back to the kernel every step); smaller ones go
/// straight to the system allocator.
public enum BufferPool {
    public static let minimumBytes = 1 << 16
    public static let capacityBytes: Int = {
        var physical = 4 << 30
        #if canImport(Glibc)
        let pages = sysconf(Int32(_SC_PHYS_PAGES)), size = sysconf(Int32(_SC_PAGESIZE))
        if pages > 0 && size > 0 { physical = pages * size }
        #endif
        return Swift.min(8 << 30, Swift.max(1 << 30, physical / 4))
    }()
    private struct State { var free: [Int: [UInt]] = [:]; var cached = 0 }
    private static let state = Mutex(State())
    static let misses = Atomic<Int>(0)
    /// Large allocations the pool could not serve (a diagnostic).
    public static var missCount: Int { misses.load(ordering: .relaxed) }

    static func allocate(byteCount: Int) -> UnsafeMutableRawPointer {
        if byteCount >= minimumBytes,
           let address = state.withLock({ s -> UInt? in
               guard let a = s.free[byteCount]?.popLast() else { return nil }
               s.cached -= byteCount
               return a
           }) {
            return UnsafeMutableRawPointer(bitPattern: address)!
        }
        if byteCount >= minimumBytes { misses.add(1, ordering: .relaxed) }
        return UnsafeMutableRawPointer.allocate(byteCount: byteCount, alignment: 64)
    }

    static func release(_ p: UnsafeMutableRawPointer, byteCount: Int) {
        if byteCount >= minimumBytes {
            let kept = state.withLock { s -> Bool in
                guard s.cached + byteCount <= capacityBytes else { return false }
                s.free[byteCount, default: []].append(UInt(bitPattern: p))
                s.cached += byteCount
                return true
            }
            if kept { return }
        }
        p.deallocate()
    }

    /// Returns every cached buffer to the system.
    public static func purge() {
        let all = state.withLock { s -> [UInt] in
            defer { s = State() }
            return s.free.values.flatMap { $0 }
        }
        for a in all { UnsafeMutableRawPointer(bitPattern: a)!.deallocate() }
    }

    /// Bytes currently cached.
    public static var cachedBytes: Int { state.withLock { $0.cached } }
}

/// Copies `count` scalars with memmove. (The generic `update(from:count:)` copies element
/// by element through the type's value witnesses when not specialised.)
@inlinable @inline(__always)
public func copyElements<S: TensorScalar>(_ dst: UnsafeMutablePointer<S>, _ src: UnsafePointer<S>, _ count: Int) {
    if count > 0 { UnsafeMutableRawPointer(dst).copyMemory(from: src, byteCount: count * MemoryLayout<S>.stride) }
}

/// Sets `count` scalars to `value` (memset for zero).
@_specialize(where S == Float) @_specialize(where S == Double)
public func fillElements<S: TensorScalar>(_ dst: UnsafeMutablePointer<S>, _ value: S, _ count: Int) {
    if value == 0 && value.sign == .plus {
        UnsafeMutableRawPointer(dst).initializeMemory(as: UInt8.self, repeating: 0, count: count * MemoryLayout<S>.stride)
    } else {
        for i in 0..<count { dst[i] = value }
    }
}
