/// Commands about the session itself.
package enum SessionCommands {
    package static let all: [any TuskCommand.Type] = [Help.self, Format.self, Save.self, ExportK8s.self]
}
