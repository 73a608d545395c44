import Hummingbird
import HummingbirdCore
import Logging
import NIOCore

/// Hummingbird's HTTP/1.1 child channel behind a ``ConnectionGate``: a connection within the
/// limit is served as usual; one over it gets the overload answer (503 with a JSON body) from
/// an ``OverloadAnswer`` at the front of its pipeline, which no request ever gets past.
struct GuardedHTTP1Channel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value

    let inner: HTTP1Channel
    let gate: ConnectionGate
    /// The raw HTTP response an over-limit connection gets.
    let overload: [UInt8]

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        guard gate.enter() else {
            return inner.setup(channel: channel, logger: logger).flatMapThrowing { value in
                try channel.pipeline.syncOperations.addHandler(OverloadAnswer(response: overload), position: .first)
                return value
            }
        }
        let gate = self.gate
        channel.closeFuture.whenComplete { _ in gate.leave() }
        return inner.setup(channel: channel, logger: logger)
    }

    func handle(value: Value, logger: Logger) async {
        await inner.handle(value: value, logger: logger)
    }
}
