import Testing
@testable import Spectral
