/// Catching a mistyped subcommand before ArgumentParser, whose message ("unexpected
/// argument") does not say that a command was meant nor which one.
enum CommandNames {
    /// Throws for a first argument that is neither an option nor a command, suggesting the
    /// nearest command: `lessons stpe` → did you mean `lessons step`?
    static func check(_ first: String, known: [String]) throws(InputError) {
        guard !first.hasPrefix("-"), first != "help", !known.contains(first) else { return }
        let near = NearestNames.nearest(to: first, in: known, limit: 1)
        throw InputError(message: "unknown command '\(first)'; "
            + (near.first.map { "did you mean 'lessons \($0)'? " } ?? "")
            + "commands: " + known.joined(separator: ", ") + " (lessons --help)")
    }
}
