import Testing

/// Jobs of the mpi-check program under `mpirun --allow-run-as-root --oversubscribe -np N`.
@Suite("MPI jobs", .serialized, .enabled(if: MPIRun.available, "\(MPIRun.unavailableReason)"))
struct MPIJobTests {
    @Test("allreduce, broadcast, barrier, any and agree give the closed-form values", arguments: [2, 3])
    func collectives(ranks: Int) throws {
        let r = try MPIRun.run(ranks: ranks, ["collectives"])
        #expect(!r.timedOut && r.status == 0, "status \(r.status), timed out \(r.timedOut):\n\(r.output)")
        #expect(r.lines("FAIL").isEmpty, "\(r.lines("FAIL"))")
        #expect(r.lines("collectives done").count == ranks, "\(r.output)")
    }

    /// The losses of each step: [[loss, term1, term2]].
    static func losses(_ r: MPIRun.Result) -> [[Double]] {
        r.lines("loss ").map { $0.split(separator: " ").dropFirst(2).compactMap { Double($0) } }
    }

    @Test("2 ranks with global batch B follow the 1-process loss trajectory to 1e-10", arguments: ["adam", "lbfgs"])
    func equivalence(optimizer: String) throws {
        let one = try MPIRun.run(ranks: nil, ["train", optimizer])
        let two = try MPIRun.run(ranks: 2, ["train", optimizer])
        #expect(one.status == 0 && two.status == 0 && !two.timedOut, "\(one.output)\n\(two.output)")
        let a = Self.losses(one), b = Self.losses(two)
        try #require(a.count >= 25 && a.count == b.count, "steps: 1 process \(a.count), 2 ranks \(b.count)")
        var worst = 0.0, at = 0
        for (k, (x, y)) in zip(a, b).enumerated() {
            #expect(x.count == 3 && y.count == 3, "step \(k): \(x) vs \(y)")
            for (u, v) in zip(x, y) {
                let e = Swift.abs(u - v) / Swift.max(Swift.abs(u), 1e-300)
                if e > worst { worst = e; at = k }
            }
        }
        #expect(worst <= 1e-10, "\(optimizer): largest relative difference \(worst) at step \(at)")
        // The run must actually train (else equal trajectories would prove little).
        #expect(a.last![0] < 0.2 * a.first![0], "\(optimizer): loss went from \(a.first![0]) to \(a.last![0])")
        // Every rank ended with bit-identical parameters (ranks started from different ones).
        #expect(two.lines("agree ") == ["agree true"], "\(two.output)")
        #expect(two.lines("reductions ").first.map { !$0.hasPrefix("reductions 0 ") } == true, "\(two.output)")
        print("DataParallel \(optimizer): \(a.count) steps, largest relative loss difference 1 process vs 2 ranks = \(worst)")
    }

    @Test("a rank that cannot read its configuration ends the job with its message")
    func failingRank() throws {
        let r = try MPIRun.run(ranks: 2, ["fail-rank"], timeout: 60)
        #expect(!r.timedOut, "the job hung for \(r.seconds) s:\n\(r.output)")
        #expect(r.status != 0, "exit status 0:\n\(r.output)")
        #expect(r.output.contains("rank 1 of 2: cannot read the configuration '/nonexistent/pinn-mpi-check/config.toml'"),
                "\(r.output)")
        #expect(r.lines("FAIL").isEmpty, "\(r.output)")
    }

    @Test("a rank that crashes without MPI_Abort still ends the job")
    func crashingRank() throws {
        let r = try MPIRun.run(ranks: 2, ["crash-rank"], timeout: 60)
        #expect(!r.timedOut, "the job hung for \(r.seconds) s:\n\(r.output)")
        #expect(r.status != 0, "exit status 0:\n\(r.output)")
        #expect(r.output.contains("deliberate failure on rank 1"), "\(r.output)")
        #expect(r.lines("FAIL").isEmpty, "\(r.output)")
    }

    @Test("ranks that broadcast different shapes all get an error naming them")
    func mismatch() throws {
        let r = try MPIRun.run(ranks: 2, ["mismatch"])
        #expect(!r.timedOut && r.status == 0, "\(r.output)")
        let lines = r.lines("mismatch rank ")
        #expect(lines.count == 2, "\(r.output)")
        #expect(lines.contains { $0.contains("rank 1 holds shapes [[3, 2]]") && $0.contains("[[2, 3]]") }, "\(r.output)")
    }
}
