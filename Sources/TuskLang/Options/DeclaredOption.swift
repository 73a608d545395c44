/// An option a command declares: a typed ``Option`` or a ``Flag``, seen by what help, usage,
/// completion and the parser need (its ``CommandDeclaration/Option`` record).
///
/// Commands list these in their ``CommandDeclaration`` and read them back from the
/// ``Invocation`` with the same value, so an option has one name, written once.
public protocol DeclaredOption: Sendable {
    var spec: CommandDeclaration.Option { get }
}

extension DeclaredOption {
    public var name: String { spec.name }
}
