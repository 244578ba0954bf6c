import Foundation

// The generated chapter program calls these between cells. They are public because the
// program is a separate module; the underscore says that cells should not call them.

// The generated program itself calls `setvbuf(stdout, nil, _IOLBF, 0)` first (it is built in
// Swift 5 mode, where touching the C global `stdout` is allowed): a fully buffered stdout
// would lose what a cell printed before it trapped, since a trap ends the process unflushed.

/// Ends the previous cell and begins cell `index` (0-based) with id `id`: flushes both
/// streams, points file descriptors 1 and 2 at the cell's own files in the folder named by
/// `LESSONS_CELL_OUTPUT`, and tells the engine through the side channel.
public func _lessonsBeginCell(_ index: Int, _ id: String) {
    fflush(nil)  // every C stream, stdout and stderr included
    let environment = ProcessInfo.processInfo.environment
    if let folder = environment[WireFormat.outputFolderVariable], !folder.isEmpty {
        redirect(STDOUT_FILENO, to: folder + "/" + WireFormat.stdoutFile(cellIndex: index))
        redirect(STDERR_FILENO, to: folder + "/" + WireFormat.stderrFile(cellIndex: index))
    }
    Channel.shared.begin(cell: id)
    announceToSupervisor(cellIndex: index)
}

/// Flushes the last cell's output and tells the engine that the program ran to its end.
public func _lessonsEnd() {
    fflush(nil)  // every C stream, stdout and stderr included
    Channel.shared.send(.end, time: monotonicSeconds())
}

private func redirect(_ descriptor: Int32, to path: String) {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    guard fd >= 0 else { return }  // keep the previous target rather than lose the stream
    dup2(fd, descriptor)
    close(fd)
}
