import Foundation
import LessonEngine

/// ConvLab's API as built next to the running executable: the same build folder chapter
/// programs link against (`BuildProducts`), so the reference always describes the code the
/// chapters ran.
public enum ConvLabReference {
    /// The module the reference describes.
    public static let moduleName = "ConvLab"

    /// ConvLab's API; `extracted` tells whether the toolchain ran or the kept graph was read.
    public static func load(executable: String = "/proc/self/exe") throws(APIReferenceError) -> (module: APIModule, extracted: Bool) {
        let products: BuildProducts
        let toolchain: Toolchain
        do {
            products = try BuildProducts.locate(executable: executable)
            toolchain = try Toolchain.locate(buildFolder: products.folder)
        } catch {
            throw .extractionFailed(reason: error.description)
        }
        return try SymbolGraphExtractor.forBuild(products, swiftc: toolchain.swiftc).module(moduleName)
    }
}
