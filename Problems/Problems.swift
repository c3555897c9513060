// The bundled problems. Each lives in a file of its own.
