#!/usr/bin/env node
// Browser test of the keikaku portal (docs/accessibility.md).
//
//   node tests/browser/portal.mjs [--static] [--verbose] [--jobs N] [--max-pages N] [--timeout SECONDS] BASE_URL
//
// Crawls the portal breadth-first from BASE_URL and BASE_URL/en/ in Debian's
// Chromium (driven by playwright-core, no downloaded browser) and checks
// every page: HTTP 200, no console errors, page errors or failed requests,
// <html lang>, one <h1>, zero axe-core violations (WCAG 2.2 AA, best
// practices and the duplicate-id rules of JIS X 8341-3:2016), in-page link
// targets exist; downloads answer 200. On the home pages: the skip link and
// focus outlines by keyboard; on the first page of each type: a Tab walk and
// reflow at 320 px. Prints every problem and a summary; exits 1 on any
// problem. --static: the site is a static export (no query pages).

import { chromium } from 'playwright-core';
import { axe, focusWalk, reflow, skipLink, structure } from './checks.mjs';
import { PAGE_TYPES, pageTypesOf, resolveLink, splitPath } from './urls.mjs';

const CHROMIUM = process.env.KEIKAKU_CHROMIUM || '/usr/bin/chromium';
const SEARCH_QUERY = '移住';

function usage(message) {
  if (message) console.error(`error: ${message}`);
  console.error('usage: node tests/browser/portal.mjs [--static] [--verbose] [--jobs N] [--max-pages N] [--timeout SECONDS] BASE_URL');
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { staticSite: false, verbose: false, jobs: 2, maxPages: 400, timeout: 900, base: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--static') opts.staticSite = true;
    else if (a === '--verbose' || a === '-v') opts.verbose = true;
    else if (a === '--jobs') opts.jobs = Number(argv[++i]);
    else if (a === '--max-pages') opts.maxPages = Number(argv[++i]);
    else if (a === '--timeout') opts.timeout = Number(argv[++i]);
    else if (a === '-h' || a === '--help') usage();
    else if (a.startsWith('-')) usage(`unknown option ${a}`);
    else if (opts.base) usage('only one BASE_URL');
    else opts.base = a;
  }
  if (!opts.base) usage('BASE_URL is required');
  if (!Number.isInteger(opts.maxPages) || opts.maxPages < 1) usage('--max-pages must be a positive integer');
  if (!Number.isInteger(opts.jobs) || opts.jobs < 1) usage('--jobs must be a positive integer');
  if (!(opts.timeout > 0)) usage('--timeout must be a positive number of seconds');
  const b = new URL(opts.base);
  if (!b.pathname.endsWith('/')) b.pathname += '/';
  b.hash = '';
  b.search = '';
  opts.base = b.href;
  return opts;
}

const opts = parseArgs(process.argv.slice(2));
const started = Date.now();
const deadline = started + opts.timeout * 1000;

/** Problems by page URL (or a pseudo-location like "crawl"). */
const problems = new Map();
function problem(where, text) {
  if (!problems.has(where)) problems.set(where, []);
  problems.get(where).push(text);
}
const warnings = [];

// A last resort if the browser hangs: report what we have and fail.
const watchdog = setTimeout(() => {
  console.error(`error: the browser test did not finish within ${opts.timeout + 60} s`);
  process.exit(1);
}, (opts.timeout + 60) * 1000);
watchdog.unref();

let browser;
try {
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
    timeout: 60_000,
  });
} catch (e) {
  console.error(`error: cannot start Chromium at ${CHROMIUM}: ${e.message.split('\n')[0]}`);
  console.error('install it with: apt-get install chromium');
  process.exit(1);
}

const viewport = { width: 1280, height: 800 };
// The strict context keeps the portal's Content-Security-Policy, so a
// violation (an inline style or script) shows up as a console error. axe is
// injected as a script tag, which that policy forbids: axe runs in a second
// context that bypasses CSP.
const strict = await browser.newContext({ viewport, locale: 'ja-JP' });
const axeContext = await browser.newContext({ viewport, locale: 'ja-JP', bypassCSP: true });
strict.setDefaultNavigationTimeout(30_000);
axeContext.setDefaultNavigationTimeout(30_000);

const queue = [];
const queued = new Set();
function enqueue(key, from, expectStatus) {
  if (queued.has(key)) return;
  queued.add(key);
  queue.push({ url: key, from, expectStatus });
}

enqueue(opts.base, '(start)');
enqueue(new URL('en/', opts.base).href, '(start)');
if (!opts.staticSite) {
  for (const prefix of ['', 'en/']) {
    const u = new URL(`${prefix}search/`, opts.base);
    u.searchParams.set('q', SEARCH_QUERY);
    enqueue(u.href, '(start)');
  }
  // The server's own "not found" page must be as accessible as the rest.
  for (const prefix of ['', 'en/']) {
    enqueue(new URL(`${prefix}no-such-page/`, opts.base).href, '(start: the not-found page)', 404);
  }
}

/** Visited HTML pages: url → { ids, lang, types }. */
const pages = new Map();
/** Links with a fragment: [{ target, fragment, from }]. */
const fragments = [];
const files = [];
const external = new Set();
const typeSeen = new Map(); // `${lang}:${type}` → url
const incompleteByRule = new Map();
const violationsByRule = new Map();
let axeRuns = 0;
let visited = 0;
let faviconMissing = null;
let stoppedEarly = null;

async function checkFile(url, res) {
  files.push(url);
  if (res.status() !== 200) problem(url, `download answered HTTP ${res.status()}`);
  const body = await res.body();
  if (body.length === 0) problem(url, 'download is empty');
}

async function visitHtml(item) {
  const { url } = item;
  const where = url;
  const page = await strict.newPage();
  const events = [];
  let ok = false;
  let mainStatus = 0;
  const badStatus = new Set();
  const consoleErrors = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push({ text: m.text(), url: m.location()?.url ?? '' });
  });
  page.on('pageerror', (e) => events.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => events.push(`request failed: ${r.url()} (${r.failure()?.errorText ?? 'unknown'})`));
  page.on('response', (r) => {
    if (r.status() < 400) return;
    badStatus.add(r.url());
    // The page's own status is reported once, below.
    if (r.request().isNavigationRequest() && r.frame() === page.mainFrame()) {
      mainStatus = r.status();
      return;
    }
    events.push(`HTTP ${r.status()} for ${r.url()}`);
  });
  try {
    const res = await page.goto(url, { waitUntil: 'load' });
    if (!res) {
      problem(where, 'no response');
      return;
    }
    if (res.request().redirectedFrom()) {
      warnings.push(`${item.from} links to ${url}, which redirects to ${res.url()}`);
    }
    const expected = item.expectStatus ?? 200;
    if (res.status() !== expected) {
      problem(where, `HTTP ${res.status()}${expected !== 200 ? `, expected ${expected}` : ''} (linked from ${item.from})`);
    }
    ok = res.status() === 200;
    const finalUrl = res.url();
    const split = splitPath(opts.base, finalUrl);
    if (!split) {
      problem(where, `redirected outside the site to ${finalUrl}`);
      return;
    }
    const s = await structure(page, split.lang);
    for (const p of s.problems) problem(where, p);
    // An error page counts for no page type, and its links are not followed.
    const types = ok ? pageTypesOf(opts.base, finalUrl) : [];
    visited++;
    if (ok) {
      pages.set(url, { ids: new Set(s.ids), lang: split.lang, types });
      if (finalUrl !== url) pages.set(finalUrl, pages.get(url));
    }
    for (const t of types) {
      const k = `${t.lang}:${t.id}`;
      if (!typeSeen.has(k)) {
        typeSeen.set(k, url);
        // The first page of each type: keyboard and reflow.
        if (t.id === 'home') for (const p of await skipLink(page)) problem(where, `keyboard: ${p}`);
        // Every stop on the home pages; the first 40 elsewhere (the
        // header and navigation are the same template on every page).
        const walk = await focusWalk(page, t.id === 'home' ? 300 : 40);
        for (const p of walk.problems) problem(where, `keyboard: ${p}`);
        for (const p of await reflow(page)) problem(where, `reflow: ${p}`);
      }
    }
    for (const href of ok ? s.links : []) {
      const link = resolveLink(opts.base, finalUrl, href, { staticSite: opts.staticSite });
      if (!link) continue;
      if (link.external) {
        external.add(link.external);
        continue;
      }
      if (link.outside) {
        problem(where, `link ${href} leaves the site's base path (${link.outside})`);
        continue;
      }
      if (link.fragment) fragments.push({ target: link.key, fragment: link.fragment, from: url, href });
      enqueue(link.key, url);
    }
  } finally {
    for (const c of consoleErrors) {
      // "Failed to load resource" repeats a bad status already reported.
      if (c.text.startsWith('Failed to load resource') && badStatus.has(c.url)) continue;
      if (c.text.startsWith('Failed to load resource') && c.url && new URL(c.url).pathname.endsWith('/favicon.ico')) {
        faviconMissing = `${c.url}: ${c.text} (first on ${url}, which declares no icon); the browser asks every site for /favicon.ico: serve one or declare an icon (e.g. <link rel="icon" href="data:,">) so visitors' browsers do not log an error`;
        continue;
      }
      events.push(`console error: ${c.text}${c.url ? ` (${c.url})` : ''}`);
    }
    for (const e of events) problem(where, e);
    await page.close();
  }
  // Error pages are checked by axe too (the one expected 404), but are not
  // crawled and count for no page type.
  if (!ok && !(item.expectStatus && mainStatus === item.expectStatus)) return;

  // axe in the CSP-bypassing context.
  const ap = await axeContext.newPage();
  try {
    const t1 = Date.now();
    await ap.goto(url, { waitUntil: 'load' });
    const t2 = Date.now();
    const r = await axe(ap);
    if (opts.verbose) console.error(`  axe: load ${t2 - t1} ms, run ${Date.now() - t2} ms`);
    axeRuns++;
    for (const p of r.problems) problem(where, p);
    for (const v of r.violations) {
      const cur = violationsByRule.get(v.id) ?? { pages: 0, nodes: 0, help: v.help };
      violationsByRule.set(v.id, { ...cur, pages: cur.pages + 1, nodes: cur.nodes + v.nodes });
    }
    for (const i of r.incomplete) {
      const cur = incompleteByRule.get(i.id) ?? { pages: 0, nodes: 0 };
      incompleteByRule.set(i.id, { pages: cur.pages + 1, nodes: cur.nodes + i.nodes });
    }
  } finally {
    await ap.close();
  }
}

async function check(item) {
  try {
    // Ask first: downloads are checked by a plain request, pages in the browser.
    const t0 = Date.now();
    const res = await strict.request.get(item.url, { maxRedirects: 5, timeout: 30_000 });
    const type = res.headers()['content-type'] ?? '';
    if (res.status() === 200 && !type.startsWith('text/html')) {
      await checkFile(item.url, res);
    } else if (res.status() !== 200 && !type.startsWith('text/html')) {
      problem(item.url, `HTTP ${res.status()} (${type || 'no content type'}; linked from ${item.from})`);
    } else {
      await visitHtml(item);
    }
    if (opts.verbose) console.error(`  ${Date.now() - t0} ms  ${item.url}`);
    await res.dispose();
  } catch (e) {
    problem(item.url, `cannot check: ${e.message.split('\n')[0]} (linked from ${item.from})`);
  }
}

// A few workers take URLs from the queue; links found are queued behind.
let active = 0;
async function worker() {
  for (;;) {
    if (stoppedEarly) return;
    if (queue.length === 0) {
      if (active === 0) return;
      await new Promise((r) => setTimeout(r, 20));
      continue;
    }
    if (visited + active >= opts.maxPages) {
      stoppedEarly = `stopped after ${opts.maxPages} pages (--max-pages); ${queue.length} URLs not visited`;
      return;
    }
    if (Date.now() > deadline) {
      stoppedEarly = `stopped after ${opts.timeout} s (--timeout); ${queue.length} URLs not visited`;
      return;
    }
    const item = queue.shift();
    active++;
    try {
      await check(item);
    } finally {
      active--;
    }
  }
}
await Promise.all(Array.from({ length: opts.jobs }, () => worker()));
if (stoppedEarly) problem('crawl', stoppedEarly);
if (faviconMissing) problem('site', faviconMissing);

// In-page link targets.
for (const f of fragments) {
  const target = pages.get(f.target);
  if (target && !target.ids.has(f.fragment)) {
    problem(f.from, `link ${f.href}: no element with id "${f.fragment}" on ${f.target}`);
  }
}

// Coverage of page types in both languages.
const coverage = [];
for (const t of PAGE_TYPES) {
  if (t.liveOnly && opts.staticSite) continue;
  for (const lang of ['ja', 'en']) {
    const url = typeSeen.get(`${lang}:${t.id}`);
    coverage.push({ type: t.label, lang, url });
    if (!url && !t.optional) problem('coverage', `no ${lang} page of type ${t.label} was reached`);
    if (!url && t.optional) warnings.push(`no ${lang} page of type ${t.label} was reached`);
  }
}

await browser.close();
clearTimeout(watchdog);

// Report.
const seconds = ((Date.now() - started) / 1000).toFixed(1);
const htmlPages = new Set([...pages.values()]).size;
console.log(`portal browser test: ${opts.base}${opts.staticSite ? ' (static export)' : ''}`);
console.log(
  `  ${visited} HTML pages visited, ${htmlPages} with HTTP 200 (${[...new Set(pages.values())].filter((p) => p.lang === 'ja').length} ja, ` +
    `${[...new Set(pages.values())].filter((p) => p.lang === 'en').length} en), ${files.length} downloads, ` +
    `${axeRuns} axe runs, ${external.size} external links not followed, ${seconds} s`,
);
console.log('  page types:');
for (const c of coverage) console.log(`    ${c.url ? 'ok     ' : 'MISSING'} ${c.lang} ${c.type}${c.url ? `  ${c.url}` : ''}`);
if (incompleteByRule.size) {
  console.log('  axe "needs review" (not failures; check by hand):');
  for (const [id, n] of [...incompleteByRule].sort()) console.log(`    ${id}: ${n.nodes} nodes on ${n.pages} pages`);
}
for (const w of warnings) console.log(`  warning: ${w}`);
if (violationsByRule.size) {
  console.log('  axe violations by rule (details below, per page):');
  for (const [id, n] of [...violationsByRule].sort()) {
    console.log(`    ${id}: ${n.nodes} nodes on ${n.pages} pages — ${n.help}`);
  }
}

let count = 0;
// Pages in URL order, then the site-wide findings.
const order = (k) => (k.startsWith('http') ? `0${k}` : `1${k}`);
for (const [where, list] of [...problems].sort((a, b) => (order(a[0]) < order(b[0]) ? -1 : 1))) {
  console.log(`\nFAIL ${where}`);
  for (const p of list) {
    count++;
    console.log(`  - ${p.replace(/\n/g, '\n    ')}`);
  }
}
const failedPages = [...problems.keys()].length;
console.log(`\n${count === 0 ? 'PASS' : 'FAIL'}: ${count} problems on ${failedPages} pages`);
process.exit(count === 0 ? 0 : 1);
