#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

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
    /// Seconds a connection may stay silent (between requests, or inside a request's head), and
    /// the longest one request may take to arrive, head to end of body; then it is closed.
    public var idleTimeout: Double
    /// The most connections open at once; one more is answered 503 and closed. Below the file
    /// limit, so the server can always accept, answer and open its store.
    public var maxConnections: Int

    public init(
        host: String = "127.0.0.1", port: Int = 8080, maxBody: Int = 1 << 20, driftInterval: Double = 60,
        maxGroup: Int = 256, idleTimeout: Double = 30, maxConnections: Int = ServeConfiguration.defaultMaxConnections
    ) {
        self.host = host
        self.port = port
        self.maxBody = maxBody
        self.driftInterval = driftInterval
        self.maxGroup = maxGroup
        self.idleTimeout = idleTimeout
        self.maxConnections = maxConnections
    }

    /// The process's file limit (`RLIMIT_NOFILE`, the soft one), nil when unlimited or unknown.
    public static var fileLimit: Int? {
        var limit = rlimit()
        #if canImport(Glibc)
            let status = getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
        #else
            let status = getrlimit(RLIMIT_NOFILE, &limit)
        #endif
        // RLIM_INFINITY is all ones, past Int.max.
        guard status == 0, limit.rlim_cur < UInt64(Int.max) else { return nil }
        return Int(limit.rlim_cur)
    }

    /// Descriptors kept for everything but connections: the store (database, WAL, shared memory),
    /// the listening socket, the event loops, and the over-limit connections being answered 503.
    public static func reserve(fileLimit: Int) -> Int { max(64, fileLimit / 10) }

    /// The file limit less ``reserve(fileLimit:)``: 18,000 for a limit of 20,000, 960 for 1,024;
    /// 10,000 when there is no limit.
    public static var defaultMaxConnections: Int {
        guard let limit = fileLimit else { return 10_000 }
        return max(1, limit - reserve(fileLimit: limit))
    }
}
