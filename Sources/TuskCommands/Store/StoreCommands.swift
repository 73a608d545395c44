/// The data side, in pachctl's words: repos, branches, commits and files.
package enum StoreCommands {
    package static let all: [any TuskCommand.Type] = [
        CreateRepo.self, ListRepo.self, InspectRepo.self, DeleteRepo.self,
        CreateBranch.self, ListBranch.self,
        PutFile.self, StartCommit.self, FinishCommit.self,
        GetFile.self, ListFile.self, GlobFile.self, DiffFile.self,
        ListCommit.self, InspectCommit.self, Blame.self,
    ]
}
