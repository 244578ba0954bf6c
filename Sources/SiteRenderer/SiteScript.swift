/// `search.js`, the one script every page loads. It does three things:
///
/// - Search as the reader types: every word of the query must occur (case-insensitive) in an
///   entry's title, prose or code; title hits rank first, then prose. A result names its
///   chapter and section and shows a snippet around the first word, that word marked.
///   Results are built with DOM calls and `textContent`, never `innerHTML`, so indexed text
///   cannot inject markup.
/// - A result links to `page.html?hl=words#section`: the opened page marks the words in that
///   section (`<mark class="search-hit">`) and scrolls the first into view. `?q=words` opens a
///   page with the search done, so a search can be linked to.
/// - Blocks that scroll sideways (code, outputs, tables, narrow charts) become Tab stops with
///   a name (`role="region"`), so a keyboard can scroll them; they stop being Tab stops once
///   they fit again. This is measured in the browser: whether a block overflows depends on
///   the screen.
enum SiteScript {
    static let search = #"""
    (function () {
      "use strict";
      function ready(fn) {
        if (document.readyState !== "loading") fn(); else document.addEventListener("DOMContentLoaded", fn);
      }
      function wordsOf(text) {
        return (text || "").toLowerCase().split(/\s+/).filter(function (w) { return w.length > 0; });
      }

      // Sideways-scrolling blocks: reachable by keyboard only while they overflow.
      function scrollables() {
        var blocks = document.querySelectorAll("main pre, main .table-wrap, main .plot-frame");
        Array.prototype.forEach.call(blocks, function (block) {
          var overflows = block.scrollWidth > block.clientWidth + 1;
          if (overflows && !block.hasAttribute("tabindex")) {
            block.setAttribute("tabindex", "0");
            block.setAttribute("role", "region");
            if (!block.hasAttribute("aria-label")) block.setAttribute("aria-label", "Scrollable block");
            block.setAttribute("data-scroll-stop", "");
          } else if (!overflows && block.hasAttribute("data-scroll-stop")) {
            block.removeAttribute("tabindex");
            block.removeAttribute("role");
            block.removeAttribute("data-scroll-stop");
          }
        });
      }

      // Marks the words of `?hl=` in the section the URL's #anchor names (the whole page
      // without one), opening closed disclosures that hold a match, and shows the first.
      function highlight(words) {
        var main = document.querySelector("main");
        if (!main || words.length === 0) return;
        var start = window.location.hash ? document.getElementById(decodeURIComponent(window.location.hash.slice(1))) : null;
        var level = start && /^H[1-6]$/.test(start.tagName) ? Number(start.tagName[1]) : 0;
        var section = [];
        if (start && level) {
          section.push(start);
          for (var node = start.nextElementSibling; node; node = node.nextElementSibling) {
            if (/^H[1-6]$/.test(node.tagName) && Number(node.tagName[1]) <= level) break;
            section.push(node);
          }
        } else {
          section.push(main);
        }
        var first = null, count = 0;
        section.forEach(function (root) {
          var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, null);
          var texts = [];
          while (walker.nextNode()) texts.push(walker.currentNode);
          texts.forEach(function (text) {
            if (count >= 200 || text.parentNode.closest("script, style, title, desc, svg, .anchor")) return;
            var lower = text.nodeValue.toLowerCase(), at = -1, word = "";
            words.forEach(function (w) {
              var i = lower.indexOf(w);
              if (i >= 0 && (at < 0 || i < at)) { at = i; word = w; }
            });
            if (at < 0) return;
            var match = text.splitText(at);
            match.splitText(word.length);
            var mark = document.createElement("mark");
            mark.className = "search-hit";
            match.parentNode.replaceChild(mark, match);
            mark.appendChild(match);
            count += 1;
            for (var up = mark.parentElement; up; up = up.parentElement) {
              if (up.tagName === "DETAILS") up.open = true;
            }
            if (!first) first = mark;
          });
        });
        if (!first) return;
        var show = function () { first.scrollIntoView({ block: "center" }); };
        show();
        // The browser scrolls to the URL's #anchor when the page has loaded, after this ran:
        // a match far down a long section was left below the screen. Show it again then.
        if (document.readyState === "complete") setTimeout(show, 0);
        else window.addEventListener("load", function () { setTimeout(show, 0); });
      }

      ready(function () {
        scrollables();
        window.addEventListener("resize", scrollables);
        var params = new URLSearchParams(window.location.search);
        highlight(wordsOf(params.get("hl")));

        var box = document.getElementById("search-box");
        var list = document.getElementById("search-results");
        var index = window.LESSONS_SEARCH || [];
        if (!box || !list) return;
        // Index paths are from the site's root; a page in a folder (api/) loads the index
        // as `../search-index.js`, and that prefix is the way back to the root.
        var indexScript = document.querySelector('script[src$="search-index.js"]');
        var root = indexScript ? indexScript.getAttribute("src").slice(0, -"search-index.js".length) : "";
        // `text` cut around the first of `words` it holds, that word in a <mark>.
        function snippet(text, words) {
          var lower = text.toLowerCase(), at = -1, word = "";
          words.forEach(function (w) { var i = lower.indexOf(w); if (i >= 0 && (at < 0 || i < at)) { at = i; word = w; } });
          var small = document.createElement("small");
          if (at < 0) { small.textContent = text.slice(0, 120) + (text.length > 120 ? "…" : ""); return small; }
          var start = Math.max(0, at - 50), end = Math.min(text.length, at + word.length + 90);
          small.appendChild(document.createTextNode((start > 0 ? "…" : "") + text.slice(start, at)));
          var mark = document.createElement("mark");
          mark.textContent = text.slice(at, at + word.length);
          small.appendChild(mark);
          small.appendChild(document.createTextNode(text.slice(at + word.length, end) + (end < text.length ? "…" : "")));
          return small;
        }
        function search() {
          var words = wordsOf(box.value);
          while (list.firstChild) list.removeChild(list.firstChild);
          if (words.length === 0) return;
          var hits = [];
          index.forEach(function (entry) {
            var title = entry.title.toLowerCase(), text = entry.text.toLowerCase(),
                code = (entry.code || "").toLowerCase(), score = 0;
            for (var i = 0; i < words.length; i++) {
              if (title.indexOf(words[i]) >= 0) score += 4;
              else if (text.indexOf(words[i]) >= 0) score += 2;
              else if (code.indexOf(words[i]) >= 0) score += 1;
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
            var entry = hit.entry, item = document.createElement("li"), link = document.createElement("a");
            link.href = root + entry.page + "?hl=" + encodeURIComponent(words.join(" "))
              + (entry.anchor ? "#" + entry.anchor : "");
            link.textContent = entry.title;
            item.appendChild(link);
            if (entry.title !== entry.chapter) {
              var chapter = document.createElement("span");
              chapter.className = "result-chapter";
              chapter.textContent = entry.chapter;
              item.appendChild(chapter);
            }
            var inText = words.some(function (w) { return entry.text.toLowerCase().indexOf(w) >= 0; });
            item.appendChild(snippet(inText || !entry.code ? entry.text : entry.code, words));
            list.appendChild(item);
          });
        }
        box.addEventListener("input", search);
        // `page.html?q=words` opens with a search done, so a result can be linked to.
        var query = params.get("q");
        if (query) { box.value = query; search(); }
        box.addEventListener("keydown", function (event) {
          if (event.key === "Escape") { box.value = ""; search(); }
        });
      });
    })();

    """#
}
