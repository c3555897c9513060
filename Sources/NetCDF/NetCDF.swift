// The NetCDF module. See Docs/design.md.
