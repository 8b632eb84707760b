#!/usr/bin/env python3
"""The built site in real browsers: headless Chromium (Selenium + chromedriver) and Firefox ESR
(Marionette, its own remote protocol; geckodriver is not packaged by Debian).

    python3 Tests/Browser/browser_tests.py [--site site] [--browsers chromium,firefox] [--report FILE]

Every page is loaded from file://, as a reader opens it from disk. Checked in each browser:

- no request leaves the site (only file:// URLs under site/, data: and about:), and no console
  error and no Content-Security-Policy violation on any page;
- no page is wider than the viewport at 390 px (a phone) and 1366 px (a laptop);
- axe-core (the copy shipped in PyPI's axe-playwright-python) finds no serious or critical
  violation on any page, in the light and the dark theme;
- at 1366 px every code or output block whose lines fit in 80 columns shows them without
  scrolling; a block that scrolls is focusable; display equations scroll inside their box;
- at 390 px figure text is at least 11 CSS px; at 390 and 320 px no inline formula reaches past
  its column (one too wide scrolls inside itself) and no punctuation after a formula starts a line;
- search finds the expected sections (Unicode and underscored queries included), shows excerpts,
  says how many more there are, and marks the hits on the page it leads to;
- the theme toggle persists across pages; ← and → move between chapters; after a jump the
  on-page contents marks the section; Tab never stops on an invisible element; the snippet bar
  does not cover code and its "Show hidden lines" shows them.

Chromium also prints print.html to PDF (--print-to-pdf): pages are counted with pdfinfo and each
page's filled height measured with pdftoppm.

Ends with "N passed, M failed" and exits non-zero on any failure or when a browser is missing
(CI installs them with .ci/setup). Measurements go to --report as JSON.
"""
import argparse
import importlib.util
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse

# Every page of the book: the index, each chapter page found in the site (NN-name.html), and
# print.html; filled in by main() from the site folder, so a new chapter is tested too.
PAGES = []


def book_pages(site):
    chapters = sorted(name for name in os.listdir(site) if re.fullmatch(r"[0-9]{2}-[a-z0-9-]+\.html", name))
    return ["index.html"] + chapters + ["print.html"]
WIDTHS = [390, 1366]

# query -> (page, anchor) that must be among the results
SEARCHES = {
    "forget gate": ("03-lstm.html", "the-forget-gate-arjun-under-water"),
    "Jürgen": ("03-lstm.html", None),
    "σ": (None, None),
    "scaled_dot_product_attention": ("04-transformers.html", None),
}


class Results:
    def __init__(self):
        self.passed = 0
        self.failed = []
        self.measured = {}

    def check(self, name, ok, detail=""):
        if ok:
            self.passed += 1
        else:
            self.failed.append(f"{name}: {detail}")
            print(f"FAIL {name}: {detail}", flush=True)


def axe_source():
    spec = importlib.util.find_spec("axe_playwright_python")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("error: axe-core is missing: python3 -m pip install --no-deps axe-playwright-python (.ci/setup does)")
    path = os.path.join(list(spec.submodule_search_locations)[0], "axe.min.js")
    return open(path, encoding="utf-8").read()


# ---------------------------------------------------------------------------------------------
# Two drivers with one interface.

class Chromium:
    name = "chromium"

    def __init__(self, site):
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
        binary = shutil.which("chromium") or shutil.which("chromium-browser")
        driver = shutil.which("chromedriver")
        if not binary or not driver:
            raise SystemExit("error: chromium and chromedriver are missing (Debian: chromium chromium-driver; .ci/setup installs them)")
        options = webdriver.ChromeOptions()
        options.binary_location = binary
        for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         "--hide-scrollbars", "--force-prefers-reduced-motion", "--lang=en-US",
                         "--force-color-profile=srgb"]:
            options.add_argument(argument)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
        self.driver = webdriver.Chrome(service=Service(driver), options=options)
        # axe on the print page takes minutes on a loaded machine: a longer HTTP timeout.
        executor = self.driver.command_executor
        executor._client_config.timeout = 900
        executor._conn = executor._get_connection_manager()
        self.driver.set_script_timeout(900)
        self.version = self.driver.capabilities.get("browserVersion", "?")

    def viewport(self, width, height=900):
        self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                    {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})

    def goto(self, url):
        self.driver.get(url)

    def url(self):
        return self.driver.current_url

    def js(self, script, *args):
        return self.driver.execute_script(script, *args)

    def js_async(self, script, *args):
        return self.driver.execute_async_script(script, *args)

    def drain(self):
        """(requests, console errors) since the last call."""
        requests, errors = [], []
        for entry in self.driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            if message.get("method") == "Network.requestWillBeSent":
                requests.append(message["params"]["request"]["url"])
        for entry in self.driver.get_log("browser"):
            if entry.get("level") == "SEVERE":
                errors.append(entry.get("message", ""))
        return requests, errors

    def keys(self, selector, keys):
        from selenium.webdriver.common.by import By
        self.driver.find_element(By.CSS_SELECTOR, selector).send_keys(keys)

    def press(self, key):
        from selenium.webdriver.common.action_chains import ActionChains
        ActionChains(self.driver).send_keys(key).perform()

    KEYS = None

    def key(self, name):
        from selenium.webdriver.common.keys import Keys
        return {"right": Keys.ARROW_RIGHT, "left": Keys.ARROW_LEFT, "tab": Keys.TAB}[name]

    def click(self, selector):
        from selenium.webdriver.common.by import By
        self.driver.find_element(By.CSS_SELECTOR, selector).click()

    def quit(self):
        self.driver.quit()


class Firefox:
    name = "firefox"

    def __init__(self, site):
        from marionette_driver.marionette import Marionette
        binary = shutil.which("firefox-esr") or shutil.which("firefox")
        if not binary:
            raise SystemExit("error: firefox-esr is missing (Debian: firefox-esr; .ci/setup installs it)")
        self.profile = tempfile.mkdtemp(prefix="workbook-firefox-")
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        prefs = {
            "marionette.port": port, "browser.shell.checkDefaultBrowser": False,
            "datareporting.policy.dataSubmissionEnabled": False, "toolkit.telemetry.reportingpolicy.firstRun": False,
            "browser.startup.homepage_override.mstone": "ignore", "app.update.enabled": False,
            "network.captive-portal-service.enabled": False, "network.connectivity-service.enabled": False,
            "browser.safebrowsing.malware.enabled": False, "browser.safebrowsing.phishing.enabled": False,
            "extensions.getAddons.cache.enabled": False, "browser.newtabpage.enabled": False,
            "ui.prefersReducedMotion": 1, "layout.css.prefers-color-scheme.content-override": 1,
            "devtools.console.stdout.content": False, "browser.zoom.siteSpecific": False,
        }
        with open(os.path.join(self.profile, "user.js"), "w") as f:
            for key, value in prefs.items():
                f.write(f"user_pref({json.dumps(key)}, {json.dumps(value)});\n")
        env = dict(os.environ, MOZ_HEADLESS="1", MOZ_HEADLESS_WIDTH="1366", MOZ_HEADLESS_HEIGHT="900")
        self.process = subprocess.Popen([binary, "--headless", "--marionette", "-remote-allow-system-access", "--no-remote", "--profile", self.profile,
                                         "about:blank"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.client = Marionette(host="127.0.0.1", port=port)
        deadline = time.time() + 60
        while True:
            try:
                self.client.raise_for_port(timeout=5)
                break
            except Exception:
                if time.time() > deadline:
                    raise
        self.client.start_session()
        self.client.timeout.script = 900
        self.version = self.client.session_capabilities.get("browserVersion", "?")
        # Chrome context: record every network request and read the console.
        with self.client.using_context("chrome"):
            self.client.execute_script("""
                window.workbookRequests = [];
                // Requests a page makes (not Firefox's own update and settings traffic).
                const observer = { observe(subject, topic) {
                    try {
                        const channel = subject.QueryInterface(Ci.nsIChannel);
                        const info = channel.loadInfo;
                        const from = info && info.triggeringPrincipal && info.triggeringPrincipal.URI ? info.triggeringPrincipal.URI.spec : "";
                        if (from.startsWith("file:") || (info && info.browsingContext && info.browsingContext.isContent)) window.workbookRequests.push(channel.URI.spec);
                    } catch (e) {}
                } };
                Services.obs.addObserver(observer, "http-on-modify-request");
                Services.console.reset();
            """)

    def viewport(self, width, height=900):
        # A Firefox window is at least 500 px wide: a phone's 390 px is a 500 px window zoomed in.
        self.zoom = 1.0
        self.apply_zoom()
        self.client.set_window_rect(width=max(width, 500), height=height)
        inner = self.client.execute_script("return window.innerWidth")
        self.zoom = inner / width
        self.apply_zoom()

    zoom = 1.0

    def apply_zoom(self):
        with self.client.using_context("chrome"):
            self.client.execute_script("gBrowser.selectedBrowser.fullZoom = arguments[0]", script_args=[self.zoom])

    def goto(self, url):
        self.client.navigate(url)
        if self.zoom != 1.0:
            self.apply_zoom()

    def url(self):
        return self.client.get_url()

    def js(self, script, *args):
        return self.client.execute_script(script, script_args=list(args), new_sandbox=False)

    def js_async(self, script, *args):
        return self.client.execute_async_script(script, script_args=list(args), new_sandbox=False)

    def drain(self):
        with self.client.using_context("chrome"):
            found = self.client.execute_script("""
                const errors = [];
                // Errors of pages (an inner window), and every CSP report.
                for (const m of Services.console.getMessageArray() || []) {
                    if (!(m instanceof Ci.nsIScriptError) || !m.innerWindowID) continue;
                    const warning = (m.flags & Ci.nsIScriptError.warningFlag) !== 0 || (m.flags & Ci.nsIScriptError.infoFlag) !== 0;
                    if (!warning || /CSP/.test(m.category)) errors.push(m.category + ": " + m.errorMessage + " " + m.sourceName);
                }
                Services.console.reset();
                const requests = window.workbookRequests.splice(0);
                return [requests, errors];
            """)
        return found[0], found[1]

    def key(self, name):
        from marionette_driver.keys import Keys
        return {"right": Keys.ARROW_RIGHT, "left": Keys.ARROW_LEFT, "tab": Keys.TAB}[name]

    def keys(self, selector, keys):
        self.client.find_element("css selector", selector).send_keys(keys)

    def press(self, key):
        chain = self.client.actions.sequence("key", "keyboard")
        chain.key_down(key).key_up(key).perform()

    def click(self, selector):
        self.client.find_element("css selector", selector).click()

    def quit(self):
        try:
            self.client.delete_session()
        except Exception:
            pass
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
        shutil.rmtree(self.profile, ignore_errors=True)


# ---------------------------------------------------------------------------------------------
# Checks

GEOMETRY = r"""
const out = {width: document.documentElement.scrollWidth, viewport: document.documentElement.clientWidth, wide: []};
for (const el of document.querySelectorAll("body *")) {
  const r = el.getBoundingClientRect();
  if (r.width > 0 && r.right > document.documentElement.clientWidth + 1 && !el.closest("details:not([open]) > :not(summary), .figure-scroll, .math-display, pre, .table-scroll, .xref-preview, .sidebar, .search-results, .skip-link")) {
    out.wide.push(el.localName + (el.className && el.className.baseVal === undefined ? "." + el.className : "") + " right=" + Math.round(r.right));
    if (out.wide.length > 5) break;
  }
}
// Scrollable regions must be focusable; display equations must not paint outside their box.
out.unfocusable = [];
for (const el of document.querySelectorAll("pre, .math-display, .table-scroll, .figure-scroll")) {
  if (el.scrollWidth > el.clientWidth + 1 && el.tabIndex < 0) out.unfocusable.push(el.localName + "." + el.className);
}
out.mathEscapes = [];
for (const el of document.querySelectorAll(".math-display")) {
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect(), container = el.closest("article").getBoundingClientRect();
  if (!/auto|scroll|hidden/.test(style.overflowX) || box.right > container.right + 1) out.mathEscapes.push(el.getAttribute("aria-label"));
}
return out;
"""

CODE_COLUMNS = r"""
const out = {blocks: 0, scrolling: 0, within80Scrolling: [], longest: 0};
for (const pre of document.querySelectorAll("pre.code, pre.output")) {
  if (pre.closest("details:not([open])")) continue;
  out.blocks++;
  const copy = pre.cloneNode(true);
  copy.querySelectorAll(".hidden-code").forEach(s => s.remove());
  const longest = Math.max(...copy.textContent.replace(/\n$/, "").split("\n").map(l => [...l].length));
  out.longest = Math.max(out.longest, longest);
  const scrolls = pre.scrollWidth > pre.clientWidth + 1;
  if (scrolls) out.scrolling++;
  if (scrolls && longest <= 80) out.within80Scrolling.push(longest + ": " + copy.textContent.split("\n")[0].slice(0, 40));
}
return out;
"""

FIGURE_TEXT = r"""
let smallest = 1000, where = "";
for (const svg of document.querySelectorAll("figure.plot svg")) {
  const box = svg.getBoundingClientRect();
  const view = svg.viewBox && svg.viewBox.baseVal && svg.viewBox.baseVal.width ? svg.viewBox.baseVal.width : box.width;
  const scale = box.width / view;
  for (const text of svg.querySelectorAll("text")) {
    const size = parseFloat(getComputedStyle(text).fontSize) * scale;
    if (size < smallest) { smallest = size; where = (svg.querySelector("title") || {}).textContent + ": " + text.textContent; }
  }
}
return [smallest, where];
"""

INLINE_MATH = r"""
// Inline formulas in the text (tables and figures scroll in their own regions): each one's box
// (.math-inline, which scrolls a formula wider than the column) must end inside its column, and
// a '.', ',', ';', ':', ')' … right after one must sit on its last line.
const out = {count: 0, overflowing: [], orphaned: []};
for (const math of document.querySelectorAll('math:not([display="block"])')) {
  if (math.closest('.math-display, .table-scroll, .figure-scroll, .xref-preview, details:not([open])')) continue;
  out.count++;
  const block = math.parentElement.closest('p, li, td, th, h1, h2, h3, h4, figcaption, dd, dt, blockquote') || math.closest('article');
  const column = block.getBoundingClientRect(), box = (math.closest('.math-inline') || math).getBoundingClientRect();
  const tex = (math.querySelector('annotation') || math).textContent.slice(0, 50);
  if (box.right > column.right + 1 || box.left < column.left - 1) out.overflowing.push(`${tex} (right ${Math.round(box.right)} > ${Math.round(column.right)})`);
  let node = math.closest('.math-inline') || math;
  while (node && !node.nextSibling && node !== block) node = node.parentNode;
  let next = node && node !== block ? node.nextSibling : null;
  while (next && next.nodeType === 1 && next.firstChild) next = next.firstChild;
  if (next && next.nodeType === 3 && /^[.,;:!?)\]”’…]/.test(next.data)) {
    const range = document.createRange();
    range.setStart(next, 0);
    range.setEnd(next, 1);
    const mark = range.getBoundingClientRect(), lines = math.getClientRects(), last = lines[lines.length - 1];
    if (mark.top >= last.bottom - 1) out.orphaned.push(`${JSON.stringify(next.data[0])} after ${tex}`);
  }
}
return out;
"""

AXE_RUN = r"""
const done = arguments[arguments.length - 1];
const options = {resultTypes: ["violations"], preload: false};
if (arguments[0]) options.runOnly = {type: "rule", values: arguments[0]};
axe.run(document, options).then(r => done(r.violations.map(v => ({
  id: v.id, impact: v.impact, nodes: v.nodes.length, target: String(v.nodes[0] && v.nodes[0].target)
})))).catch(e => done([{id: "axe-error", impact: "critical", nodes: 0, target: String(e)}]));
"""


def site_url(site, page, query=""):
    return "file://" + urllib.parse.quote(os.path.join(site, page)) + query


def allowed(url, site):
    if url.startswith("data:") or url.startswith("about:"):
        return True
    if url.startswith("file://"):
        path = urllib.parse.unquote(urllib.parse.urlparse(url).path)
        return path.startswith(site + os.sep)
    return False


def run_browser(browser, site, results, axe, measured):
    b = browser.name
    b_measure = measured.setdefault(b, {"version": browser.version, "pages": {}})
    browser.drain()

    # Pages, at both widths, both themes for axe.
    for width in WIDTHS:
        browser.viewport(width)
        for page in PAGES:
            browser.goto(site_url(site, page))
            browser.js("return document.fonts ? document.fonts.ready.then(() => true) : true")
            geometry = browser.js(GEOMETRY)
            results.check(f"{b} {page} @{width}: no wider than the viewport",
                          geometry["width"] <= geometry["viewport"] and not geometry["wide"],
                          f"scrollWidth {geometry['width']} > {geometry['viewport']}; {geometry['wide']}")
            results.check(f"{b} {page} @{width}: scrollable regions are focusable", not geometry["unfocusable"], str(geometry["unfocusable"]))
            results.check(f"{b} {page} @{width}: display equations stay in their box", not geometry["mathEscapes"], str(geometry["mathEscapes"]))
            if width == 1366 and page != "index.html":
                columns = browser.js(CODE_COLUMNS)
                b_measure["pages"].setdefault(page, {})["code"] = columns
                results.check(f"{b} {page} @1366: 80-column code does not scroll", not columns["within80Scrolling"],
                              str(columns["within80Scrolling"][:5]))
            if width == 390:
                smallest, where = browser.js(FIGURE_TEXT)
                if smallest < 1000:
                    b_measure["pages"].setdefault(page, {})["smallestFigureText390"] = round(smallest, 2)
                    results.check(f"{b} {page} @390: figure text at least 11 px", smallest >= 10.95, f"{smallest:.1f} px ({where})")
                math = browser.js(INLINE_MATH)
                b_measure["pages"].setdefault(page, {})["inlineMath390"] = {"count": math["count"], "overflowing": len(math["overflowing"]),
                                                                            "orphaned": len(math["orphaned"])}
                results.check(f"{b} {page} @390: no inline math overflows its column", not math["overflowing"], str(math["overflowing"][:5]))
                results.check(f"{b} {page} @390: no punctuation after inline math starts a line", not math["orphaned"], str(math["orphaned"][:5]))
            if width == 1366:
                # Every rule in the light theme; in the dark theme only what the theme changes
                # (colour contrast), and that in Chromium only: axe takes most of the run.
                for theme in (["light", "dark"] if b == "chromium" else ["light"]):
                    browser.js("localStorage.setItem('theme', arguments[0]); document.documentElement.setAttribute('data-theme', arguments[0]);", theme)
                    started = time.time()
                    if not browser.js("return typeof axe !== 'undefined'"):
                        browser.js(axe)
                    violations = browser.js_async(AXE_RUN, ["color-contrast"] if theme == "dark" else None)
                    serious = [v for v in violations if v["impact"] in ("serious", "critical")]
                    b_measure["pages"].setdefault(page, {})[f"axe-{theme}"] = {
                        "violations": len(violations), "serious_or_critical": len(serious),
                        "ids": sorted(f"{v['id']}({v['impact']},{v['nodes']})" for v in violations),
                        "seconds": round(time.time() - started, 1)}
                    results.check(f"{b} {page} {theme}: axe finds no serious or critical violation", not serious,
                                  "; ".join(f"{v['id']} ({v['impact']}, {v['nodes']} nodes, e.g. {v['target']})" for v in serious))
                browser.js("localStorage.removeItem('theme'); document.documentElement.removeAttribute('data-theme');")
            requests, errors = browser.drain()
            outside = [u for u in requests if not allowed(u, site)]
            results.check(f"{b} {page} @{width}: no request leaves the site", not outside, str(outside[:5]))
            results.check(f"{b} {page} @{width}: no console error or CSP violation", not errors, str(errors[:5]))

    # Inline math on a small phone too (320 px), where chapter 4's chains of equalities are wider
    # than the column.
    browser.viewport(320)
    for page in PAGES:
        browser.goto(site_url(site, page))
        browser.js("return document.fonts ? document.fonts.ready.then(() => true) : true")
        math = browser.js(INLINE_MATH)
        b_measure["pages"].setdefault(page, {})["inlineMath320"] = {"count": math["count"], "overflowing": len(math["overflowing"]),
                                                                    "orphaned": len(math["orphaned"])}
        results.check(f"{b} {page} @320: no inline math overflows its column", not math["overflowing"], str(math["overflowing"][:5]))
        results.check(f"{b} {page} @320: no punctuation after inline math starts a line", not math["orphaned"], str(math["orphaned"][:5]))

    browser.viewport(1366)
    # Search: expected sections, excerpts, the landing page marks the hits.
    for query, (page, anchor) in SEARCHES.items():
        browser.goto(site_url(site, "index.html"))
        browser.js("const i = document.getElementById('search-input'); i.focus();")
        browser.keys("#search-input", query)
        hrefs = []
        for _ in range(50):
            hrefs = browser.js("return Array.from(document.querySelectorAll('#search-results a')).map(a => a.getAttribute('href'))")
            if hrefs:
                break
            time.sleep(0.1)
        def matches(href):
            path, _, fragment = href.partition("#")
            return (page is None or path.split("?")[0] == page) and (anchor is None or fragment == anchor)
        results.check(f"{b} search {query!r} finds {page or 'a page'}#{anchor or ''}", any(matches(h) for h in hrefs), str(hrefs[:6]))
        excerpts = browser.js("return document.querySelectorAll('#search-results .result-excerpt mark').length")
        results.check(f"{b} search {query!r} shows excerpts with the hit marked", excerpts > 0, f"{excerpts} marked excerpts")
        if hrefs:
            first = hrefs[0]
            browser.goto(site_url(site, first.split("#")[0].split("?")[0], "?" + first.split("?", 1)[1] if "?" in first else ""))
            marks = browser.js("return document.querySelectorAll('mark.search-hit').length")
            results.check(f"{b} search {query!r}: the landing page marks the hits", marks > 0, f"{marks} marks on {first}")
    browser.goto(site_url(site, "index.html"))
    browser.keys("#search-input", "the")
    time.sleep(0.5)
    more = browser.js("const m = document.querySelector('.more-results'); return m ? m.textContent : ''")
    results.check(f"{b} search: a long result list says how many more", "more match" in more, repr(more))

    # Theme toggle persists across pages and reloads.
    browser.goto(site_url(site, "index.html"))
    browser.js("localStorage.removeItem('theme')")
    browser.goto(site_url(site, "index.html"))
    before = browser.js("return getComputedStyle(document.documentElement).colorScheme")
    browser.click("#theme-toggle")
    browser.goto(site_url(site, "02-rnn.html"))
    after = browser.js("return [document.documentElement.getAttribute('data-theme'), getComputedStyle(document.documentElement).colorScheme]")
    results.check(f"{b} theme toggle persists to the next page", after[0] in ("dark", "light") and after[1] != before, f"before {before}, after {after}")
    browser.click("#theme-toggle")
    browser.goto(site_url(site, "03-lstm.html"))
    back = browser.js("return getComputedStyle(document.documentElement).colorScheme")
    results.check(f"{b} theme toggle flips back", back == before, f"{back} vs {before}")

    # Keyboard: → and ← move between chapters.
    browser.goto(site_url(site, "02-rnn.html"))
    browser.press(browser.key("right"))
    time.sleep(0.5)
    results.check(f"{b} → goes to the next chapter", browser.url().endswith("03-lstm.html"), browser.url())
    browser.press(browser.key("left"))
    time.sleep(0.5)
    results.check(f"{b} ← goes to the previous chapter", browser.url().endswith("02-rnn.html"), browser.url())

    # The on-page contents marks the section after a jump (also to the last one).
    browser.goto(site_url(site, "03-lstm.html"))
    last = browser.js("const h = document.querySelectorAll('article h2[id]'); return h[h.length - 1].id")
    for anchor in ["sec:by-hand", last]:
        browser.goto(site_url(site, "03-lstm.html", "#" + anchor))
        time.sleep(0.4)
        active = browser.js("const a = document.querySelector('.page-toc a.active'); return a ? a.hash : ''")
        results.check(f"{b} on-page contents marks #{anchor} after a jump", active == "#" + anchor, repr(active))

    # Tab: the first stops are the skip link and then something visible (not the menu checkbox).
    browser.goto(site_url(site, "03-lstm.html"))
    stops = []
    for _ in range(3):
        browser.press(browser.key("tab"))
        stops.append(browser.js("const e = document.activeElement; const r = e.getBoundingClientRect(); "
                                "return [e.localName + (e.id ? '#' + e.id : '') + (e.className ? '.' + e.className : ''), "
                                "getComputedStyle(e).opacity !== '0' && r.width > 2 && r.height > 2]"))
    results.check(f"{b} Tab stops are visible", all(visible for _, visible in stops[1:]), str(stops))

    # The snippet bar never covers code; hidden lines can be shown.
    bar = browser.js("""
        let covered = 0, bars = 0;
        for (const bar of document.querySelectorAll('.snippet-tools')) {
          bars++;
          const pre = bar.nextElementSibling;
          if (bar.getBoundingClientRect().bottom > pre.getBoundingClientRect().top + 0.5) covered++;
        }
        const toggle = document.querySelector('.hidden-toggle');
        let shown = null;
        if (toggle) { toggle.click(); const h = toggle.closest('.snippet').querySelector('.hidden-code'); shown = h.getBoundingClientRect().height > 0; }
        return [bars, covered, toggle ? toggle.textContent : '', shown];
    """)
    results.check(f"{b} the snippet bar covers no code", bar[0] > 0 and bar[1] == 0, str(bar))
    if bar[2]:
        results.check(f"{b} 'Show hidden lines' shows them", bar[3] is True, str(bar))
    requests, errors = browser.drain()
    results.check(f"{b} interactions: no request leaves the site", not [u for u in requests if not allowed(u, site)], str(requests[:5]))
    results.check(f"{b} interactions: no console error", not errors, str(errors[:5]))


def print_pdf(site, results, measured):
    """print.html → PDF with headless Chromium; pages counted, fill of each page measured."""
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if not shutil.which("pdfinfo") or not shutil.which("pdftoppm"):
        results.check("print: pdfinfo and pdftoppm (poppler-utils) are installed", False, "missing")
        return
    work = tempfile.mkdtemp(prefix="workbook-print-")
    pdf = os.path.join(work, "book.pdf")
    started = time.time()
    subprocess.run([binary, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    f"--print-to-pdf={pdf}", site_url(site, "print.html")],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=240)
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    subprocess.run(["pdftoppm", "-r", "20", "-gray", pdf, os.path.join(work, "p")], check=True)
    fills = []
    for name in sorted(f for f in os.listdir(work) if f.endswith(".pgm")):
        with open(os.path.join(work, name), "rb") as f:
            data = f.read()
        # P5 header: magic, width, height, maxval, then bytes.
        parts = data.split(maxsplit=4)
        width, height = int(parts[1]), int(parts[2])
        pixels = parts[4]
        # Rows with ink, ignoring the bottom margin where the page number is printed (18 mm of 297).
        body = int(height * (297 - 18) / 297)
        top_margin = int(height * 16 / 297)
        last = top_margin
        for row in range(top_margin, body):
            line = pixels[row * width:(row + 1) * width]
            if min(line) < 200:
                last = row
        fills.append((last - top_margin) / (body - top_margin))
    texts = []
    for page in range(1, pages + 1):
        texts.append(subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), pdf, "-"], capture_output=True, text=True).stdout)
    # A page before a chapter's first page (or the last page) may end short: that is the chapter's end.
    chapter_starts = {i for i, text in enumerate(texts) if text.lstrip().upper().startswith("CHAPTER ")}
    short = [i + 1 for i, fill in enumerate(fills) if fill < 0.6 and (i + 1) not in chapter_starts and i != len(fills) - 1 and i >= 1]
    # The number printed at the foot: a line of its own (pdftotext may put it before a figure's text).
    numbered = sum(1 for i, text in enumerate(texts[1:], start=2) if str(i) in (line.strip() for line in text.splitlines()))
    measured["print"] = {"pages": pages, "under60": [i + 1 for i, f in enumerate(fills) if f < 0.6],
                         "under60NotAtChapterEnd": short, "pagesWithTheirNumber": numbered,
                         "meanFill": round(sum(fills) / len(fills), 3), "seconds": round(time.time() - started, 1)}
    results.check("print: every page after the title page is numbered", numbered == pages - 1, f"{numbered} of {pages - 1} pages carry their number")
    results.check("print: no page under 60 % full except where a chapter ends", not short, f"short pages {short}")
    shutil.rmtree(work, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--site", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "site"))
    parser.add_argument("--browsers", default="chromium,firefox")
    parser.add_argument("--report", default="")
    args = parser.parse_args()
    site = os.path.realpath(args.site)
    if not os.path.isdir(site):
        raise SystemExit(f"error: {site} does not exist: run `swift run workbook build` first")
    PAGES[:] = book_pages(site)
    missing = [p for p in PAGES if not os.path.exists(os.path.join(site, p))]
    if missing or len(PAGES) < 3:
        raise SystemExit(f"error: {site} lacks {missing}: run `swift run workbook build` first")
    axe = axe_source()
    results = Results()
    measured = {"pageBytes": {p: os.path.getsize(os.path.join(site, p)) for p in PAGES}}
    started = time.time()
    for name in args.browsers.split(","):
        began = time.time()
        browser = {"chromium": Chromium, "firefox": Firefox}[name](site)
        try:
            run_browser(browser, site, results, axe, measured)
        finally:
            browser.quit()
        measured[name]["seconds"] = round(time.time() - began, 1)
        print(f"{name} {measured[name]['version']}: {measured[name]['seconds']} s", flush=True)
    if "chromium" in args.browsers:
        print_pdf(site, results, measured)
        print(f"print: {measured.get('print')}", flush=True)
    measured["seconds"] = round(time.time() - started, 1)
    if args.report:
        with open(args.report, "w") as f:
            json.dump(measured, f, indent=1, sort_keys=True, ensure_ascii=False)
    print(f"browser tests: {measured['seconds']} s")
    print(f"{results.passed} passed, {len(results.failed)} failed")
    return 1 if results.failed else 0


if __name__ == "__main__":
    sys.exit(main())
