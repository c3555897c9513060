import Testing
@testable import NetCDF
