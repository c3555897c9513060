/// Levenshtein distance between two strings (over characters).
public func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count), current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        swap(&previous, &current)
    }
    return previous[b.count]
}

/// The "did you mean" candidate for a misspelt `name`: among the names that contain it (or
/// that it contains, ignoring case; only for names of three or more characters) if there are
/// any, else among all, the one at the least edit distance. Nil when no name contains it and
/// that distance exceeds `within` (default: 2, or a third of the name's length if larger), or
/// when `name` is too long to be a misspelling (over 100 characters). `within: .max` always
/// suggests.
public func closestName(to name: String, among names: [String], within: Int? = nil) -> String? {
    guard !names.isEmpty, name.count <= 100 else { return nil }
    let needle = name.lowercased()
    let containing = needle.count < 3 ? [] : names.filter { $0.lowercased().contains(needle) || needle.contains($0.lowercased()) }
    let pool = containing.isEmpty ? names : containing
    let scored = pool.map { ($0, editDistance($0.lowercased(), needle)) }
    let best = scored.min { $0.1 < $1.1 }!
    let limit = within ?? max(2, name.count / 3)
    return containing.isEmpty && best.1 > limit ? nil : best.0
}
