#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Autodiff
import Synchronization

/// A flag the Trainer checks once per step; when it is raised the Trainer writes a
/// checkpoint and returns `.interrupted`.
///
/// `InterruptFlag.process` is the one SIGINT and SIGTERM raise once
/// `installSignalHandlers()` has run (the handler stores to atomics, which is
/// async-signal-safe, and otherwise ends the process through `SignalExit`). Tests and
/// embedding code can make their own flag and `raise()` it.
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
    /// terminating. A second signal while the flag is already raised ends the process at once
    /// through `SignalExit.terminate` (temporary files removed, a message, exit status 1), so a
    /// hung run can still be stopped; so does the first one while `stopsAtOnce` is set. `flag`
    /// must outlive the handlers (`removeSignalHandlers()`). Tests route the signals to a flag
    /// of their own, so that other trainers running in the same process, which watch
    /// `.process`, do not stop too. While a handler runs, both signals are blocked on its thread.
    public static func installSignalHandlers(raising flag: InterruptFlag = .process) {
        _ = flag.isRaised  // initialise the flag outside the handler
        _ = stopsAtOnceState.load(ordering: .relaxed)
        SignalExit.prepare()
        signalTarget.store(UInt(bitPattern: Unmanaged.passUnretained(flag).toOpaque()), ordering: .releasing)
        for s in [SIGINT, SIGTERM] { setDisposition(s, handleSignal) }
    }

    /// Restores the default dispositions of SIGINT and SIGTERM.
    public static func removeSignalHandlers() {
        for s in [SIGINT, SIGTERM] { setDisposition(s, nil) }
        signalTarget.store(0, ordering: .releasing)
    }

    /// When set, the first signal also ends the process at once (after raising the flag):
    /// for the stretches where nothing checks the flag (start-up, set-up, computing a
    /// reference, writing files). `pinn-solve` sets it from the start and clears it while a
    /// run trains, so that the Trainer can stop at a step and write its checkpoint.
    public static var stopsAtOnce: Bool {
        get { stopsAtOnceState.load(ordering: .acquiring) }
        set { stopsAtOnceState.store(newValue, ordering: .releasing) }
    }
}

/// The flag the signal handler raises, as an unretained object address (0: `.process`).
private let signalTarget = Atomic<UInt>(0)
private let stopsAtOnceState = Atomic<Bool>(false)

private func handleSignal(_ s: Int32) {
    let address = signalTarget.load(ordering: .acquiring)
    let flag = address == 0 ? InterruptFlag.process
        : Unmanaged<InterruptFlag>.fromOpaque(UnsafeRawPointer(bitPattern: address)!).takeUnretainedValue()
    let again = flag.isRaised
    if !again { flag.raise(signal: s) }
    if again || stopsAtOnceState.load(ordering: .acquiring) { SignalExit.terminate(signal: s) }
}

/// Installs `handler` (nil: the default action) with both stop signals blocked while it runs
/// and interrupted system calls restarted.
private func setDisposition(_ s: Int32, _ handler: (@convention(c) (Int32) -> Void)?) {
    var action = sigaction()
    #if canImport(Glibc)
    action.__sigaction_handler.sa_handler = handler ?? SIG_DFL
    #else
    action.__sigaction_u.__sa_handler = handler ?? SIG_DFL
    #endif
    sigemptyset(&action.sa_mask)
    sigaddset(&action.sa_mask, SIGINT)
    sigaddset(&action.sa_mask, SIGTERM)
    action.sa_flags = SA_RESTART
    sigaction(s, &action, nil)
}
