import Foundation
@testable import PINNCommandLine
import Testing

/// The child process that reads an untrusted result file before `plot` does: a crash or a hang
/// of the reader becomes a clean error, a normal end lets the file through.
@Suite struct ResultFileProbeTests {
    func failure(_ script: String, timeout: TimeInterval = 30) -> String? {
        do {
            try ResultFileProbe.check("r.nc", executable: "/bin/sh", arguments: ["-c", script], timeout: timeout)
            return nil
        } catch let error as RunFailure {
            return error.message
        } catch {
            return "unexpected \(error)"
        }
    }

    @Test func normalEndsPass() {
        #expect(failure("exit 0") == nil)
        #expect(failure("exit 1") == nil)   // a clean error: the file is then read here, which reports it
    }

    @Test func crashIsAnError() throws {
        let message = try #require(failure("kill -SEGV $$"))
        #expect(message.contains("crashed on it with signal 11"), "\(message)")
    }

    @Test func hangIsStoppedAtTheTimeout() throws {
        let start = Date()
        // exec: no grandchild holds the pipe by which Foundation learns that the child ended.
        let message = try #require(failure("exec sleep 30", timeout: 0.5))
        #expect(message.contains("did not finish within"), "\(message)")
        #expect(Date().timeIntervalSince(start) < 10, "the hung child was not stopped")
    }
}
