/// Where the parts of a chart go, in SVG user units (the viewBox is `width × height`).
struct SVGLayout {
    let width: Double
    let height: Double
    /// The plotting area: data are drawn between these edges.
    let left: Double
    let right: Double
    let top: Double
    let bottom: Double

    /// A frame with room for a title, axis labels, tick labels and (optionally) a legend or a
    /// colour bar on the right.
    init(width: Double = 640, height: Double = 400, sidePanel: Double, hasXLabel: Bool, hasYLabel: Bool) {
        self.width = width
        self.height = height
        left = hasYLabel ? 78 : 58
        right = width - max(20, sidePanel)
        top = 44
        bottom = height - (hasXLabel ? 58 : 40)
    }

    var plotWidth: Double { right - left }
    var plotHeight: Double { bottom - top }
}
