"""The built site in a real browser: headless Chromium driven by Selenium.

Every page is loaded from file:// and must show no console error, make no request that is
not file://, and have no axe-core violation of WCAG 2.1 A/AA in the light and the dark
theme. Then what a reader does is checked: Tab reaches everything with a visible focus
ring (the skip link first, on top), the sidebar links chapters, search finds a word and its
result opens the section with the word highlighted, dark mode and print styles apply, and
plot text stays legible on a phone-sized screen.

Run by `.ci/browser-tests.sh SITE_FOLDER`, which sets SITE_DIR and SCREENSHOT_DIR.
"""

import glob
import json
import os
import pathlib
import re

import pytest
from selenium import webdriver
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

SITE = pathlib.Path(os.environ.get("SITE_DIR", "site")).resolve()
SHOTS = pathlib.Path(os.environ.get("SCREENSHOT_DIR", ".build-browser/screenshots"))
PAGES = sorted(p.name for p in SITE.glob("*.html"))
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_source():
    """axe.min.js as bundled by axe-playwright-python (only the file is used)."""
    import axe_playwright_python

    folder = pathlib.Path(axe_playwright_python.__file__).parent
    found = glob.glob(str(folder / "**" / "axe.min.js"), recursive=True)
    assert found, "axe.min.js not found in axe-playwright-python"
    return pathlib.Path(found[0]).read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def driver():
    options = webdriver.ChromeOptions()
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1280,900", "--force-device-scale-factor=1",
                     # No background traffic of the browser's own, so every request seen is the page's.
                     "--disable-background-networking", "--disable-component-update",
                     "--disable-sync", "--no-first-run", "--disable-default-apps"]:
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    service = webdriver.ChromeService(executable_path="/usr/bin/chromedriver")
    browser = webdriver.Chrome(options=options, service=service)
    browser.set_page_load_timeout(60)
    browser.set_script_timeout(120)
    browser.execute_cdp_cmd("Network.enable", {})
    yield browser
    browser.quit()


@pytest.fixture(scope="session")
def axe():
    return axe_source()


def url(page, query=""):
    return (SITE / page).as_uri() + query


def media(driver, scheme="light", kind=""):
    """Emulates `prefers-color-scheme` (and print media when `kind` is "print")."""
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {
        "media": kind, "features": [{"name": "prefers-color-scheme", "value": scheme}]})


def drain_logs(driver):
    driver.get_log("browser")
    driver.get_log("performance")


def open_page(driver, page, query=""):
    media(driver, "light")
    driver.get(url(page, query))
    WebDriverWait(driver, 30).until(lambda d: d.execute_script("return document.readyState") == "complete")


def run_axe(driver, axe):
    if not driver.execute_script("return !!window.axe"):
        driver.execute_script(axe)
    result = driver.execute_async_script("""
        const done = arguments[arguments.length - 1];
        axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations'], preload: false})
           .then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                 nodes: v.nodes.map(n => n.target.join(' ') + ' ' + (n.failureSummary || '').split('\\n')[1])}))))
           .catch(e => done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}]));
    """, AXE_TAGS)
    return result


def describe(violations):
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}, {len(v['nodes'])} nodes): {v['help']}")
        lines += ["    " + n for n in v["nodes"][:5]]
    return "\n".join(lines)


def test_site_has_pages():
    assert "index.html" in PAGES and len(PAGES) >= 3, f"no built site in {SITE}"


@pytest.mark.parametrize("page", PAGES)
def test_page_loads_clean_and_has_no_axe_violations(driver, axe, page):
    drain_logs(driver)
    open_page(driver, page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(SHOTS / (page[:-5] + ".png")))
    problems = []
    light = run_axe(driver, axe)
    if light:
        problems.append("axe, light theme:\n" + describe(light))
    media(driver, "dark")
    dark = run_axe(driver, axe)
    if dark:
        problems.append("axe, dark theme:\n" + describe(dark))
    media(driver, "light")
    errors = [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    if errors:
        problems.append("console errors:\n" + "\n".join(errors))
    requests = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            requested = message["params"]["request"]["url"]
            if not requested.startswith("file://"):
                requests.append(requested[:120])
    if requests:
        problems.append("requests that are not file://:\n" + "\n".join(requests))
    assert not problems, f"{page}:\n" + "\n".join(problems)


FOCUS_PROBE = """
const e = document.activeElement;
if (!e || e === document.body) return null;
const s = getComputedStyle(e), r = e.getBoundingClientRect();
const x = Math.min(Math.max(r.left + 2, 0), innerWidth - 1), y = Math.min(Math.max(r.top + 2, 0), innerHeight - 1);
const top = document.elementFromPoint(x, y);
return {tag: e.tagName, cls: e.className && e.className.baseVal === undefined ? e.className : '',
        text: (e.textContent || e.value || '').trim().slice(0, 40),
        outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2,
        ring: s.boxShadow !== 'none', visibleFocus: e.matches(':focus-visible'),
        onTop: !!top && (top === e || e.contains(top)), inView: r.width > 0 && r.height > 0};
"""


@pytest.mark.parametrize("page", PAGES)
def test_every_tab_stop_shows_focus(driver, page):
    open_page(driver, page)
    driver.execute_script("window.scrollTo(0, 0); document.activeElement.blur();")
    stops, bad, problems = 0, [], []
    for step in range(600):
        ActionChains(driver).send_keys(Keys.TAB).perform()
        probe = driver.execute_script(FOCUS_PROBE)
        if probe is None:
            break
        if step > 0 and probe["cls"] == "skip":
            break
        if step == 0 and probe["cls"] != "skip":
            problems.append(f"the first Tab stop is {probe}, not the skip link")
        elif step == 0 and not probe["onTop"]:
            problems.append("the focused skip link is covered by another element")
        stops += 1
        if not (probe["visibleFocus"] and (probe["outline"] or probe["ring"])):
            bad.append(probe)
    if bad:
        problems.append(f"{len(bad)} of {stops} Tab stops show no focus ring, e.g. {bad[:3]}")
    assert stops > 3, f"{page}: only {stops} Tab stops"
    assert not problems, f"{page}: " + "; ".join(problems)


def chapter_pages():
    return [p for p in PAGES if p not in ("index.html", "progress.html", "class.html", "print.html")]


def test_sidebar_links_every_chapter_and_outlines_the_page(driver):
    page = chapter_pages()[0]
    open_page(driver, page)
    nav = driver.find_element(By.CSS_SELECTOR, "nav.sidebar")
    assert nav.is_displayed()
    links = [a.get_attribute("href").rsplit("/", 1)[-1] for a in nav.find_elements(By.CSS_SELECTOR, ".toc > li > a")]
    assert sorted(links) == sorted(chapter_pages())
    current = nav.find_element(By.CSS_SELECTOR, "a[aria-current=page]")
    assert current.get_attribute("href").endswith(page)
    for link in nav.find_elements(By.CSS_SELECTOR, ".outline a"):
        anchor = link.get_attribute("href").split("#", 1)[1]
        assert driver.find_elements(By.ID, anchor), f"{page}: outline link #{anchor} has no target"
    other = nav.find_elements(By.CSS_SELECTOR, ".toc > li > a")[-1]
    target = other.get_attribute("href")
    other.click()
    WebDriverWait(driver, 10).until(lambda d: d.current_url == target)


def search_index(driver):
    return driver.execute_script("return window.LESSONS_SEARCH")


def test_search_index_anchors_exist(driver):
    open_page(driver, "index.html")
    entries = search_index(driver)
    assert entries, "search index is empty"
    missing = []
    for page in sorted({e["page"] for e in entries}):
        open_page(driver, page)
        ids = set(driver.execute_script("return [...document.querySelectorAll('[id]')].map(e => e.id)"))
        missing += [f"{page}#{e['anchor']}" for e in entries
                    if e["page"] == page and e["anchor"] and e["anchor"] not in ids]
    assert not missing, f"{len(missing)} of {len(entries)} index entries point at missing anchors: {missing}"
    assert not any("{{" in e["text"] for e in entries), "the index holds unfilled {{ name }} placeholders"


def test_search_finds_a_word_and_opens_it_highlighted(driver):
    open_page(driver, "index.html")
    index = search_index(driver)

    def holds(e, w):
        return w in (e["title"] + " " + e["text"] + " " + e.get("code", "")).lower()

    # A word of a section's prose (not its title) that no other entry holds, so its one
    # result must be that section.
    choice = None
    for entry in sorted((e for e in index if e["anchor"]), key=lambda e: -len(e["text"])):
        for candidate in re.findall(r"[A-Za-z]{7,}", entry["text"]):
            candidate = candidate.lower()
            if candidate not in entry["title"].lower() and sum(holds(e, candidate) for e in index) == 1:
                choice = (entry, candidate)
                break
        if choice:
            break
    assert choice, "no word that only one section holds"
    entry, word = choice
    box = driver.find_element(By.ID, "search-box")
    box.send_keys(word)
    results = WebDriverWait(driver, 10).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "#search-results a"))
    hrefs = [r.get_attribute("href") for r in results]
    wanted = [i for i, h in enumerate(hrefs) if f"{entry['page']}?" in h and h.endswith("#" + entry["anchor"])]
    assert wanted, f"searching {word!r}: no result for {entry['page']}#{entry['anchor']} in {hrefs}"
    result = results[wanted[0]]
    item = result.find_element(By.XPATH, "..")
    assert entry["chapter"] in item.text and word in item.text.lower(), f"result shows {item.text!r}"
    result.click()
    WebDriverWait(driver, 10).until(lambda d: d.current_url.endswith("#" + entry["anchor"]))
    marks = WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "mark.search-hit"))
    assert word in marks[0].text.lower()
    in_view = driver.execute_script(
        "const r = arguments[0].getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight;", marks[0])
    assert in_view, "the highlighted match is not scrolled into view"


def background(driver):
    return driver.execute_script("return getComputedStyle(document.body).backgroundColor")


def luminance(css):
    r, g, b = (int(v) for v in re.findall(r"\d+", css)[:3])
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255


def test_dark_mode_follows_the_system(driver):
    open_page(driver, chapter_pages()[0])
    media(driver, "light")
    assert luminance(background(driver)) > 0.9
    media(driver, "dark")
    assert luminance(background(driver)) < 0.15
    series = driver.execute_script(
        "return getComputedStyle(document.documentElement).getPropertyValue('--lb-series-1').trim()")
    assert series, "dark theme sets no chart series colours"
    media(driver, "light")


def test_print_styles_drop_navigation(driver):
    open_page(driver, chapter_pages()[0])
    media(driver, "dark", kind="print")
    hidden = driver.execute_script("""
        return ['.sidebar', '.pager', '.skip'].map(s => document.querySelector(s))
            .filter(e => e).map(e => getComputedStyle(e).display);""")
    color = background(driver)
    media(driver, "light")
    assert hidden and all(d == "none" for d in hidden), f"print shows navigation: {hidden}"
    assert luminance(color) > 0.9, "print is not black on white"
    pdf = driver.execute_cdp_cmd("Page.printToPDF", {})
    assert len(pdf["data"]) > 1000


def test_the_print_page_prints_the_whole_book_with_its_plots(driver):
    open_page(driver, "print.html")
    chapters = driver.execute_script(
        "return [...document.querySelectorAll('section.print-chapter')].map(s => s.id)")
    assert sorted(chapters) == sorted("chapter-" + p.removesuffix(".html") for p in chapter_pages())
    media(driver, "light", kind="print")
    plots = driver.execute_script("return document.querySelectorAll('section.print-chapter svg').length")
    media(driver, "light")
    assert plots > 0, "the print page has no plot"
    pdf = driver.execute_cdp_cmd("Page.printToPDF", {})
    assert len(pdf["data"]) > 10000


def test_plots_are_legible_on_a_phone_and_have_their_data(driver):
    pages = [p for p in chapter_pages() if "<svg" in (SITE / p).read_text(encoding="utf-8")]
    assert pages, "no page with a plot"
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": 375, "height": 800, "deviceScaleFactor": 1, "mobile": True})
    try:
        for page in pages:
            open_page(driver, page)
            report = driver.execute_script("""
                return [...document.querySelectorAll('figure.plot svg')].map(svg => {
                  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
                  const sizes = [...svg.querySelectorAll('text')].map(t => parseFloat(getComputedStyle(t).fontSize) * scale);
                  const fig = svg.closest('figure');
                  return {minText: Math.min(...sizes), title: !!svg.querySelector('title'), desc: !!svg.querySelector('desc'),
                          table: !!fig.querySelector('details table'),
                          cut: [...svg.querySelectorAll('.lb-legend text')].filter(t => t.textContent.endsWith('…')).length};
                });""")
            assert report, f"{page}: no plot found"
            for number, plot in enumerate(report):
                assert plot["title"] and plot["desc"], f"{page} plot {number}: no title or description"
                assert plot["table"], f"{page} plot {number}: its data are not given as a table"
                assert plot["minText"] >= 9, f"{page} plot {number}: text at {plot['minText']:.1f} px on a 375 px screen"
                assert plot["cut"] == 0, f"{page} plot {number}: {plot['cut']} legend names cut"
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
