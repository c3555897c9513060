// The Networks module. See Docs/design.md.
