import Testing
@testable import Sampling
