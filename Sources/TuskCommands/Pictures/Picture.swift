/// A picture of a command's result: an SVG drawing, for the HTML export and `--svg FILE`.
///
/// Pictures are drawn from typed values, never from text, with coordinates rounded to a tenth and
/// no ids, dates or random numbers in them: the same result draws the same bytes every time, and
/// several pictures can sit in one page without their ids clashing.
package struct Picture: Sendable, Equatable {
    /// What it shows, in a few words (the SVG's title, for screen readers and tooltips).
    package let title: String
    /// The `<svg>` element, without an XML declaration or namespace.
    package let svg: String

    /// The picture as a file of its own: an XML declaration and the SVG namespace, which a page
    /// that inlines the picture does not need.
    package var file: String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<svg xmlns=\"http://www.w3.org/2000/svg\" " + svg.dropFirst("<svg ".count) + "\n"
    }
}

/// A result worth looking at rather than reading: it draws its own pictures, as it renders its
/// own text (`render`) and JSON (`Encodable`).
package protocol Drawable {
    /// The pictures of this result, in the order they illustrate it; empty when there is nothing
    /// to draw (no pipelines yet, a single request).
    var pictures: [Picture] { get }
}
