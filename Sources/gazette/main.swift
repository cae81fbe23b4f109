import ArgumentParser
import Foundation
import GazetteCore

// Exit codes: 0 success, 1 some input failed, 2 usage error.
if let problem = WallClock.problem { Terminal.warn(problem.description) }
do {
    var command = try Gazette.parseAsRoot()
    try command.run()
} catch let failure as Failure {
    Terminal.warn(failure.description)
    exit(failure.code)
} catch let error as StoreError {
    Terminal.warn(error.description)
    exit(1)
} catch let exit as ExitCode {
    Foundation.exit(exit.rawValue)
} catch {
    let code = Gazette.exitCode(for: error)
    if code == .success {
        // --help, --version
        say(Gazette.fullMessage(for: error))
        exit(0)
    }
    FileHandle.standardError.write(Data((Sanitize.text(Gazette.fullMessage(for: error)) + "\n").utf8))
    exit(code == .validationFailure ? 2 : code.rawValue == 1 ? 1 : 2)
}
