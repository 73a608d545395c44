import Foundation
import TuskCLI

// `tusk serve`'s HTTP server, an executable of its own so that `tusk` builds without SwiftNIO;
// `tusk serve …` replaces itself with this program (`ServeLauncher`).
exit(await TuskMain.run(root: ServeCommand.self, Array(CommandLine.arguments.dropFirst())))
