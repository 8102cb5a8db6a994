// URL handling for the portal crawler: what to follow, how to deduplicate,
// and which page type a path is. Pure functions, no browser.

/** The page types every crawl must reach, in both languages. `optional`
 * ones are reported but do not fail the run when absent. */
export const PAGE_TYPES = [
  { id: 'home', label: 'home', test: (p) => p === '' },
  { id: 'project', label: 'projects/P1/', test: (p) => p === 'projects/P1/' },
  { id: 'indicator', label: 'indicators/KPI-01/', test: (p) => p === 'indicators/KPI-01/' },
  { id: 'plan', label: 'plan/', test: (p) => p === 'plan/' },
  { id: 'sdgs', label: 'sdgs/', test: (p) => p === 'sdgs/' },
  { id: 'editions', label: 'editions/', test: (p) => p === 'editions/' },
  {
    id: 'edition-diff',
    label: 'editions/… (a diff)',
    test: (p) => /^editions\/.+/.test(p),
    optional: true,
  },
  { id: 'evaluation', label: 'evaluation/', test: (p) => p === 'evaluation/' },
  { id: 'search', label: 'search/', test: (p) => p === 'search/' },
  {
    id: 'search-query',
    label: 'search/?q=移住',
    test: (p, q) => p === 'search/' && q.has('q'),
    liveOnly: true,
  },
];

/** Splits an absolute URL under `base` into language and the
 * language-independent path (`en/projects/P1/` → ['en', 'projects/P1/']).
 * Returns null for URLs outside the base. */
export function splitPath(base, url) {
  const u = new URL(url);
  const b = new URL(base);
  if (u.origin !== b.origin || !u.pathname.startsWith(b.pathname)) return null;
  let rest = decodeURIComponent(u.pathname.slice(b.pathname.length));
  rest = rest.replace(/(^|\/)index\.html$/, '$1');
  if (rest === 'en' || rest.startsWith('en/')) {
    return { lang: 'en', path: rest.slice(3), query: u.searchParams };
  }
  return { lang: 'ja', path: rest, query: u.searchParams };
}

/** The page types a URL counts for. */
export function pageTypesOf(base, url) {
  const s = splitPath(base, url);
  if (!s) return [];
  return PAGE_TYPES.filter((t) => t.test(s.path, s.query)).map((t) => ({ lang: s.lang, id: t.id }));
}

/** Resolves `href` found on `from`, returning the key to crawl (no
 * fragment; no query on a static site, whose server ignores it) and the
 * fragment, or null when it is not to be followed (other origin or scheme,
 * outside the base path). */
export function resolveLink(base, from, href, { staticSite }) {
  if (href == null) return null;
  const h = href.trim();
  if (h === '' || /^(mailto|tel|javascript|data):/i.test(h)) return null;
  let u;
  try {
    u = new URL(h, from);
  } catch {
    return null;
  }
  const b = new URL(base);
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  if (u.origin !== b.origin) return { external: u.href };
  const fragment = u.hash ? decodeURIComponent(u.hash.slice(1)) : '';
  u.hash = '';
  if (staticSite) u.search = '';
  if (!u.pathname.startsWith(b.pathname)) return { outside: u.href };
  return { key: u.href, fragment };
}

/** Whether a path names a file (has an extension other than .html). */
export function looksLikeFile(url) {
  const last = new URL(url).pathname.split('/').pop() ?? '';
  return /\.[A-Za-z0-9]+$/.test(last) && !/\.html?$/i.test(last);
}
