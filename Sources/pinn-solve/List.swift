import ArgumentParser
import PINN

struct List: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the bundled problems.")

    func run() throws {
        print("pinn-solve \(PinnSolve.version)")
        print("bundled problems: none yet")
    }
}
