// Progressive enhancement for the workbook. Every page reads fine without it; this adds the
// theme toggle, copy buttons, keyboard navigation, the on-page "you are here" and search.
// The search index is assets/search-index.js (a script, not fetched JSON, so pages opened from disk work),
// loaded the first time the search box gets focus.
(function () {
  "use strict";
  var root = document.documentElement;

  // ---- Theme toggle: flips the effective theme and remembers the choice. Flipping back to
  // the system's own theme forgets the choice, so the page follows the system again.
  var toggle = document.getElementById("theme-toggle");
  function systemTheme() {
    return window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }
  function effectiveTheme() {
    return root.getAttribute("data-theme") || systemTheme();
  }
  if (toggle) {
    toggle.addEventListener("click", function () {
      var next = effectiveTheme() === "dark" ? "light" : "dark";
      try {
        if (next === systemTheme()) { localStorage.removeItem("theme"); } else { localStorage.setItem("theme", next); }
      } catch (e) { /* private mode: not remembered */ }
      if (next === systemTheme()) { root.removeAttribute("data-theme"); } else { root.setAttribute("data-theme", next); }
    });
  }

  // ---- Copy buttons on code blocks.
  function copyText(text, done) {
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { fallbackCopy(text, done); });
    } else {
      fallbackCopy(text, done);
    }
  }
  function fallbackCopy(text, done) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    try { document.execCommand("copy"); done(); } catch (e) { /* nothing else to try */ }
    document.body.removeChild(area);
  }
  // ---- The bar above each snippet: its language, a toggle for the lines the author hid (so a
  // copied snippet compiles), and a copy button. It is a row of its own: it never covers code.
  document.querySelectorAll(".snippet > pre.code").forEach(function (pre) {
    var snippet = pre.parentNode;
    var bar = document.createElement("div");
    bar.className = "snippet-tools";
    var language = document.createElement("span");
    language.className = "snippet-lang";
    language.textContent = "Swift";
    bar.appendChild(language);
    var hidden = Number(pre.getAttribute("data-hidden-lines") || 0);
    if (hidden > 0) {
      var reveal = document.createElement("button");
      reveal.type = "button";
      reveal.className = "hidden-toggle";
      reveal.setAttribute("aria-pressed", "false");
      var label = function (shown) {
        return (shown ? "Hide " : "Show ") + hidden + " hidden line" + (hidden === 1 ? "" : "s");
      };
      reveal.textContent = label(false);
      reveal.addEventListener("click", function () {
        var shown = snippet.classList.toggle("show-hidden");
        reveal.setAttribute("aria-pressed", shown ? "true" : "false");
        reveal.textContent = label(shown);
      });
      bar.appendChild(reveal);
    }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy-button";
    button.textContent = "Copy";
    button.setAttribute("aria-label", "Copy code to clipboard");
    button.addEventListener("click", function () {
      // What the reader sees: hidden lines are copied only while they are shown.
      var copy = pre.cloneNode(true);
      if (!snippet.classList.contains("show-hidden")) {
        copy.querySelectorAll(".hidden-code").forEach(function (span) { span.parentNode.removeChild(span); });
      }
      copyText(copy.textContent, function () {
        button.textContent = "Copied";
        button.classList.add("copied");
        setTimeout(function () { button.textContent = "Copy"; button.classList.remove("copied"); }, 1600);
      });
    });
    bar.appendChild(button);
    snippet.insertBefore(bar, pre);
  });

  // ---- Phones: close the chapter drawer after following a link in it.
  var navToggle = document.getElementById("nav-toggle");
  document.querySelectorAll(".sidebar a").forEach(function (link) {
    link.addEventListener("click", function () { if (navToggle) navToggle.checked = false; });
  });

  // ---- Keyboard: left/right arrows for previous/next chapter, "/" to search, Escape to close.
  var searchInput = document.getElementById("search-input");
  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    var target = event.target;
    var typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    if (typing) return;
    if (event.key === "ArrowLeft" || event.key === "ArrowRight") {
      var link = document.querySelector(event.key === "ArrowLeft" ? ".pager a[rel=prev]" : ".pager a[rel=next]");
      if (link) { window.location.href = link.href; event.preventDefault(); }
    } else if (event.key === "/" && searchInput) {
      searchInput.focus();
      event.preventDefault();
    }
  });

  // ---- On-page table of contents: highlight the section being read, i.e. the last heading
  // above a line a quarter down the window (or the heading just jumped to).
  var tocLinks = document.querySelectorAll(".page-toc a");
  if (tocLinks.length) {
    var byId = {};
    tocLinks.forEach(function (a) { byId[decodeURIComponent(a.hash.slice(1))] = a; });
    var headings = Array.prototype.filter.call(document.querySelectorAll("h2[id], h3[id]"), function (h) { return byId[h.id]; });
    var active = null;
    var mark = function (heading) {
      var link = heading ? byId[heading.id] : null;
      if (link === active) return;
      if (active) active.classList.remove("active");
      if (link) link.classList.add("active");
      active = link;
    };
    var update = function () {
      var line = window.innerHeight / 4;
      var current = null;
      for (var i = 0; i < headings.length; i++) {
        if (headings[i].getBoundingClientRect().top <= line) current = headings[i]; else break;
      }
      // A jump to a section near the end cannot scroll it to the top: it is the one being read.
      var target = decodeURIComponent(location.hash.slice(1));
      if (target && byId[target] && window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 2) {
        current = document.getElementById(target);
      }
      mark(current);
    };
    var pending = false;
    window.addEventListener("scroll", function () {
      if (pending) return;
      pending = true;
      window.requestAnimationFrame(function () { pending = false; update(); });
    }, { passive: true });
    window.addEventListener("hashchange", update);
    window.addEventListener("load", update);
    update();
  }

  // ---- A search result leads here with ?highlight=terms: mark the hits in the page's text
  // (not in math or figures); Escape clears them.
  (function () {
    var query = "";
    try { query = new URLSearchParams(location.search).get("highlight") || ""; } catch (e) { return; }
    var content = document.getElementById("content");
    var list = (query.normalize("NFC").toLowerCase().match(/[\p{L}\p{N}_]+/gu) || [])
      .map(function (t) { return t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); });
    if (!content || list.length === 0) return;
    var pattern = new RegExp("(?<![\\p{L}\\p{N}_])(?:" + list.join("|") + ")[\\p{L}\\p{N}_]*", "giu");
    var walker = document.createTreeWalker(content, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        for (var el = node.parentNode; el && el !== content; el = el.parentNode) {
          if (/^(svg|math|script|style|button|mark)$/i.test(el.localName) || el.classList.contains("xref-preview")) return NodeFilter.FILTER_REJECT;
        }
        pattern.lastIndex = 0;
        return pattern.test(node.nodeValue) ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT;
      }
    });
    var nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    nodes.forEach(function (node) {
      var text = node.nodeValue;
      var fragment = document.createDocumentFragment();
      var last = 0;
      pattern.lastIndex = 0;
      var match;
      while ((match = pattern.exec(text)) !== null) {
        fragment.appendChild(document.createTextNode(text.slice(last, match.index)));
        var mark = document.createElement("mark");
        mark.className = "search-hit";
        mark.textContent = match[0];
        fragment.appendChild(mark);
        last = match.index + match[0].length;
      }
      fragment.appendChild(document.createTextNode(text.slice(last)));
      node.parentNode.replaceChild(fragment, node);
    });
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") return;
      document.querySelectorAll("mark.search-hit").forEach(function (mark) {
        mark.parentNode.replaceChild(document.createTextNode(mark.textContent), mark);
      });
    });
  })();

  // ---- Search.
  var results = document.getElementById("search-results");
  if (!searchInput || !results) return;
  var loading = false;
  function loadIndex(then) {
    if (window.searchIndex) { then(); return; }
    if (loading) return;
    loading = true;
    var script = document.createElement("script");
    script.src = "assets/search-index.js";
    script.onload = function () { loading = false; then(); };
    script.onerror = function () { loading = false; };
    document.head.appendChild(script);
  }

  // Decodes the front-coded word list of search-index.js (format in SearchIndex.swift)
  // into an object: word -> array of section numbers.
  var DIGITS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  var decodedWords = null;
  function decodeWords(index) {
    if (decodedWords) return decodedWords;
    decodedWords = {};
    var previous = "";
    index.words.split(",").forEach(function (entry) {
      var space = entry.indexOf(" ");
      var word = previous.slice(0, DIGITS.indexOf(entry.charAt(0))) + entry.slice(1, space);
      var numbers = [];
      for (var i = space + 1; i < entry.length; i += index.width) {
        var n = 0;
        for (var j = 0; j < index.width; j++) n = n * 62 + DIGITS.indexOf(entry.charAt(i + j));
        numbers.push(n);
      }
      decodedWords[word] = numbers;
      previous = word;
    });
    return decodedWords;
  }

  // Words: letters (any script: "jürgen", "σ"), digits and "_" (scaled_dot_product_attention).
  var WORD = /[\p{L}\p{N}_]+/gu;
  function terms(text) {
    return text.normalize("NFC").toLowerCase().match(WORD) || [];
  }
  // A term matches a word it starts; a term with "_" also matches the parts of the word it joins.
  function startsWith(word, term) { return word.lastIndexOf(term, 0) === 0; }

  // Sections matching every term (as a word prefix), best first: title hits outweigh text hits.
  function search(query) {
    var index = window.searchIndex;
    var words = terms(query);
    if (!index || words.length === 0) return [];
    var wordMap = index.words ? decodeWords(index) : {};
    var keys = Object.keys(wordMap);
    var scores = null;
    words.forEach(function (term) {
      var hits = {};
      keys.forEach(function (key) {
        if (startsWith(key, term)) {
          var exact = key.length === term.length ? 2 : 1;
          wordMap[key].forEach(function (s) { hits[s] = Math.max(hits[s] || 0, exact); });
        }
      });
      index.sections.forEach(function (section, s) {
        if (terms(section[2]).some(function (w) { return startsWith(w, term); })) hits[s] = (hits[s] || 0) + 10;
      });
      if (scores === null) {
        scores = hits;
      } else {
        var both = {};
        Object.keys(scores).forEach(function (s) { if (hits[s]) both[s] = scores[s] + hits[s]; });
        scores = both;
      }
    });
    return Object.keys(scores || {})
      .map(function (s) { return { section: Number(s), score: scores[s] }; })
      .sort(function (a, b) { return b.score - a.score || a.section - b.section; });
  }

  // A regular expression finding the query's terms at the start of words, for excerpts and
  // for marking hits on the page a result leads to.
  function termPattern(query) {
    var list = terms(query).map(function (t) { return t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); });
    if (list.length === 0) return null;
    return new RegExp("(?<![\\p{L}\\p{N}_])(?:" + list.join("|") + ")[\\p{L}\\p{N}_]*", "giu");
  }

  // Appends `text` to `parent`, the matches of `pattern` in <mark>: text nodes only, no HTML.
  function appendMarked(parent, text, pattern) {
    var last = 0;
    pattern.lastIndex = 0;
    var match;
    while ((match = pattern.exec(text)) !== null) {
      if (match[0].length === 0) { pattern.lastIndex++; continue; }
      parent.appendChild(document.createTextNode(text.slice(last, match.index)));
      var mark = document.createElement("mark");
      mark.textContent = match[0];
      parent.appendChild(mark);
      last = match.index + match[0].length;
    }
    parent.appendChild(document.createTextNode(text.slice(last)));
  }

  // About 150 characters of the section's text around its first hit.
  function excerpt(text, pattern) {
    if (!text) return "";
    pattern.lastIndex = 0;
    var match = pattern.exec(text);
    var at = match ? match.index : 0;
    var start = Math.max(0, at - 50);
    if (start > 0) { var space = text.indexOf(" ", start); if (space >= 0 && space < at) start = space + 1; }
    var end = Math.min(text.length, start + 150);
    if (end < text.length) { var cut = text.lastIndexOf(" ", end); if (cut > at) end = cut; }
    return (start > 0 ? "… " : "") + text.slice(start, end) + (end < text.length ? " …" : "");
  }

  var SHOWN = 12;
  var selected = -1;
  var showAll = false;
  function render() {
    var query = searchInput.value;
    var found = search(query);
    results.textContent = "";
    selected = -1;
    if (query.trim() === "") { results.hidden = true; showAll = false; return; }
    if (found.length === 0) {
      var none = document.createElement("li");
      none.className = "no-results";
      none.textContent = window.searchIndex ? "No matches" : "Loading the index…";
      results.appendChild(none);
    }
    var pattern = termPattern(query);
    var highlight = "?highlight=" + encodeURIComponent(terms(query).join(" "));
    found.slice(0, showAll ? found.length : SHOWN).forEach(function (hit) {
      var section = window.searchIndex.sections[hit.section];
      var page = window.searchIndex.pages[section[0]];
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = page[0] + highlight + (section[1] ? "#" + section[1] : "");
      var title = document.createElement("span");
      title.className = "result-title";
      appendMarked(title, section[2], pattern);
      a.appendChild(title);
      var text = excerpt(section[3] || "", pattern);
      if (text) {
        var snippet = document.createElement("span");
        snippet.className = "result-excerpt";
        appendMarked(snippet, text, pattern);
        a.appendChild(snippet);
      }
      var where = document.createElement("span");
      where.className = "result-page";
      where.textContent = page[1];
      a.appendChild(where);
      li.appendChild(a);
      results.appendChild(li);
    });
    if (!showAll && found.length > SHOWN) {
      var more = document.createElement("li");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "more-results";
      button.textContent = (found.length - SHOWN) + " more match" + (found.length - SHOWN === 1 ? "" : "es") + ": show all " + found.length;
      button.addEventListener("click", function (event) {
        event.stopPropagation();
        showAll = true;
        render();
        searchInput.focus();
      });
      more.appendChild(button);
      results.appendChild(more);
    }
    results.hidden = false;
  }
  function select(delta) {
    var links = results.querySelectorAll("a");
    if (links.length === 0) return;
    if (selected >= 0) links[selected].classList.remove("selected");
    selected = (selected + delta + links.length) % links.length;
    links[selected].classList.add("selected");
    links[selected].scrollIntoView({ block: "nearest" });
  }

  searchInput.addEventListener("input", function () { showAll = false; });
  searchInput.addEventListener("focus", function () { loadIndex(render); });
  searchInput.addEventListener("input", function () { loadIndex(render); render(); });
  searchInput.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown") { select(1); event.preventDefault(); }
    else if (event.key === "ArrowUp") { select(-1); event.preventDefault(); }
    else if (event.key === "Enter") {
      var links = results.querySelectorAll("a");
      var link = links[selected >= 0 ? selected : 0];
      if (link) window.location.href = link.href;
    } else if (event.key === "Escape") {
      searchInput.value = "";
      results.hidden = true;
      searchInput.blur();
    }
  });
  document.addEventListener("click", function (event) {
    if (!results.contains(event.target) && event.target !== searchInput) results.hidden = true;
  });
})();
