import Foundation
import LessonEngine

/// The script the server adds to every page it serves (never to `lessons build`'s files):
/// it listens to the server's event stream and reloads the page when a newer build exists.
enum ReloadScript {
    /// Where the script is served; under `/__lessons/`, a name no chapter page can take
    /// (chapter pages are `slug.html` at the site's root).
    static let path = "/__lessons/reload.js"
    /// The server-sent events endpoint.
    static let eventsPath = "/__lessons/events"

    /// The script. It compares the build number in each `reload` event with the one its page
    /// was served with, so the event sent on (re)connecting reloads only a stale page — one
    /// open while the server restarted, or while a build finished during a reconnect.
    static let source = """
        (() => {
          const generation = document.currentScript.dataset.generation;
          const events = new EventSource("\(eventsPath)");
          events.addEventListener("reload", (event) => {
            if (event.data !== generation) { events.close(); location.reload(); }
          });
        })();

        """

    /// `html` with the script tag (and `notice`, escaped, as a banner at the top) added;
    /// a page without `</body>` gets them at its end.
    static func inject(into html: String, generation: Int, notice: String?) -> String {
        var page = html
        if let notice, !notice.isEmpty, let body = page.range(of: "<body>") {
            let banner = "\n<pre id=\"lessons-serve-notice\" role=\"alert\" style=\"white-space:pre-wrap;"
                + "background:#fde8e8;color:#7a1212;border:2px solid #c0392b;padding:0.75em;margin:0\">"
                + HTMLRenderer.escape(notice) + "</pre>"
            page.insert(contentsOf: banner, at: body.upperBound)
        }
        let tag = "<script src=\"\(path)\" data-generation=\"\(generation)\"></script>\n"
        if let end = page.range(of: "</body>", options: .backwards) {
            page.insert(contentsOf: tag, at: end.lowerBound)
        } else {
            page += tag
        }
        return page
    }
}
