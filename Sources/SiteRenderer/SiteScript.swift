/// `search.js`: filters the index as the reader types. Every word of the query must occur
/// (case-insensitive) in the entry's title or text; title hits rank first. Results are built
/// with DOM calls and `textContent`, never `innerHTML`, so indexed text cannot inject markup.
enum SiteScript {
    static let search = #"""
    (function () {
      "use strict";
      function ready(fn) {
        if (document.readyState !== "loading") fn(); else document.addEventListener("DOMContentLoaded", fn);
      }
      ready(function () {
        var box = document.getElementById("search-box");
        var list = document.getElementById("search-results");
        var index = window.LESSONS_SEARCH || [];
        if (!box || !list) return;
        function snippet(text, word) {
          var at = text.toLowerCase().indexOf(word);
          if (at < 0) return text.slice(0, 120);
          var start = Math.max(0, at - 50);
          return (start > 0 ? "…" : "") + text.slice(start, start + 140) + "…";
        }
        function search() {
          var words = box.value.toLowerCase().split(/\s+/).filter(function (w) { return w.length > 0; });
          while (list.firstChild) list.removeChild(list.firstChild);
          if (words.length === 0) return;
          var hits = [];
          index.forEach(function (entry) {
            var title = entry.title.toLowerCase(), text = entry.text.toLowerCase(), score = 0;
            for (var i = 0; i < words.length; i++) {
              if (title.indexOf(words[i]) >= 0) score += 3;
              else if (text.indexOf(words[i]) >= 0) score += 1;
              else return;
            }
            hits.push({ entry: entry, score: score });
          });
          hits.sort(function (a, b) { return b.score - a.score; });
          if (hits.length === 0) {
            var none = document.createElement("li");
            none.textContent = "No matches";
            list.appendChild(none);
          }
          hits.slice(0, 12).forEach(function (hit) {
            var item = document.createElement("li");
            var link = document.createElement("a");
            link.href = hit.entry.page + (hit.entry.anchor ? "#" + hit.entry.anchor : "");
            link.textContent = hit.entry.title === hit.entry.chapter ? hit.entry.title
              : hit.entry.chapter + " › " + hit.entry.title;
            var small = document.createElement("small");
            small.textContent = snippet(hit.entry.text, words[0]);
            item.appendChild(link);
            item.appendChild(small);
            list.appendChild(item);
          });
        }
        box.addEventListener("input", search);
        // `page.html?q=words` opens with a search done, so a result can be linked to.
        var query = new URLSearchParams(window.location.search).get("q");
        if (query) { box.value = query; search(); }
        box.addEventListener("keydown", function (event) {
          if (event.key === "Escape") { box.value = ""; search(); }
        });
      });
    })();

    """#
}
