import ArgumentParser
import Foundation
import GazetteCore
import GazetteUI

/// `--config FILE`, for the commands that read the config file.
struct ConfigOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The config file (default $XDG_CONFIG_HOME/gazette/config).", valueName: "file"))
    var config: String?

    var path: String { config.map { ($0 as NSString).expandingTildeInPath } ?? Config.defaultPath() }

    /// The config, or a usage error (exit 2) naming the first line Gazette cannot read.
    /// Options Gazette does not have are warned about once (until the file changes).
    func load() throws -> Config {
        let (config, problems) = Config.load(path: path, mustExist: self.config != nil)
        if let first = problems.first {
            let more = problems.count > 1 ? " (and \(problems.count - 1) more: gazette config check)" : ""
            throw Failure(description: "\(first)\(more)", code: 2)
        }
        if !config.warnings.isEmpty { Self.warnOnce(config.warnings) }
        return config
    }

    /// Prints the warnings unless exactly these were printed before
    /// (`$XDG_STATE_HOME/gazette/config-warnings`).
    static func warnOnce(_ warnings: [String]) {
        let env = ProcessInfo.processInfo.environment
        let dir = (env["XDG_STATE_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil } ?? (NSHomeDirectory() + "/.local/state")) + "/gazette"
        let record = dir + "/config-warnings"
        let text = warnings.joined(separator: "\n") + "\n"
        if let old = try? String(contentsOfFile: record, encoding: .utf8), old == text { return }
        for warning in warnings { Terminal.warn(warning) }
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try? text.write(toFile: record, atomically: true, encoding: .utf8)
    }
}

struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Check the config file, list the operations keys can be bound to.",
        subcommands: [ConfigCheck.self, ConfigOperations.self],
        defaultSubcommand: ConfigCheck.self
    )
}

struct ConfigCheck: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "check", abstract: "Report every problem in the config file without starting the reader.")
    @OptionGroup var configOptions: ConfigOptions

    func run() throws {
        let path = configOptions.path
        let (config, problems) = Config.load(path: path, mustExist: configOptions.config != nil)
        if !FileManager.default.fileExists(atPath: path), configOptions.config == nil {
            say("No config file at \(path): Gazette runs with its defaults.")
            return
        }
        for problem in problems { Terminal.warn(problem.description) }
        for warning in config.warnings { Terminal.warn(warning) }
        if problems.isEmpty {
            say("\(path): OK" + (config.warnings.isEmpty ? "" : " (\(config.warnings.count) options ignored)"))
        } else {
            throw Failure(description: "\(problems.count) line\(problems.count == 1 ? "" : "s") Gazette cannot read in \(path)", code: 2)
        }
    }
}

struct ConfigOperations: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "operations", abstract: "The operations bind-key takes, with newsboat's names for them.")

    func run() {
        for operation in KeyMap.operations {
            say(operation.name + (operation.aliases.isEmpty ? "" : "  (newsboat: \(operation.aliases.joined(separator: ", ")))"))
        }
    }
}
