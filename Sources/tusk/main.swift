import Foundation
import TuskCLI

exit(TuskMain.run())
