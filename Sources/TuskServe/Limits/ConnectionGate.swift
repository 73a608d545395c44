import Synchronization

/// Counts the connections open and admits a new one only below the limit.
///
/// Why: each connection holds a file descriptor; past the process's file limit the server can
/// neither accept nor open its store, and every client waits unanswered. Below the limit, a
/// connection over the cap is still accepted, told 503 and closed at once, so its descriptor
/// returns within moments.
final class ConnectionGate: Sendable {
    let limit: Int
    private let open = Atomic<Int>(0)

    init(limit: Int) { self.limit = max(1, limit) }

    /// Takes a place if one is free.
    func enter() -> Bool {
        while true {
            let now = open.load(ordering: .relaxed)
            guard now < limit else { return false }
            if open.compareExchange(expected: now, desired: now + 1, ordering: .acquiringAndReleasing).exchanged {
                return true
            }
        }
    }

    func leave() { open.wrappingSubtract(1, ordering: .acquiringAndReleasing) }

    var count: Int { open.load(ordering: .acquiring) }
}
