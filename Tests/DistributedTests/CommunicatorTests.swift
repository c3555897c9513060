import Autodiff
import Distributed
import Optimization
import Testing
import TestSupport

@Suite("Communicator without MPI")
struct SingleProcessTests {
    @Test("launcher detection reads the MPI launchers' variables")
    func detection() {
        #expect(!Communicators.launchedByMPI(environment: [:]))
        #expect(!Communicators.launchedByMPI(environment: ["PATH": "/usr/bin", "OMP_NUM_THREADS": "2"]))
        #expect(Communicators.launchedByMPI(environment: ["OMPI_COMM_WORLD_SIZE": "2"]))
        #expect(Communicators.launchedByMPI(environment: ["PMIX_RANK": "0"]))
        #expect(Communicators.launchedByMPI(environment: ["PMI_SIZE": "4"]))
    }

    @Test("without mpirun the communicator is the single-process one")
    func singleProcess() throws {
        try #require(!Communicators.launchedByMPI, "this test process runs under an MPI launcher")
        let comm = try Communicators.start()
        #expect(comm is SingleProcess)
        #expect(comm.rank == 0 && comm.size == 1 && comm.isRoot)
        var x: [Double] = [1, 2, 3]
        try comm.allreduceAverage(&x)
        try comm.broadcast(&x, root: 0)
        #expect(x == [1, 2, 3])
        #expect(try comm.any(true) && !comm.any(false))
        #expect(try comm.broadcast("text") == "text")
    }

    @Test("the mpi-check program run without mpirun reports a single process",
          .enabled(if: MPIRun.checkProgram != nil, "mpi-check not built next to the test executable"))
    func programWithoutMPIRun() throws {
        let r = try MPIRun.run(ranks: nil, ["info"], timeout: 30)
        #expect(r.status == 0, "\(r.output)")
        #expect(r.lines("info kind=") == ["info kind=single rank=0 size=1 launched=false"], "\(r.output)")
    }

    @Test("MPI started without mpirun makes a singleton job of size 1",
          .enabled(if: MPIRun.available, "\(MPIRun.unavailableReason)"))
    func singleton() throws {
        let r = try MPIRun.run(ranks: nil, ["singleton"], timeout: 60)
        #expect(!r.timedOut && r.status == 0, "\(r.output)")
        #expect(r.lines("info kind=") == ["info kind=mpi rank=0 size=1 launched=false"], "\(r.output)")
    }

    @Test("DataParallel over one process returns the evaluation unchanged, bit for bit")
    func dataParallelSingle() {
        var rng = testStream(5)
        let g = [Tensor<Double>.normal([3, 2], using: &rng), Tensor<Double>.normal([2], using: &rng)]
        let e = LossEvaluation(loss: 0.75, terms: [NamedValue("residual", 0.5), NamedValue("boundary", 0.25)], gradient: g)
        let dp = DataParallel<Double>(SingleProcess())
        let objective = dp.objective { _ in e }
        let r = objective(g)
        #expect(r.loss == e.loss && r.terms == e.terms)
        #expect(zip(r.gradient, g).allSatisfy { $0.scalars == $1.scalars && $0.shape == $1.shape })
        #expect(dp.statistics.current.calls == 0)
    }
}

@Suite("Batch shares")
struct BatchShareTests {
    @Test("shares are contiguous, disjoint, cover the batch and differ by at most one", arguments: [1, 2, 3, 4, 7])
    func cover(size: Int) {
        for b in [0, 1, 5, 16, 63, 64, 1000] {
            let shares = (0..<size).map { BatchShare(globalCount: b, rank: $0, size: size) }
            var next = 0
            for s in shares {
                #expect(s.range.lowerBound == next, "B=\(b) N=\(size): \(s)")
                next = s.range.upperBound
            }
            #expect(next == b, "B=\(b) N=\(size): shares end at \(next)")
            let counts = shares.map(\.count)
            #expect(counts.max()! - counts.min()! <= 1, "B=\(b) N=\(size): counts \(counts)")
            let total = shares.map(\.fraction).reduce(0, +)
            #expect(b == 0 || Swift.abs(total - 1) < 1e-12, "B=\(b) N=\(size): fractions sum to \(total)")
        }
    }

    @Test("a positioned stream draws exactly this rank's rows of the one-process batch", arguments: [2, 3])
    func positionedStream(size: Int) {
        let b = 25, d = 3
        var global = testStream(9)
        let whole = Tensor<Double>.uniform([b, d], using: &global)   // the one-process batch
        var parts: [Tensor<Double>] = []
        let start = testStream(9)
        for r in 0..<size {
            let share = BatchShare(globalCount: b, rank: r, size: size)
            var local = share.stream(from: start, drawsPerPoint: d)
            let mine = Tensor<Double>.uniform([share.count, d], using: &local)
            #expect(mine.scalars == share.rows(of: whole).scalars, "rank \(r) of \(size)")
            parts.append(mine)
            var advanced = start
            share.advance(&advanced, drawsPerPoint: d)
            #expect(advanced == global, "the global stream must end where the one-process draw ended")
        }
        #expect(Tensor.concatenatingRows(parts).scalars == whole.scalars)
    }

    @Test("rank streams differ between ranks and are reproducible")
    func rankStreams() {
        var a = rankStream(seed: 7, rank: 0), b = rankStream(seed: 7, rank: 1), a2 = rankStream(seed: 7, rank: 0)
        let xa = (0..<4).map { _ in a.next() }, xb = (0..<4).map { _ in b.next() }, xa2 = (0..<4).map { _ in a2.next() }
        #expect(xa == xa2)
        #expect(xa != xb)
    }
}
