import CGazetteSupport
import Foundation
import GazetteCore

/// Effects the app performs itself because they touch the terminal, the clipboard or other
/// programs: copy, play, save, pipe.
extension App {
    func terminalEffect(_ effect: Effect) -> Action? {
        switch effect {
        case .copy(let text): return copy(text)
        case .play(let url): return play(url)
        case .saveArticle(let id, let path, let overwrite): return save(id, to: path, overwrite: overwrite)
        case .pipeArticle(let id, let command): return pipe(id, to: command)
        case .keepSearch(let saved): return keep(saved)
        default: return nil
        }
    }

    /// Text onto the clipboard, by OSC 52 and by a clipboard program when one is there.
    func copy(_ text: String) -> Action {
        let text = Sanitize.line(text)
        var ways: [String] = []
        if backend.copyToClipboard(text) { ways.append("OSC 52") }
        if let tool = Clipboard.tool(environment: environment, find: { Browser.isExecutable($0, path: self.environment["PATH"]) }),
           Clipboard.run(tool, text: text) {
            ways.append((tool[0] as NSString).lastPathComponent)
        }
        guard !ways.isEmpty else { return .linkOpened(done: false, message: "No clipboard here (no OSC 52, no wl-copy, xclip or xsel): \(text)") }
        return .linkOpened(done: true, message: "Copied \(text) (\(ways.joined(separator: ", ")))")
    }

    /// An attachment in the player (`player` from the config, else xdg-open), detached: the
    /// screen stays Gazette's. Only web addresses are handed over.
    func play(_ link: String) -> Action {
        guard let url = Browser.webAddress(link) else {
            return .linkOpened(done: false, message: "Not playing \(link): only web links (http, https) are opened.")
        }
        let path = environment["PATH"]
        let words = (player ?? "").split(separator: " ").map(String.init)
        let arguments: [String]
        if let program = words.first {
            guard Browser.isExecutable(program, path: path) else {
                return .linkOpened(done: false, message: "The player \(program) (config: player) is not installed.")
            }
            arguments = words.contains { $0.contains("%u") } ? words.map { $0.replacingOccurrences(of: "%u", with: url) } : words + [url]
        } else if Browser.isExecutable("xdg-open", path: path) {
            arguments = ["xdg-open", url]
        } else {
            return .linkOpened(done: false, message: "No player: set one in the config (player mpv), or d downloads it.")
        }
        let name = (arguments[0] as NSString).lastPathComponent
        return detach(arguments) ? .linkOpened(done: true, message: "Playing \(url) with \(name)")
            : .linkOpened(done: false, message: "Could not start \(name) for \(url)")
    }

    /// The article as a file: Markdown when the name ends in .md, else text. Never replaces
    /// a file unless the user said so; written whole or not at all.
    func save(_ id: ArticleID, to path: String, overwrite: Bool) -> Action {
        let article: Article
        do { article = try runner.source.loadArticle(id) } catch { return .saved(done: false, message: error.description) }
        let markdown = path.lowercased().hasSuffix(".md") || path.lowercased().hasSuffix(".markdown")
        let text = markdown ? ArticleExport.markdown(article, now: state.now, zone: state.timeZone)
            : ArticleExport.text(article, now: state.now, zone: state.timeZone)
        let shown = ArticleExport.shortened(path, home: state.home)
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) {
            if isFolder.boolValue { return .saved(done: false, message: "Not saved: \(shown) is a folder.") }
            if !overwrite { return .saveExists(id, path: path) }
        }
        let folder = (path as NSString).deletingLastPathComponent
        // Written beside the target under a scratch name, then renamed (replacing) or linked
        // (never replacing a file made meanwhile) into place.
        let scratch = (folder.isEmpty ? "." : folder) + "/.\((path as NSString).lastPathComponent).gazette-\(getpid()).tmp"
        do {
            if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
            try Data(text.utf8).write(to: URL(fileURLWithPath: scratch))
        } catch {
            unlink(scratch)
            return .saved(done: false, message: "Not saved to \(shown): \(Self.reason(error))")
        }
        defer { unlink(scratch) }
        let placed = overwrite ? Glibc.rename(scratch, path) : link(scratch, path)
        if placed != 0 {
            let code = errno
            if code == EEXIST { return .saveExists(id, path: path) }
            return .saved(done: false, message: "Not saved to \(shown): \(String(cString: strerror(code)))")
        }
        return .saved(done: true, message: "Saved \(markdown ? "as Markdown " : "")to \(shown)")
    }

    /// A search kept as a folder: a `query-folder` line added to the config file, so it is
    /// there next time (and the user can edit or remove it there).
    func keep(_ saved: SavedSearch) -> Action {
        guard let path = configPath else { return .saved(done: false, message: "Kept until Gazette quits (no config file to write it to).") }
        let line = saved.configLine + "\n"
        let existing = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        let text = existing + (existing.isEmpty || existing.hasSuffix("\n") ? "" : "\n") + line
        let shown = ArticleExport.shortened(path, home: state.home)
        // The line must read back as written, or the config is left alone.
        let check = Config.parse(text, name: (path as NSString).lastPathComponent)
        guard check.problems.isEmpty else { return .saved(done: false, message: "Not kept: \(check.problems[0].message)") }
        do {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            return .saved(done: false, message: "Kept until Gazette quits: \(shown): \(Self.reason(error))")
        }
        return .saved(done: true, message: "Kept “\(saved.name)” as a folder (query-folder in \(shown))")
    }

    /// An error as the bar says it: the system's reason, not Foundation's sentence.
    static func reason(_ error: Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if ns.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(ns.code))) }
        if ns.domain == NSCocoaErrorDomain, ns.code == NSFileWriteNoPermissionError { return "permission denied" }
        return ns.localizedDescription
    }

    /// The article as text on a command's standard input; the command gets the terminal
    /// until it exits, then "Press Enter" so its output can be read (as mutt does).
    func pipe(_ id: ArticleID, to command: String) -> Action {
        let article: Article
        do { article = try runner.source.loadArticle(id) } catch { return .linkOpened(done: false, message: error.description) }
        let text = ArticleExport.text(article, now: state.now, zone: state.timeZone)
        let file = NSTemporaryDirectory() + "gazette-pipe-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).txt"
        guard FileManager.default.createFile(atPath: file, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
            return .linkOpened(done: false, message: "Could not write the article for the pipe in \(NSTemporaryDirectory())")
        }
        defer { try? FileManager.default.removeItem(atPath: file) }
        // The file is the command's standard input; $1 is the file, $2 the command.
        let script = #"exec <"$1"; rm -f "$1"; eval "$2"; s=$?; printf '\n[exit status %d] Press Enter to go back to Gazette ' "$s"; read _ </dev/tty; exit $s"#
        switch backend.runProgram(["/bin/sh", "-c", script, "gazette-pipe", file, command]) {
        case nil: return .linkOpened(done: false, message: "Could not run /bin/sh for the pipe.")
        case 0?: return .linkOpened(done: true, message: "Piped to \(command)")
        case let status?: return .linkOpened(done: false, message: "\(command) exited with status \(status)")
        }
    }
}
