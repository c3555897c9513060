import Testing
@testable import Diagnostics

@Suite struct ClosestNameTests {
    @Test func editDistanceCountsInsertionsDeletionsAndSubstitutions() {
        #expect(editDistance("", "") == 0)
        #expect(editDistance("", "abc") == 3)
        #expect(editDistance("abc", "") == 3)
        #expect(editDistance("kitten", "sitting") == 3)
        #expect(editDistance("flaw", "lawn") == 2)
        #expect(editDistance("burgers-1d", "burgers-1d") == 0)
        // Symmetric.
        #expect(editDistance("heat-nd", "heat-2d") == editDistance("heat-2d", "heat-nd"))
    }

    @Test func suggestsTheNearestNameWithinTheLimit() {
        let names = ["burgers-1d", "heat-2d", "heat-nd", "poisson-1d"]
        #expect(closestName(to: "burgers1d", among: names) == "burgers-1d")
        #expect(closestName(to: "heat-3d", among: names) == "heat-2d")
        // Far from every name: no suggestion by default, the nearest when asked to always suggest.
        #expect(closestName(to: "navier-stokes", among: names) == nil)
        #expect(closestName(to: "navier-stokes", among: names, within: .max) != nil)
    }

    @Test func prefersNamesThatContainTheGivenOne() {
        let names = ["learning_rate", "width", "lbfgs_history"]
        // "rate" is 9 edits from learning_rate but is part of it.
        #expect(closestName(to: "rate", among: names) == "learning_rate")
        // Case is ignored.
        #expect(closestName(to: "WIDTH", among: names) == "width")
        // One- and two-letter names are not matched by containment.
        #expect(closestName(to: "h", among: names, within: 0) == nil)
    }

    @Test func noSuggestionForEmptyListsOrOverlongNames() {
        #expect(closestName(to: "x", among: []) == nil)
        #expect(closestName(to: String(repeating: "a", count: 101), among: ["a"], within: .max) == nil)
    }
}
