import TuskCommands

extension Picture {
    /// The `<svg>` element as a document of its own, as IPython's `SVG` display object gives it:
    /// with the SVG namespace and no XML declaration. A browser shows an SVG loaded as an image
    /// (nbconvert's and JupyterLab's `<img src="data:image/svg+xml…">`) only when it names its
    /// namespace; inline in an HTML page, the namespace is implied.
    var standalone: String {
        guard svg.hasPrefix("<svg "), !svg.hasPrefix("<svg xmlns=") else { return svg }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" " + svg.dropFirst("<svg ".count)
    }
}
