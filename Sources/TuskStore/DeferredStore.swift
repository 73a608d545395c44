import Synchronization

/// A store that is opened the first time a command needs it, and then kept.
///
/// A command run from the shell that only reads and writes local files
/// (`tusk train logistic on adult.data … -o model.json`) then neither pays for opening the
/// database (a few milliseconds; tens when it has to be created and migrated) nor leaves a new
/// `.tusk` directory behind. An error opening it is that command's error.
///
///     let store = DeferredStore(directory: ".tusk")
///     let repos = try store.get().listRepos()  // opens it here
public final class DeferredStore: Sendable {
    /// Where the store lives, or nil in memory; known before it is opened.
    public let directory: String?
    private let open: @Sendable () throws(StoreError) -> Store
    /// The outcome of the first open, kept: a store that could not be opened is not retried.
    private let opened: Mutex<Result<Store, StoreError>?>

    /// The store in `directory`, opened on first use, and created then if `create` (else a
    /// directory without a store is ``StoreError/Kind/noStore``).
    public init(directory: String, create: Bool = true) {
        self.directory = directory
        open = { () throws(StoreError) in
            try Store.open(directory: directory, configuration: StoreConfiguration(), create: create)
        }
        opened = Mutex(nil)
    }

    /// A fresh in-memory store, made on first use.
    public static func inMemory() -> DeferredStore { DeferredStore() }

    private init() {
        directory = nil
        open = { () throws(StoreError) in try Store.inMemory() }
        opened = Mutex(nil)
    }

    /// A store already open.
    public init(_ store: Store) {
        directory = store.directory
        open = { () throws(StoreError) in store }
        opened = Mutex(.success(store))
    }

    /// Whether the store has been opened.
    public var isOpen: Bool {
        opened.withLock { opened in
            if case .success = opened { return true }
            return false
        }
    }

    /// The store, opened now if this is the first use.
    public func get() throws(StoreError) -> Store {
        let result = opened.withLock { opened in
            if let opened { return opened }
            let result = Result { () throws(StoreError) in try open() }
            opened = result
            return result
        }
        return try result.get()
    }
}
