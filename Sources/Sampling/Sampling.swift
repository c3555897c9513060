// The Sampling module. See Docs/design.md.
