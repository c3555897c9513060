// Downstream modules use Real (exp, log, sin, ...) on TensorScalar; re-export it.
@_exported import RealModule
// `require` and the did-you-mean helpers live in Diagnostics; every layer above sees them.
@_exported import Diagnostics
