// The demo network generator is a library of its own (the `kith demo` command uses it); the
// tests keep reaching it through the test support.
@_exported import KithDemo
