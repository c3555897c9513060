#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// A flag the Trainer checks once per step; when it is raised the Trainer writes a
/// checkpoint and returns `.interrupted`.
///
/// `InterruptFlag.process` is the one SIGINT and SIGTERM raise once
/// `installSignalHandlers()` has run (the handler only stores to an atomic, which is
/// async-signal-safe). Tests and embedding code can make their own flag and `raise()` it.
public final class InterruptFlag: Sendable {
    private let raised = Atomic<Bool>(false)
    private let signalNumber = Atomic<Int32>(0)

    public init() {}

    /// The process-wide flag set by SIGINT/SIGTERM.
    public static let process = InterruptFlag()

    public var isRaised: Bool { raised.load(ordering: .acquiring) }
    /// The signal that raised the flag (0 when raised by `raise()` or not raised).
    public var signal: Int32 { signalNumber.load(ordering: .relaxed) }

    public func raise(signal: Int32 = 0) {
        signalNumber.store(signal, ordering: .relaxed)
        raised.store(true, ordering: .releasing)
    }

    public func reset() {
        signalNumber.store(0, ordering: .relaxed)
        raised.store(false, ordering: .releasing)
    }

    /// Routes SIGINT and SIGTERM to `flag` (`InterruptFlag.process` by default) instead of
    /// terminating. A second signal while the flag is already raised terminates at once
    /// (exit status 128 + signal), so a hung run can still be stopped. `flag` must outlive
    /// the handlers (`removeSignalHandlers()`). Tests route the signals to a flag of their
    /// own, so that other trainers running in the same process, which watch `.process`, do
    /// not stop too.
    public static func installSignalHandlers(raising flag: InterruptFlag = .process) {
        _ = flag.isRaised  // initialise the flag outside the handler
        signalTarget.store(UInt(bitPattern: Unmanaged.passUnretained(flag).toOpaque()), ordering: .releasing)
        for s in [SIGINT, SIGTERM] { setDisposition(s, handleSignal) }
    }

    /// Restores the default dispositions of SIGINT and SIGTERM.
    public static func removeSignalHandlers() {
        for s in [SIGINT, SIGTERM] { setDisposition(s, SIG_DFL) }
        signalTarget.store(0, ordering: .releasing)
    }
}

/// The flag the signal handler raises, as an unretained object address (0: `.process`).
private let signalTarget = Atomic<UInt>(0)

private func handleSignal(_ s: Int32) {
    let address = signalTarget.load(ordering: .acquiring)
    let flag = address == 0 ? InterruptFlag.process
        : Unmanaged<InterruptFlag>.fromOpaque(UnsafeRawPointer(bitPattern: address)!).takeUnretainedValue()
    if flag.isRaised { _exit(128 + s) }
    flag.raise(signal: s)
}

private func setDisposition(_ s: Int32, _ handler: (@convention(c) (Int32) -> Void)?) {
    _ = signal(s, handler)
}
