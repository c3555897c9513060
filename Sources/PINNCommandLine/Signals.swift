import Foundation
import PINN

/// How pinn-solve meets SIGINT, SIGTERM and SIGPIPE (Docs/cli.md, "Exit codes"):
///
/// - SIGINT and SIGTERM always end the process with exit code 1 and a message starting
///   `Error: interrupted by SIG...`. While a run trains, the first one raises
///   `InterruptFlag.process`: the Trainer stops at the end of its step, writes the checkpoint,
///   and the run writes its result file and summary (status "interrupted") as usual. Anywhere
///   else (start-up, set-up, computing a reference, `evaluate`, `reference`, `plot`) nothing
///   checks the flag, so the signal ends the process at once (`SignalExit`): temporary files
///   removed, the summary prepared in advance written, the message printed. A second signal
///   always ends it at once.
/// - SIGPIPE is ignored: a closed standard output (`pinn-solve run ... | head -1`) makes the
///   writes to it fail, which `print` ignores, and the run finishes and writes its files.
enum ProcessSignals {
    /// First thing in `main`, before the BLAS re-execution: ignores SIGPIPE, installs the
    /// handlers (the first signal ends the process at once), and blocks SIGINT and SIGTERM so
    /// that one arriving while the process re-executes itself stays pending (a blocked mask
    /// and pending signals survive `execv`) instead of killing it with the handlers reset.
    static func install() {
        signal(SIGPIPE, SIG_IGN)
        setBlocked(true)
        InterruptFlag.installSignalHandlers()
        InterruptFlag.stopsAtOnce = true
        SignalExit.explain(" during start-up; nothing was written")
    }

    /// After the re-execution check: unblocks the signals (a pending one is handled now). A
    /// parent that started the process with them blocked (some test runners and process
    /// supervisors do) would otherwise make it impossible to interrupt.
    static func open() { setBlocked(false) }

    /// What a signal that ends the process at once leaves: the message's tail (what the process
    /// was doing and what is kept) and the summary to write (nil: none).
    static func whenStopped(_ explanation: String, summary: RunSummary? = nil, at path: String? = nil) {
        SignalExit.explain(explanation)
        SignalExit.prepareFile((try? summary?.encoded()).map { [UInt8]($0) }, at: path)
    }

    /// Training: from here the first signal only raises the flag, which the Trainer checks
    /// each step; a second one ends the process at once. The run keeps this until it ends, so
    /// a signal during its final writes lets them finish (and the run exits with 1).
    static func deferToTrainer() {
        whenStopped(stoppingExplanation)
        InterruptFlag.stopsAtOnce = false
    }

    static let stoppingExplanation = " a second time, while the run was stopping; the files being written were removed, those written before are complete"

    /// The signal that raised the process flag, by name.
    static var signalName: String {
        switch InterruptFlag.process.signal {
        case SIGINT: return "SIGINT"
        case SIGTERM: return "SIGTERM"
        default: return "a signal"
        }
    }

    private static func setBlocked(_ blocked: Bool) {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        pthread_sigmask(blocked ? SIG_BLOCK : SIG_UNBLOCK, &set, nil)
    }
}
