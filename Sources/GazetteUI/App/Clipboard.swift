import Foundation

/// The desktop's clipboard program, for terminals that ignore OSC 52.
enum Clipboard {
    /// wl-copy under Wayland, xclip or xsel under X; nil without a display or a program.
    static func tool(environment: [String: String], find: (String) -> Bool) -> [String]? {
        if !(environment["WAYLAND_DISPLAY"] ?? "").isEmpty, find("wl-copy") { return ["wl-copy"] }
        if !(environment["DISPLAY"] ?? "").isEmpty {
            if find("xclip") { return ["xclip", "-selection", "clipboard"] }
            if find("xsel") { return ["xsel", "--clipboard", "--input"] }
        }
        return nil
    }

    /// Gives the program the text on its input (it must not touch the terminal).
    static func run(_ command: [String], text: String) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = command
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return false }
        input.fileHandleForWriting.write(Data(text.utf8))
        try? input.fileHandleForWriting.close()
        // xclip stays in the background to serve the selection: do not wait for it.
        return true
    }
}
