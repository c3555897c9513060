// Downstream modules use Real (exp, log, sin, ...) on TensorScalar; re-export it.
@_exported import RealModule
