import Testing
@testable import PINN
