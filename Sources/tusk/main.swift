import Foundation
import TuskCLI

exit(await TuskMain.run())
