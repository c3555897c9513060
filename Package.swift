// swift-tools-version: 6.0
//
// pinn-solve: physics-informed neural PDE solvers in Swift.
// Module layout and the reasons for it: ../shared/ARCHITECTURE.md and Docs/design.md.

import PackageDescription

// Release builds use SwiftPM's default -O with whole-module optimisation (no -Ounchecked:
// shape checks stay on in the optimised test suite and in production; Docs/design.md).

let package = Package(
    name: "pinn-solve",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "PINN", targets: ["PINN"]),
        // The bundled catalogue, so a user's package can start from a bundled problem.
        .library(name: "Problems", targets: ["Problems"]),
        // The whole command line as a library: `PinnSolveCommandLine.main(problems:)`.
        .library(name: "PINNCommandLine", targets: ["PINNCommandLine"]),
        .executable(name: "pinn-solve", targets: ["pinn-solve"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-numerics", from: "1.0.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
    ],
    targets: [
        // System-library shims: one module map over one header each, found with pkg-config.
        .systemLibrary(name: "CBLAS", path: "Sources/CBLAS", pkgConfig: "openblas",
                       providers: [.apt(["libopenblas-dev"]), .brew(["openblas"])]),
        .systemLibrary(name: "CFFTW", path: "Sources/CFFTW", pkgConfig: "fftw3",
                       providers: [.apt(["libfftw3-dev"]), .brew(["fftw"])]),
        .systemLibrary(name: "CNetCDF", path: "Sources/CNetCDF", pkgConfig: "netcdf",
                       providers: [.apt(["libnetcdf-dev"]), .brew(["netcdf"])]),
        .systemLibrary(name: "CMPI", path: "Sources/CMPI", pkgConfig: "ompi",
                       providers: [.apt(["libopenmpi-dev", "openmpi-bin"]), .brew(["open-mpi"])]),
        .systemLibrary(name: "CCairo", path: "Sources/CCairo", pkgConfig: "cairo",
                       providers: [.apt(["libcairo2-dev"]), .brew(["cairo"])]),

        // Library modules; the data flows top to bottom.
        // Shared diagnostics: `require` (checked in every build mode) and did-you-mean names.
        .target(name: "Diagnostics"),
        .target(name: "Autodiff", dependencies: ["CBLAS", "Diagnostics", .product(name: "RealModule", package: "swift-numerics")]),
        .target(name: "Sampling", dependencies: ["Autodiff"], resources: [.copy("Resources")]),
        .target(name: "Networks", dependencies: ["Autodiff"]),
        .target(name: "Optimization", dependencies: ["Autodiff"]),
        .target(name: "Spectral", dependencies: ["CFFTW", .product(name: "Numerics", package: "swift-numerics")]),
        .target(name: "NetCDF", dependencies: ["CNetCDF", "Autodiff"]),
        // References that are not spectral solves: Monte Carlo, quadrature, closed-form solutions.
        .target(name: "Reference", dependencies: ["Autodiff"]),
        .target(name: "Distributed", dependencies: ["CMPI", "Autodiff", "Optimization"]),
        .target(name: "Plotting", dependencies: ["CCairo", "NetCDF", "Diagnostics"]),
        .target(name: "PINN",
                dependencies: ["Autodiff", "Sampling", "Networks", "Optimization", "Spectral", "Reference", "NetCDF",
                               "Distributed", "Plotting"]),
        .target(name: "Problems", dependencies: ["PINN"], path: "Problems"),
        // The training steps `pinn-solve bench-step` times (the step peers are compared on).
        .target(name: "BenchSteps", dependencies: ["PINN"], path: "Benchmarks/BenchSteps"),
        .target(name: "PINNCommandLine",
                dependencies: ["PINN", "BenchSteps",
                               .product(name: "ArgumentParser", package: "swift-argument-parser"),
                               .product(name: "TOMLKit", package: "TOMLKit")]),
        // The executable is a three-line main over PINNCommandLine with the bundled problems.
        .executableTarget(name: "pinn-solve", dependencies: ["PINNCommandLine", "Problems"]),
        .executableTarget(name: "pinn-bench", dependencies: ["PINN", "CBLAS", "SyntheticResults"], path: "Benchmarks/pinn-bench"),
        // A small MPI program that DistributedTests launch under mpirun.
        .executableTarget(name: "mpi-check", dependencies: ["Distributed"]),

        // Tests: a support target, then one test target per module.
        .target(name: "TestSupport", dependencies: ["Autodiff"], path: "Tests/TestSupport"),
        // Synthetic result files: drawn by PlottingTests, and by `pinn-bench plot-examples` for Docs/plots.md.
        .target(name: "SyntheticResults", dependencies: ["Autodiff", "NetCDF", "Plotting"], path: "Tests/SyntheticResults"),
        .testTarget(name: "DiagnosticsTests", dependencies: ["Diagnostics", "TestSupport"]),
        .testTarget(name: "AutodiffTests", dependencies: ["Autodiff", "TestSupport"]),
        .testTarget(name: "SamplingTests", dependencies: ["Sampling", "TestSupport"]),
        .testTarget(name: "NetworksTests", dependencies: ["Networks", "TestSupport"]),
        .testTarget(name: "OptimizationTests", dependencies: ["Optimization", "Networks", "TestSupport"]),
        .testTarget(name: "SpectralTests", dependencies: ["Spectral", "TestSupport"]),
        .testTarget(name: "NetCDFTests", dependencies: ["NetCDF", "TestSupport"]),
        .testTarget(name: "DistributedTests", dependencies: ["Distributed", "TestSupport"]),
        .testTarget(name: "PlottingTests", dependencies: ["Plotting", "NetCDF", "TestSupport", "SyntheticResults"]),
        .testTarget(name: "PINNTests", dependencies: ["PINN", "Problems", "BenchSteps", "TestSupport"]),
        // End-to-end tests of the built pinn-solve binary (found next to the test bundle).
        // (and in-process tests of PINNCommandLine's config files and options).
        .testTarget(name: "CLITests", dependencies: ["PINN", "PINNCommandLine", "TestSupport"], exclude: ["Snapshots"]),
    ]
)
