// The full pinn-solve command line over this package's problem (and the bundled ones, to
// start from): list, describe, run, evaluate, reference, plot, bench-step, config files,
// checkpoints and MPI.
import PINN
import PINNCommandLine
import Problems

PinnSolveCommandLine.main(problems: ProblemCatalog([DampedHeat1D()] + bundledProblems.problems),
                          commandName: "custom-solver")
