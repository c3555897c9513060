#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Autodiff

/// How the Trainer shows progress on standard error.
public enum ProgressMode: Sendable, Equatable {
    /// `.live` on a terminal, `.log(every: 100)` otherwise.
    case automatic
    /// One line rewritten in place (carriage return), at most ~10 times a second.
    case live
    /// A plain line every `every` steps (for files and CI logs).
    case log(every: Int)
    case silent

    /// `.automatic` resolved against whether standard error is a terminal.
    public var resolved: ProgressMode {
        guard self == .automatic else { return self }
        return isatty(2) != 0 ? .live : .log(every: 100)
    }
}

/// Formats and prints progress lines: step, loss, terms, error, steps per second, ETA.
///
/// The error is measured only every `evaluateEvery` steps, which rarely coincide with the
/// printed steps, so a line shows the latest measurement and the step it was taken at
/// ("error 3.1e-3 @2500").
final class ProgressReporter {
    let mode: ProgressMode
    private var lastPrint: Double = -1
    private var liveShown = false
    /// The latest measured error and its (1-based) step.
    private(set) var lastError: (value: Double, step: Int)?

    init(_ mode: ProgressMode) { self.mode = mode.resolved }

    static func format(_ v: Double) -> String {
        guard v.isFinite else { return "\(v)" }
        if v == 0 { return "0" }
        let exponent = Int(log10(Swift.abs(v)).rounded(.down))
        let mantissa = v / pow(10, Double(exponent))
        let m = (mantissa * 100).rounded() / 100
        return "\(m)e\(exponent)"
    }

    static func duration(_ s: Double) -> String {
        guard s.isFinite, s >= 0 else { return "?" }
        let t = Int(s.rounded())
        return t >= 3600 ? "\(t / 3600)h\((t % 3600) / 60)m" : t >= 60 ? "\(t / 60)m\(t % 60)s" : "\(t)s"
    }

    func line<S: TensorScalar>(phase: String, row: TrainingRecord<S>, termNames: [String], rate: Double,
                               eta: Double?) -> String {
        var s = "[\(phase)] step \(row.step + 1) loss \(Self.format(Double(row.loss)))"
        for (n, v) in zip(termNames, row.terms) { s += " \(n) \(Self.format(Double(v)))" }
        if let e = row.error {
            s += " error \(Self.format(Double(e)))"
        } else if let e = lastError {
            s += " error \(Self.format(e.value)) @\(e.step)"
        }
        s += " \(Self.format(rate)) steps/s"
        if let eta { s += " ETA \(Self.duration(eta))" }
        return s
    }

    func report<S: TensorScalar>(phase: String, row: TrainingRecord<S>, termNames: [String], rate: Double,
                                 eta: Double?, now: Double) {
        if let e = row.error { lastError = (Double(e), row.step + 1) }
        switch mode {
        case .silent, .automatic:
            return
        case .log(let every):
            guard (row.step + 1) % Swift.max(every, 1) == 0 else { return }
            emit(line(phase: phase, row: row, termNames: termNames, rate: rate, eta: eta) + "\n")
        case .live:
            guard now - lastPrint >= 0.1 else { return }
            lastPrint = now
            liveShown = true
            emit("\r\u{1B}[2K" + line(phase: phase, row: row, termNames: termNames, rate: rate, eta: eta))
        }
    }

    /// Ends the live line and prints a final message.
    func finish(_ message: String) {
        guard mode != .silent else { return }
        if liveShown { emit("\n") }
        emit(message + "\n")
    }

    /// Set when standard error is a closed pipe (SIGPIPE is ignored): nothing more is printed.
    private var closed = false

    private func emit(_ s: String) {
        guard !closed else { return }
        var t = s
        t.withUTF8 { buf in
            if write(2, buf.baseAddress, buf.count) < 0 && errno == EPIPE { closed = true }
        }
    }
}
