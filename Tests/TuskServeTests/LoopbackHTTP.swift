import Dispatch
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A plain HTTP/1.1 client over a loopback socket, for the tests: one request per connection
/// (`Connection: close`), the whole answer read to the end. Written on the socket calls rather
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
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
            if n <= 0 { break }
            received += buffer[0..<n]
        }
        let text = String(decoding: received, as: UTF8.self)
        guard let end = text.range(of: "\r\n\r\n") else {
            throw HTTPFailure(description: "no HTTP answer (\(received.count) bytes): \(text.prefix(200))")
        }
        let lines = text[..<end.lowerBound].components(separatedBy: "\r\n")
        let statusWords = lines[0].split(separator: " ")
        guard statusWords.count >= 2, let status = Int(statusWords[1]) else {
            throw HTTPFailure(description: "bad status line '\(lines[0])'")
        }
        var fields: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return HTTPAnswer(status: status, headers: fields, body: String(text[end.upperBound...]))
    }
}
