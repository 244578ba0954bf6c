import Stepper
import Testing

@Suite struct WordingTests {
    @Test func countsTakeThePluralOnlyWhenNotOne() {
        #expect(Wording.count(1, "exercise") == "1 exercise")
        #expect(Wording.count(0, "exercise") == "0 exercises")
        #expect(Wording.count(3, "cell") == "3 cells")
    }
}
