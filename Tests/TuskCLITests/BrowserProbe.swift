import Foundation

/// Headless Chromium and Jupyter's nbconvert, as the tests that look at an export through them
/// find them: on `PATH`, as `.ci/run` installs them (`apt-get install chromium`, `pip install
/// nbconvert`).
enum BrowserProbe {
    /// Debian's `chromium` (or Ubuntu's `chromium-browser`) on `PATH`.
    static let chromium: String? = ["chromium", "chromium-browser"].lazy.compactMap(executable).first

    /// Whether `python3 -m nbconvert` runs.
    static let hasNBConvert: Bool = {
        guard let python = executable("python3") else { return false }
        return (try? Spawn.run(python, ["-c", "import nbconvert"]).status) == 0
    }()

    /// What the page shows of each image and inline SVG once loaded, one line each:
    /// `img NATURAL_WIDTH` or `svg RENDERED_WIDTH` (0 for an image the browser could not decode).
    ///
    /// A copy of the page gets a script that writes those widths into the DOM on `load`, which
    /// waits for every image; `--dump-dom` prints the DOM after it. The virtual time budget lets
    /// a page whose scripts would fetch from the network (nbconvert's MathJax) finish offline.
    static func widths(ofPage path: String, scratch: String) throws -> [String] {
        guard let chromium else { throw Failure("chromium is not installed") }
        let script = """
            <script>
            window.addEventListener('load', function () {
              var lines = [];
              document.querySelectorAll('img').forEach(function (e) {
                lines.push('img ' + (e.complete ? e.naturalWidth : 0));
              });
              document.querySelectorAll('svg').forEach(function (e) {
                if (!e.parentElement.closest('svg')) lines.push('svg ' + e.getBoundingClientRect().width);
              });
              var pre = document.createElement('pre');
              pre.id = 'tusk-probe';
              pre.textContent = '\\n' + lines.join('\\n') + '\\n';
              document.body.appendChild(pre);
            });
            </script>
            """
        let page = String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
        guard let end = page.range(of: "</body>", options: .backwards) else { throw Failure("\(path) has no </body>") }
        let probed = scratch + "/probed-" + URL(fileURLWithPath: path).lastPathComponent
        try Data(page.replacingCharacters(in: end.lowerBound..<end.lowerBound, with: script).utf8).write(
            to: URL(fileURLWithPath: probed))
        let result = try Spawn.run(
            chromium,
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=" + scratch + "/chromium",
                "--virtual-time-budget=10000", "--dump-dom", URL(fileURLWithPath: probed).absoluteString,
            ])
        guard result.status == 0 else { throw Failure("chromium failed (\(result.status)): \(result.error)") }
        guard let start = result.output.range(of: "<pre id=\"tusk-probe\">"),
            let stop = result.output.range(of: "</pre>", range: start.upperBound..<result.output.endIndex)
        else { throw Failure("the probe did not run in chromium: \(result.error)") }
        return result.output[start.upperBound..<stop.lowerBound].split(separator: "\n").map(String.init)
    }

    /// A screenshot of the page (for a person to look at; no test reads it).
    static func screenshot(ofPage path: String, to png: String, scratch: String) throws {
        guard let chromium else { throw Failure("chromium is not installed") }
        _ = try Spawn.run(
            chromium,
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=" + scratch + "/chromium",
                "--hide-scrollbars", "--window-size=1100,4000", "--screenshot=" + png,
                URL(fileURLWithPath: path).absoluteString,
            ])
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    static func executable(_ name: String) -> String? { Spawn.executable(name) }
}
