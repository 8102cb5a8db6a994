// Checks run inside a loaded page: document structure, axe-core, keyboard
// focus and reflow. Each returns a list of problem strings (empty = pass).

import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** axe-core's browser build, injected into each page. */
export const AXE_PATH = require.resolve('axe-core/axe.min.js');

/** The axe-core run: WCAG 2.0/2.1/2.2 A and AA plus best practices, and the
 * duplicate-id rules that axe disabled when WCAG 2.2 dropped 4.1.1 Parsing
 * (JIS X 8341-3:2016 still has it). */
export const AXE_OPTIONS = {
  runOnly: {
    type: 'tag',
    values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'],
  },
  rules: {
    'duplicate-id': { enabled: true },
    'duplicate-id-active': { enabled: true },
    'duplicate-id-aria': { enabled: true },
  },
  resultTypes: ['violations', 'incomplete'],
};

/** Rules that must appear among the results of every run, so a change in
 * axe-core that silently stops running them is noticed. */
export const REQUIRED_RULES = ['duplicate-id', 'duplicate-id-active', 'duplicate-id-aria'];

/** Structure of the document: `<html lang>` set and matching the URL's
 * language, a title, exactly one `<h1>`. Also returns the page's links and ids. */
export async function structure(page, expectedLang) {
  const info = await page.evaluate(() => ({
    lang: document.documentElement.getAttribute('lang'),
    title: document.title,
    h1: Array.from(document.querySelectorAll('h1')).map((h) => h.textContent.trim()),
    links: Array.from(document.querySelectorAll('a[href], link[rel="alternate"][href]')).map((a) =>
      a.getAttribute('href'),
    ),
    ids: Array.from(document.querySelectorAll('[id], a[name]')).map((e) => e.id || e.getAttribute('name')),
  }));
  const problems = [];
  if (!info.lang || !info.lang.trim()) {
    problems.push('<html> has no lang attribute');
  } else if (!info.lang.toLowerCase().startsWith(expectedLang)) {
    problems.push(`<html lang="${info.lang}"> but the page is under the ${expectedLang} part of the site`);
  }
  if (!info.title.trim()) problems.push('<title> is empty');
  if (info.h1.length !== 1) {
    problems.push(
      `expected exactly one <h1>, found ${info.h1.length}${info.h1.length ? ': ' + info.h1.map((t) => JSON.stringify(t)).join(', ') : ''}`,
    );
  }
  return { problems, links: info.links, ids: info.ids, h1: info.h1[0] ?? '' };
}

/** Runs axe-core in the page; returns violations as readable problems and
 * a count of `incomplete` (needs review) results by rule. */
export async function axe(page) {
  await page.addScriptTag({ path: AXE_PATH });
  const results = await page.evaluate(async (options) => {
    // eslint-disable-next-line no-undef
    const r = await window.axe.run(document, options);
    const ran = new Set();
    for (const kind of ['violations', 'passes', 'incomplete', 'inapplicable']) {
      for (const x of r[kind] ?? []) ran.add(x.id);
    }
    const slim = (list) =>
      list.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        helpUrl: v.helpUrl,
        nodes: v.nodes.map((n) => ({
          target: n.target.join(' '),
          html: n.html.length > 160 ? n.html.slice(0, 157) + '...' : n.html,
          summary: n.failureSummary ?? '',
        })),
      }));
    return { violations: slim(r.violations), incomplete: slim(r.incomplete), ran: [...ran] };
  }, AXE_OPTIONS);
  const problems = [];
  for (const v of results.violations) {
    const lines = [`axe ${v.id} (${v.impact}): ${v.help} <${v.helpUrl}>`];
    for (const n of v.nodes) {
      lines.push(`    node ${n.target}  ${n.html}`);
      if (n.summary) lines.push(...n.summary.split('\n').map((l) => `      ${l}`));
    }
    problems.push(lines.join('\n'));
  }
  for (const rule of REQUIRED_RULES) {
    if (!results.ran.includes(rule)) problems.push(`axe rule ${rule} did not run (axe-core changed?)`);
  }
  const incomplete = results.incomplete.map((v) => ({ id: v.id, nodes: v.nodes.length }));
  const violations = results.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.length }));
  return { problems, violations, incomplete };
}

/** What has keyboard focus, with the facts the focus checks need. */
async function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement) return null;
    const cs = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    const main = document.querySelector('main, [role="main"]');
    return {
      desc:
        el.tagName.toLowerCase() +
        (el.id ? `#${el.id}` : '') +
        (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : '') +
        (el.getAttribute('href') ? `[href="${el.getAttribute('href')}"]` : '') +
        ` "${(el.textContent || el.getAttribute('aria-label') || el.value || '').trim().slice(0, 40)}"`,
      tag: el.tagName.toLowerCase(),
      href: el.getAttribute('href'),
      inMain: !!main && main.contains(el),
      mainId: main ? main.id : null,
      outlineStyle: cs.outlineStyle,
      outlineWidth: parseFloat(cs.outlineWidth) || 0,
      box: { x: r.x, y: r.y, w: r.width, h: r.height },
      viewport: { w: window.innerWidth, h: window.innerHeight },
      key: el.outerHTML.slice(0, 200) + '@' + r.x + ',' + r.y,
    };
  });
}

const onScreen = (f) =>
  f.box.w >= 1 &&
  f.box.h >= 1 &&
  f.box.x >= 0 &&
  f.box.y >= 0 &&
  f.box.x + f.box.w <= f.viewport.w + 0.5 &&
  f.box.y + f.box.h <= f.viewport.h + 0.5;

const visibleOutline = (f) => f.outlineStyle !== 'none' && f.outlineWidth > 0;

/** The skip link: the first Tab focuses a link to the main content, it is
 * visible on screen with an outline while focused, and following it moves
 * the keyboard into `<main>`. */
export async function skipLink(page) {
  const problems = [];
  await page.evaluate(() => {
    if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
    window.scrollTo(0, 0);
  });
  await page.keyboard.press('Tab');
  const f = await focused(page);
  if (!f) return ['the first Tab focused nothing'];
  if (f.tag !== 'a' || !f.href || !f.href.startsWith('#') || (f.mainId && f.href !== `#${f.mainId}`)) {
    problems.push(`the first Tab focused ${f.desc}, not a skip link to #${f.mainId ?? 'main'}`);
    return problems;
  }
  if (!onScreen(f)) {
    problems.push(
      `the focused skip link is not on screen: box ${JSON.stringify(f.box)} in a ${f.viewport.w}×${f.viewport.h} viewport`,
    );
  }
  if (!visibleOutline(f)) {
    problems.push(`the focused skip link has no outline (outline-style ${f.outlineStyle}, width ${f.outlineWidth}px)`);
  }
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  const next = await focused(page);
  if (!next || !next.inMain) {
    problems.push(
      `after following the skip link, Tab focused ${next ? next.desc : 'nothing'}, which is not inside <main>`,
    );
  }
  return problems;
}

/** Tabs through the page (at most `limit` stops): every focused element
 * must show an outline and be on screen (not hidden, not pushed off). */
export async function focusWalk(page, limit = 150) {
  const problems = [];
  await page.evaluate(() => {
    if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
    window.scrollTo(0, 0);
  });
  const seen = new Set();
  let stops = 0;
  for (; stops < limit; stops++) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    if (!f || seen.has(f.key)) break;
    seen.add(f.key);
    if (!visibleOutline(f)) {
      problems.push(`focused ${f.desc} has no visible outline (outline-style ${f.outlineStyle}, width ${f.outlineWidth}px)`);
    }
    if (!onScreen(f)) {
      problems.push(
        `focused ${f.desc} is not on screen: box ${JSON.stringify(f.box)} in a ${f.viewport.w}×${f.viewport.h} viewport`,
      );
    }
  }
  return { problems, stops };
}

/** Reflow (WCAG 1.4.10): at 320 CSS pixels wide the page itself must not
 * scroll sideways (wide tables may scroll inside their own container). */
export async function reflow(page) {
  const before = page.viewportSize();
  await page.setViewportSize({ width: 320, height: 640 });
  const r = await page.evaluate(() => {
    const doc = document.documentElement;
    const wide = [];
    // Inside a container that scrolls or clips, an element does not widen the page.
    const contained = (el) => {
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
        if (getComputedStyle(a).overflowX !== 'visible') return true;
      }
      return false;
    };
    if (doc.scrollWidth > doc.clientWidth + 1) {
      for (const el of document.body.querySelectorAll('*')) {
        if (contained(el)) continue;
        const b = el.getBoundingClientRect();
        if (b.right > doc.clientWidth + 1 && b.width > 0) {
          // Report the outermost offenders only.
          if (!wide.some((w) => w.el.contains(el))) wide.push({ el, right: Math.round(b.right) });
        }
        if (wide.length >= 5) break;
      }
      if (wide.length === 0) {
        // Text running out of a box that is itself narrow enough.
        for (const el of document.body.querySelectorAll('*')) {
          if (el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0 && !wide.some((w) => w.el.contains(el))) {
            wide.push({ el, right: Math.round(el.getBoundingClientRect().left + el.scrollWidth) });
          }
          if (wide.length >= 5) break;
        }
      }
    }
    return {
      scrollWidth: doc.scrollWidth,
      clientWidth: doc.clientWidth,
      wide: wide.map(
        (w) =>
          `${w.el.tagName.toLowerCase()}${w.el.id ? '#' + w.el.id : ''}${w.el.className && typeof w.el.className === 'string' ? '.' + w.el.className.trim().split(/\s+/).join('.') : ''} "${(w.el.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 30)}" (right edge ${w.right}px)`,
      ),
    };
  });
  if (before) await page.setViewportSize(before);
  if (r.scrollWidth > r.clientWidth + 1) {
    return [
      `at 320 CSS px the page scrolls sideways (scrollWidth ${r.scrollWidth}px > ${r.clientWidth}px); widest: ${r.wide.join(', ')}`,
    ];
  }
  return [];
}
