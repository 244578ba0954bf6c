import Foundation
import Testing
@testable import LessonRuntime

@Suite struct WireFormatTests {
    private func json<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try WireFormat.encoder().encode(value), as: UTF8.self)
    }

    @Test func metricWithoutUnitWritesNull() throws {
        #expect(try json(Metric(name: "a.b", value: 1.5)) == #"{"name":"a.b","unit":null,"value":1.5}"#)
    }

    @Test func nonFiniteValuesTravelAsStrings() throws {
        let data = try WireFormat.encoder().encode([Metric(name: "loss", value: .infinity),
                                                    Metric(name: "nan", value: .nan)])
        #expect(String(decoding: data, as: UTF8.self).contains(#""value":"inf""#))
        let back = try WireFormat.decoder().decode([Metric].self, from: data)
        #expect(back[0].value == .infinity)
        #expect(back[1].value.isNaN)
    }

    @Test func outputsAreTaggedByType() throws {
        #expect(try json(Output.text("hi")) == #"{"text":"hi","type":"text"}"#)
        #expect(try json(Output.table(Table(header: ["a"], rows: [["1"]])))
            == #"{"table":{"header":["a"],"rows":[["1"]]},"type":"table"}"#)
        let plot = Output.plot(.line("loss", [.init("train", y: [3, 2, 1])]))
        let back = try WireFormat.decoder().decode(Output.self, from: WireFormat.encoder().encode(plot))
        #expect(back == plot)
    }

    @Test func unknownOutputTypeIsADecodingError() {
        #expect(throws: DecodingError.self) {
            try WireFormat.decoder().decode(Output.self, from: Data(#"{"type":"movie"}"#.utf8))
        }
    }

    @Test func eventsRoundTrip() throws {
        let event = Event(cell: "c3", kind: .claim, claim: Claim(statement: "s", passed: false, line: 12))
        let back = try WireFormat.decoder().decode(Event.self, from: WireFormat.encoder().encode(event))
        #expect(back == event)
        #expect(back.claim?.measured == nil)
    }
}

@Suite struct PlotValidationTests {
    @Test func wellFormedPlotsHaveNoProblems() {
        #expect(Plot.line("l", xScale: .log, [.init("a", x: [1, 10], y: [0, 1])]).problems.isEmpty)
        #expect(Plot.bars("b", categories: ["x", "y"], [.init("s", values: [1, 2])]).problems.isEmpty)
        #expect(Plot.heatMap("h", values: [[1, 2], [3, 4]], rowLabels: ["r1", "r2"]).problems.isEmpty)
    }

    @Test func mismatchedLengthsAreNamed() {
        let problems = Plot.scatter("s", [.init("pts", x: [1, 2], y: [1])]).problems
        #expect(problems == ["series 'pts' has 2 x values but 1 y values"])
    }

    @Test func logAxesRejectNonPositiveValues() {
        let problems = Plot.line("l", yScale: .log, [.init("a", y: [1, 0])]).problems
        #expect(problems == ["series 'a' has y values ≤ 0 on a log axis"])
    }

    @Test func barsNeedOneValuePerCategory() {
        let problems = Plot.bars("b", categories: ["x", "y", "z"], [.init("s", values: [1, 2])]).problems
        #expect(problems == ["series 's' has 2 values for 3 categories"])
    }

    @Test func heatMapsMustBeRectangular() {
        #expect(Plot.heatMap("h", values: [[1, 2], [3]]).problems == ["heat map rows must all have 2 values"])
        #expect(Plot.heatMap("h", values: []).problems.count == 1)
    }

    @Test func tableRowsMustFitTheHeader() {
        #expect(Table(header: ["a", "b"], rows: [["1", "2"], ["3"]]).problems
            == ["row 2 has 1 entry for 2 columns"])
    }

    @Test func seriesWithoutXCountsFromZero() {
        #expect(Plot.Series("a", y: [5, 6, 7]).x == [0, 1, 2])
    }
}
