// pinn-solve: the command line over the bundled problems (Sources/PINNCommandLine).
import PINNCommandLine
import Problems

PinnSolveCommandLine.main(problems: bundledProblems)
