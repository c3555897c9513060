import ArgumentParser
import Foundation
import PINN

/// `pinn-solve reference NAME --output FILE.nc`: a problem's reference solution on a uniform
/// grid, as CF NetCDF.
///
/// File layout: coordinate variables named after the grid axes (time first, then space in
/// input order: t(t), x(x) for a 1+1 problem; x(x), y(y) for a 2-D one), and one variable per
/// output component over all axes, named after it: u(t, x) (and v(t, x), the imaginary part,
/// for complex problems). Global attributes: the CF ones, `problem`, `reference_source`.
struct ReferenceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reference",
        abstract: "Write a problem's reference solution on a uniform grid as NetCDF.",
        discussion: """
        The grid is linspace(lower, upper, n) on each axis, both ends included: time (--nt) \
        first, then the space inputs in order (--nx, --ny, --nz, whatever the inputs are \
        named). Problems whose reference is an exact solution or a spectral solve take any \
        counts: a spectral solver is stepped to each requested time exactly and its Fourier \
        series summed at each point. `describe` says which problems cannot, and why; a \
        reference that exists only on its own grid is written as it is (without counts), and \
        a single value or a point set has no grid reference.
        """)

    static let defaultTimeCount = 101
    static let defaultSpaceCount = 201
    static let maximumPoints = 50_000_000

    @Argument(help: "The problem name (see `pinn-solve list`).") var problem: String
    @Option(help: "The NetCDF file to write.") var output: String
    @Option(parsing: .unconditional, help: "Points on the time axis (default \(defaultTimeCount)).") var nt: Int?
    @Option(parsing: .unconditional, help: "Points on the first space axis (default \(defaultSpaceCount)).") var nx: Int?
    @Option(parsing: .unconditional, help: "Points on the second space axis (default: --nx).") var ny: Int?
    @Option(parsing: .unconditional, help: "Points on the third space axis (default: --nx).") var nz: Int?
    @Option(parsing: .unconditional, help: "Space dimension, for problems posed in any dimension.") var dim: Int?

    func validate() throws {
        for (name, v) in [("--nt", nt), ("--nx", nx), ("--ny", ny), ("--nz", nz)] {
            if let v, v < 2 { throw ValidationError("\(name) must be at least 2 (both ends of the interval), got \(v)") }
        }
        if let d = dim, d < 1 { throw ValidationError("--dim must be at least 1, got \(d)") }
    }

    func run() throws {
        let def = try lookUpProblem(problem)
        try checkWritable(output, option: "--output")
        ProcessSignals.whenStopped(" while computing or writing the reference; \(output) was not written")
        let options = ProblemOptions(dimension: dim)
        let p = try def.make(Double.self, options: options)
        let reference: ReferenceSolution
        if let g = def as? any GridReferenceProblem {
            let grid = try requestedGrid(p, bounds: try g.gridBounds(options: options))
            do { reference = try g.gridReference(on: grid, options: options) } catch {
                throw RunFailure(message: "computing the reference of \(p.name) failed: \(error)")
            }
            let expected = grid.count
            guard reference.values.count == p.outputCount, reference.values.allSatisfy({ $0.count == expected }) else {
                throw RunFailure(message: "the reference of \(p.name) gave \(reference.values.map(\.count)) values for \(p.outputCount) outputs on \(expected) grid points (a bug in the problem definition)")
            }
        } else {
            reference = try ownGrid(p)
        }
        do { try Self.write(reference, problem: p, to: output) } catch {
            throw RunFailure(message: "could not write \(output): \(error)")
        }
        guard case .grid(let axes) = reference.layout else { return }
        print("wrote \(output): \(p.outputNames.joined(separator: ", ")) on \(axes.map { "\($0.name) (\($0.values.count))" }.joined(separator: " x ")), \(reference.source)")
    }

    /// The uniform grid the options ask for: time first, then the space inputs in order.
    func requestedGrid(_ p: Problem<Double>, bounds: (lower: [Double], upper: [Double])) throws -> ReferenceGrid {
        let space = (0..<p.inputDimension).filter { $0 != p.timeIndex }
        let inputs = (p.timeIndex.map { [$0] } ?? []) + space
        guard space.count <= 3 else {
            throw UsageError("\(p.name) has \(space.count) space dimensions; reference grids have at most 3 (--nx, --ny, --nz)\(dim == nil ? "; for a problem posed in any dimension, choose one with --dim 1, 2 or 3" : "")")
        }
        if p.timeIndex == nil, let nt {
            throw UsageError("\(p.name) has no time axis (inputs \(p.inputNames.joined(separator: ", "))); leave out --nt \(nt)")
        }
        let given = [nx, ny, nz]
        if let extra = given.indices.dropFirst(space.count).first(where: { given[$0] != nil }) {
            throw UsageError("\(p.name) has \(space.count) space \(space.count == 1 ? "axis" : "axes") (\(space.map { p.inputNames[$0] }.joined(separator: ", "))); leave out \(["--nx", "--ny", "--nz"][extra])")
        }
        let x = nx ?? Self.defaultSpaceCount
        let spaceCounts = [x, ny ?? x, nz ?? x].prefix(space.count)
        let counts = (p.timeIndex == nil ? [] : [nt ?? Self.defaultTimeCount]) + spaceCounts
        let total = counts.reduce(1.0) { $0 * Double($1) }
        guard total <= Double(Self.maximumPoints) else {
            throw UsageError("a grid of \(counts.map(String.init).joined(separator: " x ")) points is too large (at most \(Self.maximumPoints)); use smaller counts")
        }
        return ReferenceGrid.uniform(inputNames: p.inputNames, inputs: inputs, lower: bounds.lower, upper: bounds.upper,
                                     counts: Array(counts))
    }

    /// The reference's own grid, for problems without `GridReferenceProblem`.
    func ownGrid(_ p: Problem<Double>) throws -> ReferenceSolution {
        guard let make = p.reference.solution else {
            if let pt = p.reference.point {
                throw UsageError("\(p.name) has no grid reference: its reference is the single value u(\(pt.point.map { "\($0)" }.joined(separator: ", "))) = \(pt.value) (\(pt.source)); `pinn-solve run \(p.name)` reports the error there")
            }
            throw UsageError("\(p.name) has no reference solution")
        }
        let r: ReferenceSolution
        do { r = try make() } catch {
            throw RunFailure(message: "computing the reference of \(p.name) failed: \(error)")
        }
        guard case .grid(let axes) = r.layout else {
            throw UsageError("\(p.name) has no grid reference: its reference is a set of \(r.layout.fieldShape[0]) scattered points (\(r.source))\(p.reference.notOnGrids.map { "; \($0)" } ?? "")")
        }
        if nt != nil || nx != nil || ny != nil || nz != nil {
            throw UsageError("the reference of \(p.name) exists only on its own grid (\(axes.map { "\($0.name): \($0.values.count)" }.joined(separator: ", "))); leave out --nt/--nx/--ny/--nz to write that grid")
        }
        return r
    }

    /// Writes the reference as CF NetCDF (see the type's comment for the layout).
    static func write(_ r: ReferenceSolution, problem p: Problem<Double>, to path: String) throws {
        guard case .grid(let axes) = r.layout else { return }
        try withNetCDFFile(creating: path, deflate: 4, shuffle: true) { f in
            try f.putGlobalAttributes(CFMetadata(
                title: "reference solution of \(p.name)", source: "pinn-solve \(PinnSolve.version): \(r.source)",
                history: CFMetadata.historyLine("created by pinn-solve reference \(p.name)"),
                comment: p.summary))
            try f.putAttribute("problem", .text(p.name))
            try f.putAttribute("reference_source", .text(r.source))
            let dims = try axes.map { a in
                try f.defineCoordinate(a.name, values: a.values, units: a.units,
                                       longName: a.longName ?? (p.timeIndex.map { p.inputNames[$0] } == a.name ? "time" : "coordinate \(a.name)")).dimension
            }
            let complex = p.outputNames == ["u", "v"]
            for (c, name) in p.outputNames.enumerated() {
                let v = try f.defineVariable(name, Double.self, dimensions: dims)
                let part = complex ? (c == 0 ? " (real part)" : " (imaginary part)") : ""
                try f.putCFAttributes(on: v, longName: "reference solution \(name)\(part)")
                try f.write(r.values[c], to: v)
            }
        }
    }
}
