#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Every temporary file of the process that is on disk now, so that a signal that ends the
/// process at once can remove them (`removeAll`) and leave no hidden `.tmp` file behind.
///
/// Atomic writes (`AtomicFile`, NetCDF files, PNGs, the probe of `checkWritable`) register a
/// temporary name before they create the file and unregister it after the rename or unlink.
/// `TemporaryFiles` is the process's registry; tests make registries of their own.
public enum TemporaryFiles {
    /// The registry the atomic writers use and a signal handler empties.
    public static let process = TemporaryFileRegistry()

    /// Allocates the table; call before installing a signal handler that calls `removeAll`.
    public static func prepare() { _ = process }

    /// Records `path` as a temporary file about to be created (see `TemporaryFileRegistry`).
    @discardableResult
    public static func register(_ path: String) -> Bool { process.register(path) }

    /// Forgets `path` once it has been renamed into place or removed.
    public static func unregister(_ path: String) { process.unregister(path) }

    /// The paths registered now (for tests and messages).
    public static var registered: [String] { process.registered }

    /// Unlinks every registered file and forgets it. Async-signal-safe after `prepare()`.
    public static func removeAll() { process.removeAll() }
}

/// A fixed table of temporary paths, allocated once: `removeAll` only loads atomics and calls
/// `unlink`, both async-signal-safe, so a signal handler may call it. A slot is free (0),
/// being changed by its owner (1), registered (2) or claimed by `removeAll` (3); a path is
/// written only in state 1, so `removeAll` never reads a path being written.
public final class TemporaryFileRegistry: Sendable {
    /// How many paths may be registered at once (a run has a few: a checkpoint, a result
    /// file, a summary). A path registered beyond this is simply not tracked.
    public let capacity: Int
    /// The longest path tracked, with its NUL (PATH_MAX: `open` refuses longer paths anyway).
    public static let maximumPathBytes = 4096

    nonisolated(unsafe) private let states: UnsafeMutablePointer<Atomic<Int>>
    nonisolated(unsafe) private let paths: UnsafeMutablePointer<CChar>

    public init(capacity: Int = 64) {
        self.capacity = capacity
        states = .allocate(capacity: capacity)
        for i in 0..<capacity { (states + i).initialize(to: Atomic(0)) }
        paths = .allocate(capacity: capacity * Self.maximumPathBytes)
        paths.initialize(repeating: 0, count: capacity * Self.maximumPathBytes)
    }

    deinit {
        states.deinitialize(count: capacity)
        states.deallocate()
        paths.deallocate()
    }

    private func path(_ i: Int) -> UnsafeMutablePointer<CChar> { paths + i * Self.maximumPathBytes }

    /// Records `path` as a temporary file about to be created. Returns false when it is not
    /// tracked (the table is full or the path too long).
    @discardableResult
    public func register(_ path: String) -> Bool {
        let bytes = Array(path.utf8)
        guard bytes.count < Self.maximumPathBytes, !bytes.contains(0) else { return false }
        for i in 0..<capacity where states[i].compareExchange(expected: 0, desired: 1, ordering: .acquiring).exchanged {
            let p = self.path(i)
            for (j, c) in bytes.enumerated() { p[j] = CChar(bitPattern: c) }
            p[bytes.count] = 0
            states[i].store(2, ordering: .releasing)
            return true
        }
        return false
    }

    /// Forgets `path` once it has been renamed into place or removed.
    public func unregister(_ path: String) {
        path.withCString { c in
            for i in 0..<capacity where states[i].load(ordering: .acquiring) == 2 && strcmp(self.path(i), c) == 0 {
                // Only the owner unregisters its path, so the slot still holds it; if `removeAll`
                // claimed it meanwhile, the process is ending and it removes the file.
                if states[i].compareExchange(expected: 2, desired: 1, ordering: .acquiring).exchanged {
                    states[i].store(0, ordering: .releasing)
                }
                return
            }
        }
    }

    /// The paths registered now.
    public var registered: [String] {
        (0..<capacity).compactMap { i in states[i].load(ordering: .acquiring) == 2 ? String(cString: path(i)) : nil }
    }

    /// Unlinks every registered file and forgets it. Async-signal-safe.
    public func removeAll() {
        for i in 0..<capacity where states[i].compareExchange(expected: 2, desired: 3, ordering: .acquiring).exchanged {
            unlink(path(i))
            states[i].store(0, ordering: .releasing)
        }
    }
}
