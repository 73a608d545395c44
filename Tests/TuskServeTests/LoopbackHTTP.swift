import Dispatch
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A plain HTTP/1.1 client over a loopback socket, for the tests: one request per connection
/// (`Connection: close`), the answer read by its `Content-Length`. Written on the socket calls rather
/// than URLSession so that a test controls exactly what is sent (an oversized body, a body the
/// server stops reading) and sees exactly what comes back.
struct HTTPAnswer: Sendable {
    let status: Int
    let headers: [String: String]
    let body: String

    /// The body as JSON (an object), or an empty dictionary.
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:]
    }
}

struct HTTPFailure: Error, CustomStringConvertible {
    let description: String
}

enum LoopbackHTTP {
    /// Sends one request to 127.0.0.1:`port`, on a thread of its own: the socket calls block,
    /// and blocking the threads of Dispatch's global queues would starve an in-process server,
    /// whose handlers run on them.
    static func send(
        port: Int, _ method: String, _ path: String, body: String? = nil, headers: [String: String] = [:]
    ) async throws -> HTTPAnswer {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(
                    with: Result { try sendNow(port: port, method, path, body: body, headers: headers) })
            }.start()
        }
    }

    /// A socket connected to 127.0.0.1:`port` that has sent nothing, reads timing out after
    /// `timeout` seconds; the caller closes it.
    static func connect(port: Int, timeout seconds: Int = 30) throws -> Int32 {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw HTTPFailure(description: "socket: \(String(cString: strerror(errno)))") }
        var timeout = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            close(socket)
            throw HTTPFailure(description: "connect: \(String(cString: strerror(errno)))")
        }
        return socket
    }

    /// Writes `text` to a connected socket; false when the peer has closed it.
    static func write(_ socket: Int32, _ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            == bytes.count
    }

    /// Reads until the peer closes or the read times out: what arrived, and whether it closed.
    static func readToEnd(_ socket: Int32) -> (text: String, closed: Bool) {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
            if n == 0 { return (String(decoding: received, as: UTF8.self), true) }
            if n < 0 { return (String(decoding: received, as: UTF8.self), errno == ECONNRESET) }
            received += buffer[0..<n]
        }
    }

    static func sendNow(
        port: Int, _ method: String, _ path: String, body: String? = nil, headers: [String: String] = [:]
    ) throws -> HTTPAnswer {
        let socket = try connect(port: port)
        defer { close(socket) }
        let bytes = Array((body ?? "").utf8)
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        if body != nil || method == "POST" {
            head += "Content-Type: application/json\r\nContent-Length: \(bytes.count)\r\n"
        }
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        let request = Array((head + "\r\n").utf8) + bytes
        var sent = 0
        while sent < request.count {
            let n = request[sent...].withUnsafeBytes {
                Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            // A server that refuses a body may close before reading it: read what it answered.
            if n <= 0 { break }
            sent += n
        }
        return try AnswerReader(socket: socket).next()
    }
}

/// Reads answers off a kept-alive connection, each framed by its `Content-Length`.
final class AnswerReader {
    let socket: Int32
    private var buffer: [UInt8] = []
    private var ended = false

    init(socket: Int32) { self.socket = socket }

    /// Reads more; false at the end of the stream or after the socket's read timeout.
    private func fill() -> Bool {
        guard !ended else { return false }
        var chunk = [UInt8](repeating: 0, count: 65536)
        let n = chunk.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
        guard n > 0 else {
            // A timeout leaves the connection open; an end or a reset closes it.
            if n == 0 || errno == ECONNRESET { ended = true }
            return false
        }
        buffer += chunk[0..<n]
        return true
    }

    /// The next line, without its CRLF.
    func line() throws -> String {
        while true {
            if let end = buffer.indices.dropLast().first(where: { buffer[$0] == 13 && buffer[$0 + 1] == 10 }) {
                defer { buffer.removeFirst(end + 2) }
                return String(decoding: buffer[..<end], as: UTF8.self)
            }
            guard fill() else { throw HTTPFailure(description: "the connection ended inside a line") }
        }
    }

    /// The next answer; the answer to a HEAD request (`bodiless`) has none, whatever its length says.
    func next(bodiless: Bool = false) throws -> HTTPAnswer {
        let status = try line()
        let words = status.split(separator: " ")
        guard words.count >= 2, let code = Int(words[1]) else {
            throw HTTPFailure(description: "bad status line '\(status)'")
        }
        var headers: [String: String] = [:]
        while case let header = try line(), !header.isEmpty {
            guard let colon = header.firstIndex(of: ":") else { continue }
            headers[header[..<colon].lowercased()] = header[header.index(after: colon)...].trimmingCharacters(
                in: .whitespaces)
        }
        let length = bodiless ? 0 : Int(headers["content-length"] ?? "0") ?? 0
        while buffer.count < length {
            guard fill() else { throw HTTPFailure(description: "the connection ended inside a body") }
        }
        defer { buffer.removeFirst(length) }
        return HTTPAnswer(status: code, headers: headers, body: String(decoding: buffer[..<length], as: UTF8.self))
    }

    /// Whether the server has closed the connection: nothing more arrives, and it ended before
    /// the socket's read timeout.
    func atEnd() -> Bool {
        buffer.isEmpty && !fill() && ended
    }
}
