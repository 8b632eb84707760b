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
  document.querySelectorAll(".snippet > pre.code").forEach(function (pre) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy-button";
    button.textContent = "Copy";
    button.setAttribute("aria-label", "Copy code to clipboard");
    button.addEventListener("click", function () {
      copyText(pre.textContent, function () {
        button.textContent = "Copied";
        button.classList.add("copied");
        setTimeout(function () { button.textContent = "Copy"; button.classList.remove("copied"); }, 1600);
      });
    });
    pre.parentNode.insertBefore(button, pre);
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

  // ---- On-page table of contents: highlight the section being read.
  var tocLinks = document.querySelectorAll(".page-toc a");
  if (tocLinks.length && "IntersectionObserver" in window) {
    var byId = {};
    tocLinks.forEach(function (a) { byId[decodeURIComponent(a.hash.slice(1))] = a; });
    var headings = Array.prototype.filter.call(document.querySelectorAll("h2[id], h3[id]"), function (h) { return byId[h.id]; });
    var visible = {};
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) { visible[entry.target.id] = entry.isIntersecting; });
      var current = null;
      for (var i = 0; i < headings.length; i++) {
        if (visible[headings[i].id]) { current = headings[i]; break; }
        if (headings[i].getBoundingClientRect().top < 0) current = headings[i];
      }
      tocLinks.forEach(function (a) { a.classList.remove("active"); });
      if (current) byId[current.id].classList.add("active");
    }, { rootMargin: "0px 0px -60% 0px" });
    headings.forEach(function (h) { observer.observe(h); });
  }

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

  function terms(text) {
    return text.toLowerCase().split(/[^a-z0-9_]+/).filter(function (t) { return t.length > 0; });
  }

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
        if (key.lastIndexOf(term, 0) === 0) {
          var exact = key.length === term.length ? 2 : 1;
          wordMap[key].forEach(function (s) { hits[s] = Math.max(hits[s] || 0, exact); });
        }
      });
      index.sections.forEach(function (section, s) {
        if (terms(section[2]).some(function (w) { return w.lastIndexOf(term, 0) === 0; })) hits[s] = (hits[s] || 0) + 10;
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
      .sort(function (a, b) { return b.score - a.score || a.section - b.section; })
      .slice(0, 12);
  }

  var selected = -1;
  function render() {
    var found = search(searchInput.value);
    results.textContent = "";
    selected = -1;
    if (searchInput.value.trim() === "") { results.hidden = true; return; }
    if (found.length === 0) {
      var none = document.createElement("li");
      none.className = "no-results";
      none.textContent = window.searchIndex ? "No matches" : "Loading the index…";
      results.appendChild(none);
    }
    found.forEach(function (hit) {
      var section = window.searchIndex.sections[hit.section];
      var page = window.searchIndex.pages[section[0]];
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = page[0] + (section[1] ? "#" + section[1] : "");
      var title = document.createElement("span");
      title.textContent = section[2];
      var where = document.createElement("span");
      where.className = "result-page";
      where.textContent = page[1];
      a.appendChild(title);
      a.appendChild(where);
      li.appendChild(a);
      results.appendChild(li);
    });
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
