import Foundation

/// A new chapter's first draft (`lessons new TITLE`): the file name that comes next in the
/// book and a markdown text that already meets the book's standard (a paragraph, a value
/// recorded by a cell and pinned by a claim, two plots, three claims, an exercise with its
/// solution), so that `lessons verify` passes before the author has changed a word.
public struct ChapterScaffold: Sendable, Hashable {
    /// The title as given, trimmed.
    public let title: String
    /// The chapter's id, from the title: `two-3x3` for "Two 3×3".
    public let slug: String
    /// The `NN` of the file name.
    public let number: Int

    /// Why a title cannot become a chapter.
    public enum Problem: Error, Hashable, Sendable, CustomStringConvertible {
        /// The title has no letter or digit a file name can keep.
        case emptySlug(title: String)
        /// A chapter of the book already has this slug.
        case existing(file: String)

        /// What went wrong and what to do.
        public var description: String {
            switch self {
            case let .emptySlug(title):
                "the title '\(title)' gives an empty file name: use at least one letter or digit (a–z, 0–9)"
            case let .existing(file):
                "\(file) already exists with this title's slug; choose another title or edit that chapter"
            }
        }
    }

    /// The draft of a chapter titled `title` for a book whose chapters are `book`: numbered
    /// one past the highest number there (01 for an empty book).
    public init(title: String, book: Book) throws(Problem) {
        let trimmed = title.trimmingCharacters(in: .whitespacesAndNewlines)
        let slug = Self.slug(trimmed)
        guard !slug.isEmpty else { throw .emptySlug(title: trimmed) }
        if let clash = book.chapters.first(where: { $0.id == slug }) { throw .existing(file: clash.file) }
        self.title = trimmed
        self.slug = slug
        self.number = (book.chapters.compactMap(\.number).max() ?? 0) + 1
    }

    /// `NN-slug.md`.
    public var fileName: String { String(format: "%02d-", number) + slug + ".md" }

    /// The slug of a title: lower case ASCII letters and digits, accents dropped, `×` read as
    /// `x` (`3×3` → `3x3`), every other run of characters one `-`, none at either end.
    public static func slug(_ title: String) -> String {
        let folded = title.replacingOccurrences(of: "×", with: "x")
            .folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: nil)
        var slug = ""
        var pendingDash = false
        for scalar in folded.unicodeScalars {
            if scalar.isASCII, CharacterSet.alphanumerics.contains(scalar) {
                if pendingDash, !slug.isEmpty { slug.append("-") }
                slug.unicodeScalars.append(scalar)
                pendingDash = false
            } else {
                pendingDash = true
            }
        }
        return slug
    }

    /// The chapter's markdown. Its one `{{ }}` value is recorded by the first cell and pinned
    /// by an equality claim there, so verify's pin check holds; its prose states no decimal,
    /// percentage or fraction that a claim does not check.
    public var markdown: String {
        let metric = "conv.params"
        let fence = "```"
        return """
        ---
        title: \(title)
        summary: One sentence on what this chapter shows.
        ---

        # \(title)

        Say here what the chapter asks and how it finds out. This draft measures one thing to
        show the pattern: a 3×3 convolution from 64 to 64 channels has {{ \(metric) }}
        learnable parameters, a number the cell below computes and a claim pins.

        \(fence)swift id=measure
        let conv = Conv2D(inChannels: 64, outChannels: 64, kernel: 3, padding: 1)
        print(conv)
        record("\(metric)", Double(conv.parameterCount))
        // 64·64·3·3 weights and 64 biases; a tolerance below 1 catches any miscount.
        claim("a 3×3 convolution from 64 to 64 channels has 36,928 parameters",
              Double(conv.parameterCount), equals: 36_928, within: 0.5, pins: "\(metric)")
        \(fence)

        Parameters grow with the square of the kernel's side, which is why stacks of small
        kernels pay:

        \(fence)swift id=plots
        let sides = [1.0, 3.0, 5.0, 7.0]
        let counts = sides.map { side in
            Double(Conv2D(inChannels: 64, outChannels: 64, kernel: Size2D(h: Int(side), w: Int(side))).parameterCount)
        }
        plot(.line("parameters of one 64→64 convolution", xLabel: "kernel side", yLabel: "parameters",
                   [.init("64→64", x: sides, y: counts)]))
        let five = Double(Conv2D(inChannels: 64, outChannels: 64, kernel: 5, bias: false).parameterCount)
        let threes = 2 * Double(Conv2D(inChannels: 64, outChannels: 64, kernel: 3, bias: false).parameterCount)
        plot(.bars("one 5×5 against two 3×3", categories: ["5×5", "3×3 + 3×3"], [.init("weights", values: [five, threes])]))
        claim("the parameters grow with the kernel's side", counts == counts.sorted())
        claim("two 3×3 need fewer weights than one 5×5", threes < five)
        \(fence)

        **Exercise.** Count the parameters of a 1×1 convolution from 64 to 16 channels, with its bias.

        \(fence)swift exercise
        let bottleneck = 0  // replace 0 with the count
        claim("a 1×1 convolution from 64 to 16 channels has 1,040 parameters",
              Double(bottleneck), equals: 1_040, within: 0.5)
        \(fence)

        \(fence)swift solution
        let bottleneck = Conv2D(inChannels: 64, outChannels: 16, kernel: 1).parameterCount
        claim("a 1×1 convolution from 64 to 16 channels has 1,040 parameters",
              Double(bottleneck), equals: 1_040, within: 0.5)
        \(fence)

        """
    }
}
