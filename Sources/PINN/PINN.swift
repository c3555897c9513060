// The umbrella module: `import PINN` brings in every layer of the framework.
@_exported import Autodiff
@_exported import Sampling
@_exported import Networks
@_exported import Optimization
@_exported import Spectral
@_exported import Reference
@_exported import NetCDF
@_exported import Distributed
@_exported import Plotting
