/// Checks a condition of correct API use and stops with `message` when it fails, in every
/// build mode. (The standard library's `precondition` drops its message in optimised
/// builds; shape errors must name the operation and the shapes there too.)
@inlinable @inline(__always)
public func require(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
                    file: StaticString = #file, line: UInt = #line) {
    if !condition() { fatalError(message(), file: file, line: line) }
}
