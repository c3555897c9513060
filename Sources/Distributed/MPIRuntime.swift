import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Process-wide MPI state (MPI can be initialised and finalised once per process).
enum MPIRuntime {
    struct State: ~Copyable {
        var world: MPICommunicator? = nil
        var finalized = false
    }
    static let state = Mutex(State())
}

/// Picks the communicator for this process: MPI when launched by `mpirun`/`mpiexec`, the
/// single-process one otherwise.
public enum Communicators {
    /// Environment variables that MPI launchers set in every process they start: Open MPI's
    /// mpirun (OMPI_COMM_WORLD_SIZE), any PMIx-based launcher such as Open MPI 5 or Slurm's
    /// srun --mpi=pmix (PMIX_RANK), and MPICH's Hydra or Slurm's PMI-2 (PMI_SIZE).
    public static let launcherVariables = ["OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_SIZE"]

    /// True when the environment shows that an MPI launcher started this process.
    public static func launchedByMPI(environment: [String: String]) -> Bool {
        launcherVariables.contains { environment[$0] != nil }
    }

    /// This process's rank and the job's size as the launcher's environment gives them (Open
    /// MPI's OMPI_COMM_WORLD_RANK/SIZE, PMI's PMI_RANK/SIZE), or nil outside a launcher. Known
    /// before MPI starts, so that errors found before it (a bad option) name the rank too.
    public static func launcherRank(environment: [String: String] = ProcessInfo.processInfo.environment) -> (rank: Int, size: Int)? {
        for (r, s) in [("OMPI_COMM_WORLD_RANK", "OMPI_COMM_WORLD_SIZE"), ("PMI_RANK", "PMI_SIZE")] {
            if let rank = environment[r].flatMap({ Int($0) }), let size = environment[s].flatMap({ Int($0) }),
               rank >= 0, rank < size {
                return (rank, size)
            }
        }
        return nil
    }

    /// True when this process's environment shows an MPI launcher. Read it before MPI
    /// starts: Open MPI's singleton start-up sets these variables in the process itself.
    public static var launchedByMPI: Bool {
        launcherVariables.contains { getenv($0) != nil }
    }

    /// The communicator for this run. Under an MPI launcher: MPI_COMM_WORLD (MPI is
    /// initialised here, once). Otherwise `SingleProcess()`, and MPI is never touched, so a
    /// run without `mpirun` behaves exactly as before. `forceMPI` starts MPI anyway (a
    /// singleton job of size 1; used by tests).
    public static func start(forceMPI: Bool = false) throws -> any Communicator {
        guard forceMPI || launchedByMPI else { return SingleProcess() }
        return try MPICommunicator.world()
    }
}

/// Flushes all C streams, then writes `text` and a newline straight to file descriptor 2
/// (no buffering, so the message is out before the job is torn down).
func writeErrorLine(_ text: String) {
    fflush(nil)
    let bytes = Array((text + "\n").utf8)
    bytes.withUnsafeBytes { p in
        var offset = 0
        while offset < p.count {
            let n = write(2, p.baseAddress! + offset, p.count - offset)
            if n <= 0 { break }
            offset += n
        }
    }
}
