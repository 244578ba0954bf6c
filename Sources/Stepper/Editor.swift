import Foundation

/// Opens files in `$EDITOR` (or `$VISUAL`), with the terminal handed over until it exits.
public enum Editor {
    /// Opens `file`; returns a message when there is no editor or it failed.
    public static func open(_ file: String, environment: [String: String]) -> String? {
        guard let editor = environment["VISUAL"].flatMap({ $0.isEmpty ? nil : $0 })
            ?? environment["EDITOR"].flatMap({ $0.isEmpty ? nil : $0 }) else {
            return "no $EDITOR set: edit \(file) in your editor, then press c"
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        // The editor command may carry flags (`code -w`): the shell splits it; the file is
        // passed as an argument, never pasted into the command.
        process.arguments = ["-c", editor + " \"$1\"", "sh", file]
        do {
            try process.run()
            process.waitUntilExit()
        } catch {
            return "could not start \(editor): \(error.localizedDescription)"
        }
        return process.terminationStatus == 0 ? nil : "\(editor) exited with status \(process.terminationStatus)"
    }
}
