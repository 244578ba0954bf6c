extension ValueText {
    /// A count with its noun in the right number, the one rule for every view: `1 exercise`,
    /// `2 exercises`, `0 cells`; `plural` for a noun that does not take an `s`
    /// (`count(3, "entry", plural: "entries")`, `count(2, "series", plural: "series")`).
    public static func count(_ number: Int, _ noun: String, plural: String? = nil) -> String {
        "\(number) " + (number == 1 ? noun : plural ?? noun + "s")
    }
}
