// End-to-end test of the search page (src/server/page.html) in headless Chromium.
// Run by tests/e2e/run.sh, which starts the server and sets TIPSEARCH_URL.
import { createRequire } from "node:module";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const out = process.env.E2E_OUT || path.join(root, "target/e2e");
const base = process.env.TIPSEARCH_URL || "http://127.0.0.1:8080";
const require = createRequire(path.join(out, "node_modules", "_"));
const { chromium } = require("playwright-core");

let failures = 0;
let checks = 0;
function check(ok, what, detail) {
  checks++;
  if (ok) {
    console.log(`  ok   ${what}`);
  } else {
    failures++;
    console.log(`  FAIL ${what}${detail === undefined ? "" : "\n       " + JSON.stringify(detail)}`);
  }
  return ok;
}

const hash = (page) => page.evaluate(() => decodeURIComponent(location.hash));
const bytes = (s) => Buffer.byteLength(s, "utf8");

// Runs an action that makes the page fetch, then waits until the page says it is done.
async function act(page, action) {
  await page.evaluate(() => { document.body.dataset.state = "stale"; });
  await action();
  await page.waitForSelector("body[data-state=ready], body[data-state=error]", { timeout: 15000 });
  return page.evaluate(() => document.body.dataset.state);
}

async function search(page, q) {
  await page.fill("#q", q);
  return act(page, () => page.press("#q", "Enter"));
}

const hitInfo = (page) => page.$$eval("#results .hit", (hits) => hits.map((h) => ({
  id: h.querySelector(".meta .id")?.textContent,
  date: h.querySelector(".meta .date")?.textContent,
  tags: [...h.querySelectorAll(".tag")].map((t) => t.textContent),
  rank: h.querySelector(".rank")?.textContent,
  text: h.querySelector(".passage-text")?.textContent,
  href: h.querySelector("a.doc-link")?.getAttribute("href"),
})));

async function main() {
  mkdirSync(out, { recursive: true });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const problems = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    page.setDefaultTimeout(15000);
    page.on("pageerror", (e) => problems.push("page error: " + e.message));
    page.on("dialog", (d) => { problems.push("a dialog opened (injected script ran?): " + d.message()); d.dismiss(); });
    page.on("console", (m) => { if (m.type() === "error" && !/status of 40[04]/.test(m.text())) problems.push("console error: " + m.text()); });
    page.on("request", (r) => {
      if (!r.url().startsWith(base) && !r.url().startsWith("data:")) problems.push("request outside the server: " + r.url());
    });

    console.log(`page at ${base}/`);
    await page.goto(base + "/");
    await page.waitForSelector("body[data-state=ready]");
    check(await page.isVisible("#intro"), "the start page shows the introduction");
    check(!(await page.isVisible("#pager")) && !(await page.isVisible("#error")), "the start page shows no pager and no error");

    // --- search, highlights ---
    console.log("search: forced labor Nakhchivan");
    check(await search(page, "forced labor Nakhchivan") === "ready", "the search succeeded");
    let hits = await hitInfo(page);
    check(hits.length > 0, "there are hits", hits.length);
    check(/q=forced labor Nakhchivan|q=forced\+labor\+Nakhchivan/.test(await hash(page)), "the query is in the URL hash", await hash(page));
    const summary = await page.textContent("#summary");
    check(/\d+ passages?/.test(summary) && /ms/.test(summary), "the summary shows the total and took_ms", summary);
    const marks = await page.$$eval("#results mark", (ms) => ms.map((m) => m.textContent));
    check(marks.some((m) => /nakhchivan/i.test(m)), "a <mark> holds 'Nakhchivan'", marks.slice(0, 20));
    check(marks.some((m) => /labou?r/i.test(m)), "a <mark> holds 'labor'", marks.slice(0, 20));
    check(marks.every((m) => /^[\p{L}\p{N}].*[\p{L}\p{N}]$|^[\p{L}\p{N}]$/su.test(m)), "every <mark> starts and ends on a word character", marks.filter((m) => !/^[\p{L}\p{N}](.*[\p{L}\p{N}])?$/su.test(m)));
    check(!(await page.textContent("#results")).includes("\uFFFD"), "no replacement character in the results");
    check(hits.every((h) => /^(\d{4}-\d{2}-\d{2}|undated)$/.test(h.date || "")), "each hit shows its date as YYYY-MM-DD", hits.map((h) => h.date));
    const rankOne = hits[0]?.rank;
    check(rankOne === "1.", "the first hit is ranked 1", rankOne);

    // --- facets: tag KTIP ---
    console.log("facet: tag KTIP");
    const ktip = 'button.facet[data-facet="tag"][data-value="KTIP"]';
    check(await page.$(ktip) !== null, "the tag facet lists KTIP");
    for (const f of ["tag", "origin", "kind", "classification"]) {
      check(await page.$(`#facets section[data-facet="${f}"] button.facet .count`) !== null, `the ${f} facet shows counts`);
    }
    const counts = async () => (await page.textContent("#summary")).replace(/ · [\d.]+ ms$/, "");
    const before = await counts();
    await act(page, () => page.click(ktip));
    hits = await hitInfo(page);
    check(hits.length > 0, "KTIP: there are hits", hits.length);
    check(hits.every((h) => h.tags.includes("KTIP")), "KTIP: every hit has tag KTIP", hits.map((h) => [h.id, h.tags]));
    check((await hash(page)).includes("tag=KTIP"), "KTIP: the URL hash has tag=KTIP", await hash(page));
    check(await page.getAttribute(ktip, "aria-pressed") === "true", "KTIP: the facet shows as active");
    check(await page.$('#active .chip[data-filter="tag"]') !== null, "KTIP: the active filter is listed, removable");
    await page.screenshot({ path: path.join(out, "search.png"), fullPage: true });

    // remove the filter, then Back brings it again
    await act(page, () => page.click('#active .chip[data-filter="tag"] button'));
    check(!(await hash(page)).includes("tag=KTIP"), "removing the filter drops tag=KTIP from the hash", await hash(page));
    check(await counts() === before, "without the filter the first results come back", [before, await counts()]);
    await act(page, () => page.goBack());
    check((await hash(page)).includes("tag=KTIP"), "Back restores the filter", await hash(page));
    hits = await hitInfo(page);
    check(hits.length > 0 && hits.every((h) => h.tags.includes("KTIP")), "Back restores the filtered hits");

    // another facet: origin, replaced by a click on its active entry
    const origin = await page.getAttribute('button.facet[data-facet="origin"] >> nth=0', "data-value");
    await act(page, () => page.click('button.facet[data-facet="origin"] >> nth=0'));
    const byOrigin = await page.$$eval("#results .hit .meta .origin", (os) => os.map((o) => o.textContent));
    check(byOrigin.length > 0 && byOrigin.every((o) => o === origin), `origin facet: every hit is from ${origin}`, byOrigin);
    const h2 = await hash(page);
    check(h2.includes("tag=KTIP") && h2.includes("origin="), "origin facet: both filters are in the hash", h2);
    await act(page, () => page.click('button.facet[data-facet="origin"][aria-pressed=true]'));
    check(!(await hash(page)).includes("origin="), "clicking an active facet removes it", await hash(page));

    // --- the document view ---
    console.log("document view");
    const first = hits[0];
    const m = /^#doc=([^&]+)&p=(\d+)$/.exec(first.href || "");
    check(m !== null, "the first hit links to #doc=ID&p=N", first.href);
    const ordinal = m ? Number(m[2]) : 0;
    await act(page, () => page.click("#results .hit a.doc-link >> nth=0"));
    check(await page.isVisible("#doc-view") && !(await page.isVisible("#search-view")), "the document view replaces the results");
    const rows = await page.$$eval("#doc-body .p", (ps) => ps.length);
    check(rows >= 3, "the document view shows several passages", rows);
    const targets = await page.$$eval("#doc-body .p.target", (ps) => ps.map((p) => p.id));
    check(targets.length === 1 && targets[0] === `p-${ordinal}`, `passage ${ordinal} is the highlighted one`, targets);
    const targetText = await page.textContent("#doc-body .p.target .passage-text").catch(() => "");
    const norm = (s) => (s || "").replace(/\s+/g, " ").trim();
    const firstWords = norm(first.text).replace(/ in context →$/, "").slice(0, 60);
    check(norm(targetText).includes(firstWords), "the highlighted passage is the hit's passage", [firstWords, norm(targetText).slice(0, 80)]);
    const inView = await page.$eval("#doc-body .p.target", (p) => {
      const r = p.getBoundingClientRect();
      return r.bottom > 0 && r.top < window.innerHeight;
    }).catch(() => false);
    check(inView, "the highlighted passage is scrolled into view");
    check((await page.$$("#doc-body .p.target mark")).length > 0, "the linked passage keeps the search's highlights");
    check((await page.textContent("#doc-title")).length > 0, "the document view shows the title");
    await page.screenshot({ path: path.join(out, "document.png") });
    await act(page, () => page.goBack());
    check(await page.isVisible("#search-view") && (await hitInfo(page)).length > 0, "Back returns to the results");
    await act(page, () => page.click("#results .hit a.doc-link >> nth=0"));
    await act(page, () => page.click("#back"));
    check((await hash(page)).includes("tag=KTIP") && (await hitInfo(page)).length > 0, "'back to results' returns to the filtered results", await hash(page));

    // --- a search is linkable ---
    const link = page.url();
    const page2 = await browser.newPage();
    page2.on("pageerror", (e) => problems.push("page error: " + e.message));
    await page2.goto(link);
    await page2.waitForSelector("body[data-state=ready]");
    const linked = await hitInfo(page2);
    check(linked.length > 0 && linked.every((h) => h.tags.includes("KTIP")) && await page2.inputValue("#q") === "forced labor Nakhchivan",
      "the URL alone opens the same search", { url: link, hits: linked.length });
    await page2.close();

    await page.evaluate(() => { location.hash = "#doc=NO-SUCH-DOC"; });
    await page.waitForSelector("body[data-state=error]");
    check(/no/i.test(await page.textContent("#error")), "an unknown document shows the server's message", await page.textContent("#error"));
    await act(page, () => page.evaluate(() => { location.hash = "#"; }));

    // --- errors, nothing found, escaping of what the user typed ---
    console.log("errors and escaping");
    check(await search(page, '"<img src=x onerror=alert(1)> labor') === "error", "an unclosed quote is an error");
    const err = await page.textContent("#error");
    check(await page.isVisible("#error") && /invalid query|quote/i.test(err), "the server's error shows under the search box", err);
    check(!(await page.isVisible("#pager")) && (await hitInfo(page)).length === 0, "an error clears the results");
    check(err.includes("<img") && (await page.$$("#error img")).length === 0, "the error message is shown as text");
    check(await search(page, "zzqxvv") === "ready", "a search for a word in no document succeeds");
    check(/no passage matches/.test(await page.textContent("#summary")), "it says 'no passage matches'", await page.textContent("#summary"));
    check(!(await page.isVisible("#error")), "the error is gone");
    await search(page, "<script>alert(1)</script> trafficking");
    check(await page.evaluate(() => document.querySelectorAll("#results script").length) === 0, "no <script> element came from the results");
    check(await page.evaluate(() => document.querySelectorAll("script").length) === 1, "the page has only its own script");

    // --- dates and sorting ---
    console.log("dates and sorting");
    await page.fill("#from", "2009");
    await page.fill("#to", "2009-12-31");
    await page.selectOption("#sort", "date");
    check(await search(page, "trafficking") === "ready", "a search with a date range succeeds");
    hits = await hitInfo(page);
    check(hits.length > 0 && hits.every((h) => h.date.startsWith("2009")), "every hit is from 2009", hits.map((h) => h.date));
    const dates = hits.map((h) => h.date);
    check(dates.every((d, i) => i === 0 || dates[i - 1] <= d), "sorted by date, oldest first", dates);
    const h1 = await hash(page);
    check(h1.includes("from=2009") && h1.includes("to=2009-12-31") && h1.includes("sort=date"), "dates and sort are in the hash", h1);
    await page.fill("#from", "");
    await page.fill("#to", "");
    await act(page, () => page.selectOption("#sort", "-date"));
    const desc = (await hitInfo(page)).map((h) => h.date);
    check(desc.length > 0 && desc.every((d, i) => i === 0 || desc[i - 1] >= d), "sorted by date, newest first", desc);

    // --- results by document ---
    console.log("results by document");
    await page.check("#by-doc");
    check(await search(page, "victims") === "ready", "a search by document succeeds");
    const byDoc = await hitInfo(page);
    const ids = byDoc.map((h) => h.id);
    check(byDoc.length > 1 && new Set(ids).size === ids.length, "each document once", ids);
    const more = await page.$$eval("#results .hit .also", (xs) => xs.map((x) => x.textContent));
    check(more.some((t) => /\d+ matching passages; also ¶/.test(t)), "each says how many passages match and where the next are", more);
    check(/documents/.test(await page.textContent("#summary")) && (await hash(page)).includes("group=document"),
      "the summary counts documents and the hash keeps the toggle", await page.textContent("#summary"));
    await page.uncheck("#by-doc");

    // --- the timeline, and a report's tier history ---
    console.log("timeline and tiers");
    await search(page, "victims");
    const bars = await page.$$eval("#timeline .bar", (bs) => bs.map((b) => b.dataset.period));
    check(bars.length >= 2 && bars[0] === "2009", "the timeline draws a bar per year", bars);
    await page.locator("#timeline").screenshot({ path: path.join(out, "timeline.png") });
    await act(page, () => page.click('#timeline .bar[data-period="2009"]'));
    const inYear = await hitInfo(page);
    check((await hash(page)).includes("from=2009") && (await hash(page)).includes("to=2009"), "a bar's click puts its year in the URL", await hash(page));
    check(inYear.length > 0 && inYear.every((h) => h.date.startsWith("2009")), "and the results are of that year", inYear.map((h) => h.date));
    await page.fill("#from", "");
    await page.fill("#to", "");
    await act(page, () => page.evaluate(() => { location.hash = "#doc=TIP-2009-AZERBAIJAN"; }));
    await page.waitForSelector("#tier-history tr");
    const tierRows = await page.$$eval("#tier-history tr", (rs) => rs.map((r) => r.textContent));
    check(tierRows.some((r) => r.includes("2009") && r.includes("Tier 2 Watch List")), "a report shows its country's tier history", tierRows);
    await act(page, () => page.evaluate(() => { location.hash = "#"; }));

    // --- paging ---
    console.log("paging");
    await page.selectOption("#sort", "relevance");
    await search(page, "trafficking");
    const total = Number(((await page.textContent("#summary")).match(/^(\d+)/) || [])[1] || 0);
    if (check(total > 10, "'trafficking' has more than one page of passages", total)) {
      await act(page, () => page.click("#next"));
      check((await hash(page)).includes("offset=10"), "'more' puts offset=10 in the hash", await hash(page));
      check((await hitInfo(page))[0]?.rank === "11.", "the second page starts at rank 11", (await hitInfo(page))[0]?.rank);
      await act(page, () => page.click("#prev"));
      check((await hitInfo(page))[0]?.rank === "1.", "'previous' goes back to rank 1");
    }

    // --- hostile and non-ASCII documents (answers faked in the browser) ---
    console.log("hostile and non-ASCII text (faked answers)");
    const text = 'Bakü <script>alert(1)</script> and São Paulo: “forced labor” <img src=x onerror=alert(2)> 😀 labor';
    const at = (word, from = 0) => { const i = text.indexOf(word, from); return [bytes(text.slice(0, i)), bytes(text.slice(0, i + word.length))]; };
    const fake = {
      rank: 1, score: 1, doc_id: "<b>X1</b>", kind: "cable", title: "<script>alert(3)</script> São Paulo", date: "2009-05-02T10:00:00Z",
      origin: "Consulate <i>São Paulo</i>", classification: "UNCLASSIFIED", tags: ["KTIP", "<u>T</u>"], section: "<h1>Section</h1>",
      paragraph: "3.B", ordinal: 2, text, source: "fake", also_in: ["<b>Y2</b>"],
      highlights: [at("Bakü"), at("São Paulo"), at("labor"), at("😀"), at("labor", text.indexOf("😀"))],
    };
    await page.route((u) => u.pathname === "/search" && u.searchParams.get("q") === "hostile fixture", (route) => route.fulfill({
      status: 200, contentType: "application/json",
      body: JSON.stringify({ hits: [fake], total: 1, took_ms: 0.5, facets: { documents: 1, passages: 1, kinds: { cable: 1 }, years: { 2009: 1 }, origins: { [fake.origin]: 1 }, tags: { "<u>T</u>": 1 }, classifications: { "<b>C</b>": 1 } } }),
    }));
    await page.route((u) => u.pathname === "/documents/" + encodeURIComponent("<b>X1</b>"), (route) => route.fulfill({
      status: 200, contentType: "application/json",
      body: JSON.stringify({ ...fake, passages: [{ ...fake, ordinal: 1, text: "<script>alert(4)</script>", highlights: [] }, { ...fake, highlights: [] }] }),
    }));
    await search(page, "hostile fixture");
    const fm = await page.$$eval("#results mark", (ms) => ms.map((m) => m.textContent));
    check(JSON.stringify(fm) === JSON.stringify(["Bakü", "São Paulo", "labor", "😀", "labor"]), "byte offsets over non-ASCII text mark the right words", fm);
    check((await page.textContent("#results .passage-text")).startsWith(text), "the passage text is shown whole, as text");
    const injected = await page.evaluate(() => document.querySelectorAll("#results script, #results img, #results b, #results i, #results u, #results h1, #facets u, #facets b").length);
    check(injected === 0, "no element came from document text in results or facets", injected);
    check((await page.textContent("#results")).includes("<script>alert(1)</script>"), "the <script> in the text shows as text");
    check(/also in: <b>Y2<\/b>/.test(await page.textContent("#results .also")), "also in: lists the other documents");
    await act(page, () => page.click("#results .hit a.doc-link >> nth=0"));
    check(await page.evaluate(() => document.querySelectorAll("#doc-view script, #doc-view b, #doc-view h1").length) === 0, "the document view escapes document text too");
    check(await page.$eval("#doc-body .p.target", (p) => p.id).catch(() => null) === "p-2", "the document view marks the linked passage");
    await page.unrouteAll();

    // --- the highlight function on awkward offsets ---
    const cases = await page.evaluate(() => {
      const run = (text, hl) => [...window.tipsearchHighlight(document.createElement("p"), text, hl).childNodes]
        .map((n) => (n.nodeName === "MARK" ? "[" + n.textContent + "]" : n.textContent)).join("");
      return [
        run("Bakü labor", [[0, 5], [6, 11]]),          // whole words, ü is two bytes
        run("Bakü labor", [[6, 11], [0, 5], [7, 9]]),  // unsorted, overlapping
        run("Bakü", [[4, 5]]),                          // in the middle of ü: widened to it
        run("São", [[0, 99], [-3, 1]]),                 // out of range: clamped
        run("x", []),
      ];
    });
    check(JSON.stringify(cases) === JSON.stringify(["[Bakü] [labor]", "[Bakü] [labor]", "Bak[ü]", "[São]", "x"]), "the highlight function handles awkward offsets", cases);
  } finally {
    await browser.close();
  }
  for (const p of problems) check(false, "nothing went wrong in the page", p);
  console.log(`page checks: ${checks - failures} ok, ${failures} failed`);
  if (failures) process.exitCode = 1;
}

main().catch((e) => {
  console.error("e2e: " + (e && e.stack ? e.stack : e));
  process.exitCode = 1;
});
