#!/usr/bin/env node
// Browser test of the staff workspace's yearly cycle (docs/staff.md).
//
//   KEIKAKU_PASSWORD=… KEIKAKU_PROJECT=P1 KEIKAKU_INDICATOR=KPI-01 \
//   KEIKAKU_OTHER_INDICATOR=KPI-09 node tests/browser/staff.mjs BASE_URL
//
// In Debian's Chromium, with one browser context per person (accounts
// `lead` (a department leading the project), `kikaku` (planning) and
// `council`, all with KEIKAKU_PASSWORD):
//   1. the department enters the indicator's FY2024 actual: preview shows
//      the grade, save records it; it cannot enter another department's
//      indicator (no form; a forged POST is refused with 403);
//   2. the portal does not show the unpublished figure;
//   3. the department writes and submits its self-evaluation;
//   4. planning reviews and decides; 5. the council comments;
//   6. planning publishes; 7. the public portal shows the new grade and the
//      published evaluation.
// Every staff page visited is checked with axe-core (zero violations), for
// one <h1>, <html lang>, and no console errors. Exits 1 on any problem.

import { chromium } from 'playwright-core';
import { axe, structure } from './checks.mjs';

const CHROMIUM = process.env.KEIKAKU_CHROMIUM || '/usr/bin/chromium';
const base = new URL(process.argv[2] || '').href;
const PASSWORD = process.env.KEIKAKU_PASSWORD;
const PROJECT = process.env.KEIKAKU_PROJECT;
const INDICATOR = process.env.KEIKAKU_INDICATOR;
const OTHER = process.env.KEIKAKU_OTHER_INDICATOR;
const YEAR_LABEL = '2024年度（令和6年度）';
// The indicator page's grade heading names the latest published year.
const GRADE_HEADING = `評価（${YEAR_LABEL}）`;
const SELF = '移住相談の体制を強化し、目標を上回った。';
const REVIEW = '成果が出ている。相談から定住までの追跡を改善すること。';
const COMMENT = '若年層への周知を一層進められたい。';

const problems = [];
const check = (ok, message) => {
  if (!ok) problems.push(message);
};

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});

async function person(name) {
  const context = await browser.newContext({ locale: 'ja-JP', bypassCSP: true });
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`${name}: console error on ${page.url()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`${name}: page error on ${page.url()}: ${e.message}`));
  if (name) {
    await page.goto(`${base}staff/login/`);
    await page.fill('#name', name);
    await page.fill('#password', PASSWORD);
    await Promise.all([page.waitForURL(/\/staff\/$/), page.click('main button[type=submit]')]);
  }
  return { context, page };
}

async function audit(page, what) {
  const s = await structure(page, new URL(page.url()).pathname.startsWith('/en/') ? 'en' : 'ja');
  for (const p of s.problems) problems.push(`${what} (${page.url()}): ${p}`);
  const a = await axe(page);
  for (const p of a.problems) problems.push(`${what} (${page.url()}): ${p}`);
}

async function submit(page, selector) {
  await Promise.all([page.waitForLoadState('load'), page.click(selector)]);
  await page.waitForLoadState('load');
}

async function state(page) {
  return (await page.locator('dl.facts dd strong').first().textContent())?.trim();
}

const pdca = `${base}staff/pdca/2024/${PROJECT}/`;

// 1. The department enters its indicator's actual.
const lead = await person('lead');
await audit(lead.page, 'my work');
check((await lead.page.content()).includes(INDICATOR), 'my work lists the indicator missing an actual');
await lead.page.goto(`${base}staff/indicators/${INDICATOR}/?year=2024`);
await audit(lead.page, 'entry page');
await lead.page.fill('#period', '2024年度');
await lead.page.fill('#value', '60');
await submit(lead.page, 'button[value=preview]');
const preview = lead.page.locator('section.preview');
check(await preview.count() === 1, 'the preview shows a grade');
if (await preview.count()) {
  const text = await preview.textContent();
  check(text.includes(YEAR_LABEL) || text.includes('2024'), `the preview is for FY2024: ${text}`);
  check((await preview.locator('.badge').count()) === 1, 'the preview has a grade badge');
}
await audit(lead.page, 'entry preview');
await submit(lead.page, 'button[value=save]');
check((await lead.page.content()).includes('保存しました'), 'saving confirms');
check((await lead.page.locator('table').last().textContent()).includes('lead'), 'the history names the recorder');

// … but not another department's indicator.
await lead.page.goto(`${base}staff/indicators/${OTHER}/?year=2024`);
check((await lead.page.locator('#value').count()) === 0, 'no entry form on another department\'s indicator');
const csrf = await lead.page.locator('input[name=csrf]').first().inputValue();
const forged = await lead.context.request.post(`${base}staff/indicators/${OTHER}/`, {
  form: { csrf, year: '2024', period: '2024年度', value: '1', intent: 'save', version: '0' },
});
check(forged.status() === 403, `a forged entry for another department is refused (got ${forged.status()})`);

// 2. Not on the portal yet.
const citizen = await person('');
await citizen.page.goto(`${base}indicators/${INDICATOR}/`);
check(!(await citizen.page.content()).includes(GRADE_HEADING), 'the unpublished FY2024 grade is not public');

// 3. Self-evaluation.
await lead.page.goto(pdca);
await audit(lead.page, 'PDCA record (department)');
await lead.page.fill('#self-text', SELF);
await submit(lead.page, 'button[value=submit]');
check((await state(lead.page)) === '提出済', `submitted (state: ${await state(lead.page)})`);

// 4. Planning reviews.
const kikaku = await person('kikaku');
await kikaku.page.goto(pdca);
await audit(kikaku.page, 'PDCA record (planning)');
check((await kikaku.page.content()).includes(SELF), 'planning reads the self-evaluation');
await kikaku.page.fill('#review-text', REVIEW);
await kikaku.page.selectOption('#decision', 'improve');
await submit(kikaku.page, 'button[value=review]');
check((await state(kikaku.page)) === '評価済', `reviewed (state: ${await state(kikaku.page)})`);

// Planning's other pages pass the same checks.
for (const path of ['staff/completeness/', 'staff/pdca/', 'staff/import/', 'staff/plan/', 'staff/audit/', 'staff/account/', 'staff/reports/', 'staff/budget/?year=2022', 'staff/budget/J-01/2022/', 'staff/budget/programs/J-01/', 'staff/budget/programs/new/', 'staff/budget/season/', 'staff/org/', 'staff/reform/', 'en/staff/', 'en/staff/budget/season/']) {
  await kikaku.page.goto(`${base}${path}`);
  await audit(kikaku.page, path);
}

// 5. The council comments.
const council = await person('council');
await council.page.goto(pdca);
await audit(council.page, 'PDCA record (council)');
await council.page.fill('#council-text', COMMENT);
await submit(council.page, 'button[value=council]');
check((await council.page.content()).includes(COMMENT), 'the council comment is saved');

// 6. Planning publishes.
await kikaku.page.goto(pdca);
await submit(kikaku.page, 'button[value=publish]');
check((await state(kikaku.page)) === '公表済', `published (state: ${await state(kikaku.page)})`);

// 7. The portal shows it (the snapshot refreshes within a second).
let shown = false;
for (let i = 0; i < 10 && !shown; i++) {
  await citizen.page.goto(`${base}indicators/${INDICATOR}/`);
  shown = (await citizen.page.content()).includes(GRADE_HEADING);
  if (!shown) await new Promise((r) => setTimeout(r, 500));
}
check(shown, 'the published FY2024 grade is on the public indicator page');
await citizen.page.goto(`${base}projects/${PROJECT}/`);
const project = await citizen.page.content();
for (const text of [SELF, REVIEW, COMMENT, '改善']) {
  check(project.includes(text), `the project page shows the published evaluation: ${text}`);
}

await browser.close();
if (problems.length) {
  console.log(`${problems.length} problem(s):\n- ${problems.join('\n- ')}`);
  process.exit(1);
}
console.log('staff cycle: ok');
