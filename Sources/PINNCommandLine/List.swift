import ArgumentParser
import PINN

struct List: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the bundled problems.")

    func run() throws {
        let defs = CommandLineContext.catalog.problems
        let w = max(defs.map(\.name.count).max() ?? 0, 4) + 2
        let dw = max(defs.map(\.dimensionLabel.count).max() ?? 0, 3) + 2
        print("NAME".padding(toLength: w, withPad: " ", startingAt: 0) + "DIM".padding(toLength: dw, withPad: " ", startingAt: 0) + "EQUATION")
        for d in defs {
            print(d.name.padding(toLength: w, withPad: " ", startingAt: 0)
                  + d.dimensionLabel.padding(toLength: dw, withPad: " ", startingAt: 0) + d.summary)
        }
    }
}

struct Describe: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Describe a bundled problem: equation, domain, conditions, reference, defaults, expected error.")

    @Argument(help: "The problem name (see `pinn-solve list`).")
    var problem: String

    @Option(parsing: .unconditional, help: "Space dimension, for problems posed in any dimension.")
    var dim: Int?

    func run() throws {
        let def = try lookUpProblem(problem)
        let p = try def.make(Double.self, options: ProblemOptions(dimension: dim))
        let s = p.defaults
        print("""
        \(p.name): \(p.summary)

        \(p.details)

        inputs:     \(Self.names(p.inputNames))\(p.timeIndex.map { " (time: \(p.inputNames[$0]))" } ?? "")
        outputs:    \(p.outputNames.joined(separator: ", "))
        conditions: \(p.conditions.isEmpty ? "none (built into the network)" : p.conditions.map { "\($0.name) (\($0.batch) points, weight \($0.weight))" }.joined(separator: ", "))\(p.factor != nil ? "; hard constraint u = g + d N" : "")
        reference:  \(p.reference.summary); \(Self.gridNote(def, p))
        \(p.unknowns.isEmpty ? "" : "unknowns:   " + p.unknowns.map { "\($0.name) (starts at \($0.initial)\($0.truth.map { ", true value \($0)" } ?? ""))" }.joined(separator: ", ") + "\n")defaults:   network \(s.architecture == .deepSets ? "deep-sets (\(s.poolFeatures) features per exchangeable coordinate), then " : s.architecture == .modifiedMLP ? "modified MLP " : "")\(s.weightFactorization ? "with weight factorisation " : "")\(s.depth) x \(s.width) \(s.activation.rawValue)\(s.fourierFeatures > 0 ? ", \(s.fourierFeatures) Fourier features (scale \(s.fourierScale))" : "")\(s.fourierMatrix.map { ", periodic embedding (\(($0.first?.count ?? 0) * 2) features)" } ?? ""); phases \(s.phases.map(\.description).joined(separator: ","))\(s.windows > 1 ? " in each of \(s.windows) time windows" : "")\(s.lbfgsHistory.flatMap { h in s.phases.contains { $0.optimizer == .lbfgs } ? " (L-BFGS history \(h))" : nil } ?? ""); learning rate \(s.learningRate) (\(s.schedule.rawValue)); \(s.pointsDescription); precision \(s.precision.rawValue); engine \(s.engine.rawValue)\(s.estimator == .exact ? "" : ", \(s.estimator.rawValue) Laplacian with \(s.directions) directions")
        expected:   \(p.expectedError)
        """)
    }

    /// Whether `pinn-solve reference` writes the reference on any grid, and why not.
    static func gridNote(_ def: any ProblemDefinition, _ p: Problem<Double>) -> String {
        if def is any GridReferenceProblem { return "on any grid with `pinn-solve reference`" }
        let why = p.reference.notOnGrids ?? (p.reference.solution == nil ? "the reference is a value at one point" : "its definition gives it only on its own points")
        return "not on other grids: \(why)"
    }

    /// The input names, shortened for high-dimensional problems: "x1, x2, x3, ..., x100, t (101 inputs)".
    static func names(_ n: [String]) -> String {
        n.count <= 8 ? n.joined(separator: ", ")
            : (n.prefix(3) + ["..."] + n.suffix(2)).joined(separator: ", ") + " (\(n.count) inputs)"
    }
}
