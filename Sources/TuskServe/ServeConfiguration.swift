/// Where `tusk serve` listens and what it accepts.
///
///     var configuration = ServeConfiguration()
///     configuration.port = 0  // an ephemeral port, for tests
public struct ServeConfiguration: Sendable, Equatable {
    /// The address to bind: loopback unless told otherwise, since the server has no authentication.
    public var host: String
    /// 0 picks a free port; the listening line says which.
    public var port: Int
    /// The largest request body read, in bytes; a larger one is refused with 413 before it is parsed.
    public var maxBody: Int
    /// How old the drift figures of `/metrics` may be, in seconds: a scrape recomputes them when
    /// they are older, since the tests read the whole log since the current release.
    public var driftInterval: Double
    /// The most payloads logged in one transaction.
    public var maxGroup: Int

    public init(
        host: String = "127.0.0.1", port: Int = 8080, maxBody: Int = 1 << 20, driftInterval: Double = 60,
        maxGroup: Int = 256
    ) {
        self.host = host
        self.port = port
        self.maxBody = maxBody
        self.driftInterval = driftInterval
        self.maxGroup = maxGroup
    }
}
