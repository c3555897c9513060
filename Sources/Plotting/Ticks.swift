import Foundation

/// How an axis maps data to position.
public enum AxisScale: Sendable, Hashable {
    case linear
    /// Base-10 logarithmic; only positive values can be shown.
    case log
}

/// A tick: its data value and its label (`exponent` non-nil draws `mantissa` with a
/// superscript, e.g. 10 with exponent -3 for 10⁻³).
public struct Tick: Sendable, Hashable {
    public var value: Double
    public var mantissa: String
    public var exponent: String?
}

/// Tick placement: "nice" numbers 1, 2, 5 x 10^k on linear axes, decades on log axes
/// (P. S. Heckbert, "Nice numbers for graph labels", Graphics Gems, 1990).
public enum Ticks {
    /// The nice step for about `target` intervals over a span.
    static func niceStep(span: Double, target: Int) -> Double {
        let raw = span / Double(max(target, 1))
        let decade = pow(10, floor(log10(raw)))
        let f = raw / decade
        let nice: Double = f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10
        return nice * decade
    }

    /// Ticks inside [lo, hi] at multiples of a nice step, about `target` intervals.
    public static func linear(_ lo: Double, _ hi: Double, target: Int = 5) -> [Tick] {
        guard lo.isFinite && hi.isFinite && hi > lo, (hi - lo).isFinite else { return [] }
        let step = niceStep(span: hi - lo, target: target)
        guard step.isFinite && step > 0 else { return [] }
        let first = (lo / step).rounded(.up), last = (hi / step).rounded(.down)
        guard last >= first && last - first <= 1_000 else { return [] }
        let digits = max(0, -Int(floor(log10(step) + 1e-9)) + (step / pow(10, floor(log10(step) + 1e-9)) == 2.5 ? 1 : 0))
        let big = max(abs(lo), abs(hi))
        return stride(from: first, through: last, by: 1).map { k in
            let v = k * step
            let value = abs(v) < step * 1e-9 ? 0 : v
            return Tick(value: value, mantissa: format(value, digits: digits, magnitude: big), exponent: nil)
        }
    }

    /// Ticks on a log axis over [lo, hi] (both > 0): every decade, or every n-th when there are
    /// many; within less than two decades, the 1, 2, 5 multiples as well.
    public static func log(_ lo: Double, _ hi: Double, target: Int = 8) -> [Tick] {
        guard lo > 0 && hi > lo && lo.isFinite && hi.isFinite else { return [] }
        let a = Int(floor(log10(lo) + 1e-9)), b = Int(ceil(log10(hi) - 1e-9))
        if b - a <= 2 {
            var ticks: [Tick] = []
            for e in a...b {
                for m in [1.0, 2, 5] {
                    let v = m * pow(10, Double(e))
                    guard v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9) else { continue }
                    ticks.append(Tick(value: v, mantissa: format(v, digits: max(0, -e), magnitude: v), exponent: nil))
                }
            }
            if ticks.count >= 2 { return ticks }
        }
        let every = max(1, Int((Double(b - a) / Double(target)).rounded(.up)))
        let start = Int((Double(a) / Double(every)).rounded(.up)) * every
        return stride(from: start, through: b, by: every).compactMap { e in
            let v = pow(10, Double(e))
            guard v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9) else { return nil }
            return Tick(value: v, mantissa: "10", exponent: "\(e)")
        }
    }

    /// A number with `digits` decimals, or in scientific notation when it is very large or
    /// very small compared with the axis (`magnitude`).
    static func format(_ v: Double, digits: Int, magnitude: Double) -> String {
        if v == 0 { return "0" }
        if magnitude >= 1e5 || magnitude < 1e-3 || digits > 5 {
            return String(format: "%.3g", v).replacingOccurrences(of: "e-0", with: "e-")
                .replacingOccurrences(of: "e+0", with: "e").replacingOccurrences(of: "e+", with: "e")
        }
        return String(format: "%.\(digits)f", v)
    }

    /// A short label for a single number (colour-bar ends, annotations).
    public static func label(_ v: Double) -> String {
        guard v.isFinite else { return "\(v)" }
        return String(format: "%.3g", v).replacingOccurrences(of: "e-0", with: "e-")
            .replacingOccurrences(of: "e+0", with: "e").replacingOccurrences(of: "e+", with: "e")
    }
}
