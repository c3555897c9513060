import Foundation

/// The Sobol direction numbers of Joe & Kuo (2008), table new-joe-kuo-6.21201, read once
/// from the bundled resource `new-joe-kuo-6.21201.txt` (its header says where it came from).
///
/// Dimension 1 is the van der Corput sequence (m_k = 1). Dimension j >= 2 has a primitive
/// polynomial x^s + a_1 x^(s-1) + ... + a_(s-1) x + 1 and initial odd integers
/// m_1 ... m_s; later ones follow the recurrence (Bratley & Fox 1988, Joe & Kuo 2008)
///
///     m_k = 2 a_1 m_(k-1) xor 4 a_2 m_(k-2) xor ... xor 2^(s-1) a_(s-1) m_(k-s+1)
///           xor 2^s m_(k-s) xor m_(k-s),
///
/// and the direction numbers are V_k = m_k 2^(32-k), k = 1 ... 32.
struct SobolDirectionTable: Sendable {
    /// Per dimension 2, 3, ...: degree s, coefficient bits a, and the offset of its m_k in `m`.
    let degree: [Int]
    let coefficients: [UInt32]
    let offsets: [Int]
    let m: [UInt32]

    /// The number of dimensions the table supports (dimension 1 included).
    var maximumDimension: Int { degree.count + 1 }

    static let bits = 32

    /// The table, parsed on first use.
    static let shared: Result<SobolDirectionTable, SamplingError> = load()

    static func load() -> Result<SobolDirectionTable, SamplingError> {
        guard let url = Bundle.module.url(forResource: "new-joe-kuo-6.21201", withExtension: "txt",
                                          subdirectory: "Resources")
            ?? Bundle.module.url(forResource: "new-joe-kuo-6.21201", withExtension: "txt") else {
            return .failure(.resource("new-joe-kuo-6.21201.txt is missing from the Sampling bundle"))
        }
        guard let data = try? Data(contentsOf: url) else {
            return .failure(.resource("cannot read \(url.path)"))
        }
        return parse(Array(data))
    }

    /// Parses lines `d s a m_1 ... m_s`; lines starting with '#' or a letter are skipped.
    static func parse(_ bytes: [UInt8]) -> Result<SobolDirectionTable, SamplingError> {
        var degree: [Int] = [], coefficients: [UInt32] = [], offsets: [Int] = [], m: [UInt32] = []
        var fields: [Int] = []
        var i = 0, line = 0
        let n = bytes.count
        while i < n {
            line += 1
            var j = i
            while j < n && bytes[j] != 10 { j += 1 }
            if j > i, bytes[i] >= 48 && bytes[i] <= 57 {
                fields.removeAll(keepingCapacity: true)
                var value = 0, inNumber = false
                for k in i..<j {
                    let c = bytes[k]
                    if c >= 48 && c <= 57 {
                        value = value * 10 + Int(c - 48)
                        inNumber = true
                    } else if inNumber {
                        fields.append(value)
                        value = 0
                        inNumber = false
                    }
                }
                if inNumber { fields.append(value) }
                let expectedDimension = degree.count + 2
                guard fields.count >= 3, fields[0] == expectedDimension, fields[1] >= 1,
                      fields.count == 3 + fields[1] else {
                    return .failure(.resource("new-joe-kuo-6.21201.txt line \(line): expected `\(expectedDimension) s a m_1 ... m_s`"))
                }
                degree.append(fields[1])
                coefficients.append(UInt32(fields[2]))
                offsets.append(m.count)
                m.append(contentsOf: fields[3...].map { UInt32($0) })
            }
            i = j + 1
        }
        return .success(SobolDirectionTable(degree: degree, coefficients: coefficients, offsets: offsets, m: m))
    }

    /// Direction numbers V_1 ... V_32 of dimensions 1 ... `dimension`, flat [dimension * 32]
    /// (dimension-major).
    func directions(dimension: Int) -> [UInt32] {
        let b = SobolDirectionTable.bits
        var v = [UInt32](repeating: 0, count: dimension * b)
        var mk = [UInt32](repeating: 0, count: b)
        for j in 0..<dimension {
            if j == 0 {
                for k in 0..<b { mk[k] = 1 }
            } else {
                let s = degree[j - 1], a = coefficients[j - 1], o = offsets[j - 1]
                for k in 0..<Swift.min(s, b) { mk[k] = m[o + k] }
                if s < b {
                    for k in s..<b {
                        // m_k = 2^s m_(k-s) xor m_(k-s) xor sum_l 2^l a_l m_(k-l).
                        var x = (mk[k - s] << UInt32(s)) ^ mk[k - s]
                        for l in 1..<s where (a >> UInt32(s - 1 - l)) & 1 == 1 {
                            x ^= mk[k - l] << UInt32(l)
                        }
                        mk[k] = x
                    }
                }
            }
            for k in 0..<b { v[j * b + k] = mk[k] << UInt32(b - 1 - k) }
        }
        return v
    }
}
