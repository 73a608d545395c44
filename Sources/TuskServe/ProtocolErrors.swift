import Hummingbird

/// Answers what no route answers, in the protocol's error shape: a known path with another
/// method gets 405 with `Allow`, an unknown path 404; and any error a handler lets escape
/// (Hummingbird's own, such as a body it cannot read) becomes a JSON body with its status.
///
/// Why a middleware over Hummingbird's router and not its not-found responder: the router
/// answers a path it knows with the wrong method as it answers an unknown path (404, empty
/// body), and both protocols want a JSON body on every error.
struct ProtocolErrors: RouterMiddleware {
    typealias Context = BasicRequestContext

    /// Each route's method and path segments (`:name` matches any one segment).
    let routes: [(method: HTTPRequest.Method, segments: [Substring])]

    init(routes: [(HTTPRequest.Method, String)]) {
        self.routes = routes.map { ($0.0, $0.1.split(separator: "/")) }
    }

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let path = request.uri.path
        let api = Routes.API.serving(path)
        let segments = path.split(separator: "/")
        let matching = routes.filter { route in
            route.segments.count == segments.count
                && zip(route.segments, segments).allSatisfy { $0.hasPrefix(":") ? !$1.isEmpty : $0 == $1 }
        }
        guard !matching.isEmpty else {
            return Routes.json(404, api.error(.unknownRoute(request.method.rawValue, path)))
        }
        guard matching.contains(where: { $0.method == request.method }) else {
            let allowed = Array(Set(matching.map(\.method.rawValue))).sorted()
            var response = Routes.json(
                405, api.error(.methodNotAllowed(request.method.rawValue, path, allowed: allowed)))
            response.headers[.allow] = allowed.joined(separator: ", ")
            return response
        }
        do {
            return try await next(request, context)
        } catch let error as any HTTPResponseError {
            let failure = ServeFailure(
                status: Int(error.status.code), reason: "HTTP_\(error.status.code)",
                message: "\(error.status.reasonPhrase.lowercased()): \(error)")
            return Routes.json(failure.status, api.error(failure))
        } catch {
            let failure = ServeFailure(status: 500, reason: "INTERNAL", message: "\(error)")
            return Routes.json(500, api.error(failure))
        }
    }
}
