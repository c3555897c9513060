#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Autodiff
import Synchronization

/// How a signal ends the process when it cannot wait for the Trainer's next step (see
/// `InterruptFlag`): every registered temporary file is removed (`TemporaryFiles`), a file
/// prepared in advance is written (a run's summary with the status "interrupted"), a message
/// `Error: interrupted by SIGINT<explanation>` goes to standard error, and the process exits
/// with status 1.
///
/// All of it runs inside the signal handler, so everything is prepared beforehand
/// (`explain(_:)`, `prepareFile(_:at:)`: C strings and bytes behind an atomic pointer) and the
/// handler only loads atomics and calls `unlink`, `open`, `write`, `close`, `rename` and
/// `_exit`, which are async-signal-safe. Call the two from one thread at a time.
public enum SignalExit {
    /// Sets what follows "Error: interrupted by SIGxxx" in the message, e.g. " while
    /// computing the reference; nothing was written". It should say what is kept.
    public static func explain(_ text: String) {
        publish(LastWords(message: text, file: current?.file))
    }

    /// Writes `contents` to `path` when a signal ends the process (nil: no file; nor where
    /// `ReplacedFile` refuses the path, a device say).
    public static func prepareFile(_ contents: [UInt8]?, at path: String?) {
        let target = path.flatMap { try? ReplacedFile.target(of: $0) }
        let file = contents.flatMap { c in target.map { PreparedFile(path: $0, contents: c) } }
        publish(LastWords(message: current?.text ?? "", file: file))
    }

    /// Ends the process as the type's comment says. Async-signal-safe; a second caller (a
    /// signal on another thread) waits for the first to end the process.
    public static func terminate(signal s: Int32) -> Never {
        if exiting.exchange(true, ordering: .sequentiallyConsistent) {
            while true { pause() }
        }
        TemporaryFiles.removeAll()
        let words = current
        words?.file?.write()
        emit("Error: interrupted by ")
        emit(s == SIGINT ? "SIGINT" : s == SIGTERM ? "SIGTERM" : "a signal")
        if let words { _ = systemWrite(2, words.message, words.messageLength) }
        emit("\n")
        _exit(1)
    }

    /// Allocates everything the handler touches; called when the handlers are installed.
    static func prepare() {
        TemporaryFiles.prepare()
        _ = exiting.load(ordering: .relaxed)
        _ = lastWords.load(ordering: .relaxed)
    }

    private static var current: LastWords? {
        let address = lastWords.load(ordering: .sequentiallyConsistent)
        guard address != 0 else { return nil }
        return Unmanaged<LastWords>.fromOpaque(UnsafeRawPointer(bitPattern: address)!).takeUnretainedValue()
    }

    /// Makes `words` the current last words and frees the previous ones, unless a handler has
    /// begun: it sets `exiting` before it loads the pointer, so when `exiting` is still false
    /// after the exchange (both sequentially consistent) a handler will see the new words.
    /// (A run refreshes its prepared summary twice a second: they must not pile up.)
    private static func publish(_ words: LastWords) {
        let old = lastWords.exchange(UInt(bitPattern: Unmanaged.passRetained(words).toOpaque()), ordering: .sequentiallyConsistent)
        guard old != 0, !exiting.load(ordering: .sequentiallyConsistent) else { return }
        Unmanaged<LastWords>.fromOpaque(UnsafeRawPointer(bitPattern: old)!).release()
    }

    private static func emit(_ s: StaticString) { _ = systemWrite(2, s.utf8Start, s.utf8CodeUnitCount) }
}

/// The message and the file of `SignalExit`, as C memory prepared outside the handler.
private final class LastWords: Sendable {
    let text: String
    nonisolated(unsafe) let message: UnsafeMutablePointer<UInt8>
    let messageLength: Int
    let file: PreparedFile?

    init(message text: String, file: PreparedFile?) {
        self.text = text
        let bytes = Array(text.utf8)
        message = .allocate(capacity: Swift.max(bytes.count, 1))
        message.initialize(from: bytes, count: bytes.count)
        messageLength = bytes.count
        self.file = file
    }

    deinit { message.deallocate() }
}

/// A file written by the handler: its bytes, its path and a temporary name next to it.
private final class PreparedFile: Sendable {
    nonisolated(unsafe) let path: UnsafeMutablePointer<CChar>
    nonisolated(unsafe) let temporary: UnsafeMutablePointer<CChar>
    nonisolated(unsafe) let bytes: UnsafeMutablePointer<UInt8>
    let count: Int

    init(path p: String, contents: [UInt8]) {
        path = strdup(p)
        temporary = strdup(TemporaryName.sibling(of: p))
        bytes = .allocate(capacity: Swift.max(contents.count, 1))
        bytes.initialize(from: contents, count: contents.count)
        count = contents.count
    }

    deinit {
        free(path)
        free(temporary)
        bytes.deallocate()
    }

    /// Writes the file atomically with async-signal-safe calls only; gives up silently.
    func write() {
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard fd >= 0 else { return }
        var done = 0
        while done < count {
            let n = systemWrite(fd, bytes + done, count - done)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            done += n
        }
        close(fd)
        if done < count || rename(temporary, path) != 0 { unlink(temporary) }
    }
}

/// The address of the current `LastWords` (0: none).
private let lastWords = Atomic<UInt>(0)
/// Set by the first `terminate`.
private let exiting = Atomic<Bool>(false)

