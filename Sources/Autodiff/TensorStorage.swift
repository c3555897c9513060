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
        precondition(count >= 0, "TensorStorage: negative element count \(count)")
        self.count = count
        let raw = UnsafeMutableRawPointer.allocate(byteCount: max(count, 1) * MemoryLayout<Scalar>.stride,
                                                   alignment: 64)
        pointer = raw.bindMemory(to: Scalar.self, capacity: max(count, 1))
    }

    @usableFromInline
    convenience init(repeating value: Scalar, count: Int) {
        self.init(uninitializedCount: count)
        pointer.initialize(repeating: value, count: count)
    }

    @usableFromInline
    func copy() -> TensorStorage {
        let s = TensorStorage(uninitializedCount: count)
        s.pointer.update(from: pointer, count: count)
        return s
    }

    deinit { UnsafeMutableRawPointer(pointer).deallocate() }
}
