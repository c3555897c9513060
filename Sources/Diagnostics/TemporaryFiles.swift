#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Every temporary file of the process that is on disk now, so that a signal that ends the
/// process at once can remove them (`removeAll`) and leave no hidden `.tmp` file behind.
///
/// Atomic writes (`AtomicFile`, NetCDF files, the probe of `checkWritable`) register a
/// temporary name before they create the file and unregister it after the rename or unlink.
/// The registry is a fixed table allocated once: `removeAll` only loads atomics and calls
/// `unlink`, both async-signal-safe, so a signal handler may call it (after `prepare()`, which
/// allocates the table outside the handler). A slot is free (0), being changed by its owner
/// (1), registered (2) or claimed by `removeAll` (3); a path is written only in state 1, so
/// `removeAll` never reads a path being written.
public enum TemporaryFiles {
    /// How many temporary files may be registered at once (a run has a few: a checkpoint, a
    /// result file, a summary). A path registered beyond this is simply not tracked.
    public static let capacity = 64
    /// The longest path tracked, with its NUL (PATH_MAX: `open` refuses longer paths anyway).
    public static let maximumPathBytes = 4096

    /// Allocates the table; call before installing a signal handler that calls `removeAll`.
    public static func prepare() { _ = table }

    /// Records `path` as a temporary file about to be created. Returns false when it is not
    /// tracked (the table is full or the path too long).
    @discardableResult
    public static func register(_ path: String) -> Bool {
        let bytes = Array(path.utf8)
        guard bytes.count < maximumPathBytes, !bytes.contains(0) else { return false }
        for i in 0..<capacity where table.states[i].compareExchange(expected: 0, desired: 1, ordering: .acquiring).exchanged {
            let p = table.path(i)
            bytes.withUnsafeBufferPointer { b in
                for (j, c) in b.enumerated() { p[j] = CChar(bitPattern: c) }
            }
            p[bytes.count] = 0
            table.states[i].store(2, ordering: .releasing)
            return true
        }
        return false
    }

    /// Forgets `path` once it has been renamed into place or removed.
    public static func unregister(_ path: String) {
        path.withCString { c in
            for i in 0..<capacity where table.states[i].load(ordering: .acquiring) == 2 && strcmp(table.path(i), c) == 0 {
                // Only the owner unregisters its path, so the slot still holds it; if `removeAll`
                // claimed it meanwhile, the process is ending and it removes the file.
                if table.states[i].compareExchange(expected: 2, desired: 1, ordering: .acquiring).exchanged {
                    table.states[i].store(0, ordering: .releasing)
                }
                return
            }
        }
    }

    /// The paths registered now (for tests and messages).
    public static var registered: [String] {
        (0..<capacity).compactMap { i in
            table.states[i].load(ordering: .acquiring) == 2 ? String(cString: table.path(i)) : nil
        }
    }

    /// Unlinks every registered file and forgets it. Async-signal-safe after `prepare()`.
    public static func removeAll() {
        for i in 0..<capacity where table.states[i].compareExchange(expected: 2, desired: 3, ordering: .acquiring).exchanged {
            unlink(table.path(i))
            table.states[i].store(0, ordering: .releasing)
        }
    }
}

/// The table behind `TemporaryFiles`: slot states and one path buffer per slot, never freed.
private final class TemporaryFileTable: Sendable {
    nonisolated(unsafe) let states: UnsafeMutablePointer<Atomic<Int>>
    nonisolated(unsafe) let paths: UnsafeMutablePointer<CChar>

    init() {
        states = .allocate(capacity: TemporaryFiles.capacity)
        for i in 0..<TemporaryFiles.capacity { (states + i).initialize(to: Atomic(0)) }
        paths = .allocate(capacity: TemporaryFiles.capacity * TemporaryFiles.maximumPathBytes)
        paths.initialize(repeating: 0, count: TemporaryFiles.capacity * TemporaryFiles.maximumPathBytes)
    }

    func path(_ i: Int) -> UnsafeMutablePointer<CChar> { paths + i * TemporaryFiles.maximumPathBytes }
}

private let table = TemporaryFileTable()
