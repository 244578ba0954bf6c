import Foundation
import Testing
@testable import LessonEngine

@Suite struct ExecutionSHA256Tests {
    @Test func matchesTheStandardVectors() {
        #expect(SHA256.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func feedingInPiecesEqualsFeedingAtOnce() {
        let text = String(repeating: "convolution ", count: 50)  // crosses several 64-byte blocks
        var digest = SHA256()
        for piece in text.split(separator: " ", omittingEmptySubsequences: false) {
            digest.update(piece.utf8)
            digest.update(" ")
        }
        var whole = text
        whole += " "
        #expect(digest.finalize() == SHA256.hex(whole))
    }
}
