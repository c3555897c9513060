// The Optimization module. See Docs/design.md.
