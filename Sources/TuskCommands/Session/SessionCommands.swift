/// Commands about the session itself.
public enum SessionCommands {
    public static let all: [any TuskCommand.Type] = [Help.self, Format.self, Save.self, ExportK8s.self]
}
