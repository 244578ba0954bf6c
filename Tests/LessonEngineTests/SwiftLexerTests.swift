import LessonEngine
import Testing

@Suite struct SwiftLexerTests {
    func kinds(_ source: String) -> [String] {
        SwiftLexer.tokens(source).filter { $0.kind != .plain }.map { "\($0.kind.rawValue):\($0.text)" }
    }

    @Test func joiningTheTokensGivesBackTheSource() {
        let source = "let x = Conv2D(inChannels: 3) // note\n/* a /* nested */ c */ \"s\\\"q\" 0..<n @MainActor #if"
        #expect(SwiftLexer.tokens(source).map(\.text).joined() == source)
    }

    @Test func classifiesKeywordsTypesNumbersAndNames() {
        #expect(kinds("let ratio = Double(threes) / 2.5e-3") ==
                ["keyword:let", "identifier:ratio", "type:Double", "identifier:threes", "number:2.5e-3"])
        #expect(kinds("for i in 0..<10 { return nil }") ==
                ["keyword:for", "identifier:i", "keyword:in", "number:0", "number:10", "keyword:return", "keyword:nil"])
        #expect(kinds("0x1F 1_000 3.description") == ["number:0x1F", "number:1_000", "number:3", "identifier:description"])
    }

    @Test func stringsAndCommentsAreWholeTokens() {
        #expect(kinds("print(\"a \\\"quoted\\\" word\") // done") ==
                ["identifier:print", "string:\"a \\\"quoted\\\" word\"", "comment:// done"])
        #expect(kinds("/* outer /* inner */ still */ x") == ["comment:/* outer /* inner */ still */", "identifier:x"])
        #expect(kinds("\"\"\"\nline \"one\"\n\"\"\" y") == ["string:\"\"\"\nline \"one\"\n\"\"\"", "identifier:y"])
    }

    @Test func aKeywordAfterADotIsAMemberName() {
        #expect(kinds("[.init(\"a\", y: [1])] case .default") ==
                ["identifier:init", "string:\"a\"", "identifier:y", "number:1", "keyword:case", "identifier:default"])
    }

    @Test func anUnterminatedStringEndsAtItsLine() {
        #expect(kinds("let s = \"open\nlet t") == ["keyword:let", "identifier:s", "string:\"open", "keyword:let", "identifier:t"])
    }

    @Test func attributesAndDirectives() {
        #expect(kinds("@discardableResult #sourceLocation a@") ==
                ["attribute:@discardableResult", "attribute:#sourceLocation", "identifier:a"])
    }

    @Test func closureArgumentsAreNamesAndDigitsInsideNamesStayThere() {
        #expect(kinds("xs.map { $0 * 2 }") == ["identifier:xs", "identifier:map", "identifier:$0", "number:2"])
        #expect(kinds("conv3x3 letter") == ["identifier:conv3x3", "identifier:letter"])
        #expect(kinds("3×3") == ["number:3", "number:3"])  // × is an operator in prose-like code
    }

    @Test(arguments: ["", "let a = [1, 2, 3].map { $0 * 2 } // ok", "\"\\(x)\" /* unterminated", "é = 3×3; π", "@", "0.", "a\"\"\"", "$"])
    func tokensGiveBackAnySource(source: String) {
        #expect(SwiftLexer.tokens(source).map(\.text).joined() == source)
    }

    @Test func thereIsOneKeywordListAndItHasTheConcurrencyWords() {
        #expect(["actor", "nonisolated", "await", "precedencegroup"].allSatisfy(SwiftLexer.keywords.contains))
    }
}
