// swift-tools-version: 6.0
//
// A user's own PDE problem with the whole pinn-solve command line, in a package of its own:
// it depends on pinn-solve (here by path; elsewhere by its URL) and names its problems in a
// three-line main. Build and try it:
//
//     swift build -c release
//     .build/release/custom-solver list
//     .build/release/custom-solver run damped-heat-1d --steps 500 --output r.nc --summary r.json
//
// Docs/defining-a-problem.md walks through this package.

import PackageDescription

let package = Package(
    name: "custom-problem",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "pinn-solve", path: "../.."),
    ],
    targets: [
        .executableTarget(name: "custom-solver", dependencies: [
            .product(name: "PINN", package: "pinn-solve"),
            .product(name: "Problems", package: "pinn-solve"),
            .product(name: "PINNCommandLine", package: "pinn-solve"),
        ]),
    ]
)
