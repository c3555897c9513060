import Foundation
import Testing

/// Damaged result files: a real one (a 20-step poisson-1d run's --output) flipped, truncated,
/// enlarged and with its dimension lengths rewritten, thousands of times with a fixed seed.
///
/// libhdf5 1.10 segfaults inside `nc_open` or a read on a few percent of such files, so the
/// reader cannot be fuzzed in the test process itself. It is fuzzed through the binary's
/// hidden `__probe-netcdf PATH...`, which is the reader `plot` uses (`ResultPlotter.readAll`)
/// in a process of its own: every file must give `ok` or a clean error, or crash the process
/// with the signal of a C library fault (SIGSEGV, SIGBUS, SIGABRT, SIGFPE), which `plot` turns
/// into a clean error; a Swift trap (SIGILL, SIGTRAP) or a hang is a failure. Then `plot`
/// itself runs on 120 of the files, crashing ones included: exit 0, or exit 1 with
/// `Error:`, never a signal, and no file left beside the input.
@Suite struct ResultFileFuzzTests {
    /// The result file of a 20-step poisson-1d run, written once.
    static let realResult: Result<Data, CLI.BinaryError> = {
        do {
            let dir = try CLI.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: dir) }
            let r = try CLI.run(["run", "poisson-1d", "--steps", "20", "--threads", "1", "--quiet", "--output", "r.nc"], in: dir)
            guard r.status == 0 else { return .failure(CLI.BinaryError(description: "the result run failed: \(r.stderr)")) }
            return .success(try Data(contentsOf: dir.appendingPathComponent("r.nc")))
        } catch { return .failure(CLI.BinaryError(description: "\(error)")) }
    }()

    /// SplitMix64: a fixed, platform-independent sequence for the mutations.
    struct Mix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Mutation `index` of `bytes` (deterministic in the index): byte flips, a truncation, an
    /// enlargement, or a dimension length (1001 points, 20 steps, as 4- or 8-byte little-endian
    /// integers wherever they occur) rewritten to 0, 1, a large or a negative value.
    static func mutation(_ index: Int, of bytes: [UInt8]) -> [UInt8] {
        var rng = Mix(state: 0x5EED_0000 &+ UInt64(index))
        var b = bytes
        switch index % 8 {
        case 0, 1, 2:
            for _ in 0..<[1, 1, 2, 4, 16][Int.random(in: 0..<5, using: &rng)] {
                b[Int.random(in: 0..<b.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
            }
        case 3:
            b[Int.random(in: 0..<b.count, using: &rng)] ^= 1 << UInt8.random(in: 0..<8, using: &rng)
        case 4:
            b.removeLast(Int.random(in: 1..<b.count, using: &rng))
        case 5:
            let extra = Int.random(in: 1...4096, using: &rng)
            if Bool.random(using: &rng) { b += [UInt8](repeating: 0, count: extra) } else {
                b += (0..<extra).map { _ in UInt8.random(in: 0...255, using: &rng) }
            }
        default:
            let length = [UInt64(1001), 20].randomElement(using: &rng)!
            let width = Bool.random(using: &rng) ? 8 : 4
            let pattern = (0..<width).map { UInt8(truncatingIfNeeded: length >> (8 * UInt64($0))) }
            let places = (0...(b.count - width)).filter { Array(b[$0..<($0 + width)]) == pattern }
            guard let at = places.randomElement(using: &rng) else { return b }
            let value = [0, 1, 2, 1 << 31, UInt64.max, UInt64(Int64.max), length + 1, length * 1000].randomElement(using: &rng)!
            for k in 0..<width { b[at + k] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(k))) }
        }
        return b
    }

    /// How the probe ended on one file: read, a clean error, a crash (the signal), or still
    /// reading after `hangAfter` seconds (the library loops on some damaged files: `plot` stops
    /// its reader after `ResultFileProbe.timeout`).
    enum Outcome: Equatable { case ok, error(String), crash(Int32), hang }
    static let hangAfter = 90.0

    /// Runs `__probe-netcdf` over `paths`, restarting after the file it crashed or hung on (the
    /// probe prints each file's line at once, so the first file without one is that file).
    static func probe(_ paths: [String]) throws -> [Outcome] {
        var outcomes: [Outcome] = []
        while outcomes.count < paths.count {
            let rest = Array(paths[outcomes.count...])
            let running = try CLI.start(["__probe-netcdf"] + rest, environment: ["SWIFT_BACKTRACE": "enable=no"])
            // A batch gets 90 s more for each 1,000 files; past that the file it is on hangs.
            let limit = hangAfter * Double(1 + rest.count / 1000)
            let started = Date()
            let out = running.finish(within: limit, nil)
            let killed = Date().timeIntervalSince(started) >= limit && running.process.terminationReason == .uncaughtSignal
            for line in out.stdout.split(separator: "\n") {
                outcomes.append(line.hasPrefix("ok ") ? .ok : .error(String(line)))
            }
            if killed, outcomes.count < paths.count {
                outcomes.append(.hang)
            } else if running.process.terminationReason == .uncaughtSignal, outcomes.count < paths.count {
                outcomes.append(.crash(out.status))
            } else if outcomes.count < paths.count {
                Issue.record("__probe-netcdf exited \(out.status) after \(outcomes.count) of \(paths.count) files: \(out.stderr.prefix(2000))")
                return outcomes
            }
        }
        return outcomes
    }

    /// Writes mutations `indices` into `dir` and returns their paths.
    static func write(_ indices: Range<Int>, to dir: URL) throws -> [String] {
        let bytes = [UInt8](try realResult.get())
        return try indices.map { i in
            let url = dir.appendingPathComponent(String(format: "m%05d.nc", i))
            try Data(mutation(i, of: bytes)).write(to: url)
            return url.path
        }
    }

    @Test func theReaderNeverTrapsOnThreeThousandMutations() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let paths = try Self.write(0..<3000, to: dir)
        let outcomes = try Self.probe(paths)
        #expect(outcomes.count == paths.count)
        var crashes: [Int32: Int] = [:], clean = 0, readable = 0, hangs: [String] = []
        for (path, outcome) in zip(paths, outcomes) {
            switch outcome {
            case .ok: readable += 1
            case .error(let line):
                clean += 1
                #expect(line.hasPrefix("error \(path): ") && line.count < 4000, "\(line.prefix(400))")
            case .crash(let signal):
                crashes[signal, default: 0] += 1
                #expect(signal != SIGILL && signal != SIGTRAP, "a Swift trap (signal \(signal)) reading \(path)")
            case .hang: hangs.append(path)
            }
        }
        // The unmutated file reads, and the mutations exercise both outcomes.
        #expect(try Self.probe([Self.original(in: dir)]) == [.ok])
        #expect(readable > 0 && clean > 1000, "\(readable) readable, \(clean) clean errors, crashes by signal \(crashes)")
        print("result-file fuzz: \(readable) readable, \(clean) clean errors, library crashes by signal \(crashes.sorted { $0.key < $1.key }), reader hangs \(hangs.map { ($0 as NSString).lastPathComponent }) of \(paths.count)")
    }

    static func original(in dir: URL) throws -> String {
        let url = dir.appendingPathComponent("original.nc")
        try realResult.get().write(to: url)
        return url.path
    }

    /// `plot` on 120 mutations, up to 40 that crash the reader among them: never a signal.
    @Test func plotEndsCleanlyOnDamagedFiles() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let pool = try Self.write(0..<1200, to: dir)
        let outcomes = try Self.probe(pool)
        var crashing: [String] = []
        for (path, outcome) in zip(pool, outcomes) { if case .crash = outcome { crashing.append(path) } }
        let chosen = Array(crashing.prefix(40)) + Array(pool.filter { !crashing.contains($0) }.prefix(120 - min(crashing.count, 40)))
        let picture = dir.appendingPathComponent("png")
        var reportedCrashes = 0
        for path in chosen {
            let given = Set(try FileManager.default.contentsOfDirectory(atPath: dir.path))
            let running = try CLI.start(["plot", path, "--output", picture.path], environment: ["SWIFT_BACKTRACE": "enable=no"])
            // Longer than plot's own limit on the reader (60 s, `ResultFileProbe.timeout`): a file
            // that hangs the reader is stopped by plot, with its message and its child killed,
            // not by this test (which, killing plot first, left the child running).
            let out = running.finish(within: 120, "plot still running after 120 s on \(path); killed")
            #expect(running.process.terminationReason == .exit, "plot \(path) ended by signal \(out.status)")
            #expect(out.status == 0 || out.status == 1, "plot \(path): exit \(out.status)")
            if out.status != 0 {
                #expect(out.stderr.hasPrefix("Error: "), "plot \(path): \(out.stderr.prefix(400))")
            }
            if out.stderr.contains("the reader crashed") { reportedCrashes += 1 }
            let left = Set(try FileManager.default.contentsOfDirectory(atPath: dir.path)).subtracting(given)
            #expect(left.subtracting(["png"]).isEmpty, "plot \(path) left \(left.sorted())")
        }
        #expect(!crashing.isEmpty, "no mutation of 1,200 crashed the reader: the crash path goes untested")
        #expect(reportedCrashes > 0, "none of \(min(crashing.count, 40)) crashing files was reported as a reader crash")
    }
}
