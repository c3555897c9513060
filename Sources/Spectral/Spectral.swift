// The Spectral module. See Docs/design.md.
