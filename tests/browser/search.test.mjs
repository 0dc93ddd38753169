// The search box in a real browser: with JavaScript, results appear as you
// type, are announced, can be reached with the arrow keys and pass axe;
// without JavaScript, the form leads to the A to Z.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { siteSession } from './checks.mjs';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const siteDir = path.resolve(process.env.SITE_DIR || path.join(here, '../../public'));
const session = siteSession(siteDir, path.join(here, '../../netlify.toml'));

test('results appear as you type, announced and keyboard operable, with no axe violations', async () => {
  const ctx = await session.browser.newContext({ bypassCSP: true, viewport: { width: 320, height: 800 } });
  const page = await ctx.newPage();
  await page.goto(session.base + '/');
  await page.fill('#site-search-q', 'uni');
  await page.waitForSelector('#search-results li a');
  const first = await page.textContent('#search-results li a');
  assert.equal(first, 'University');
  assert.match(await page.textContent('[role="status"]'), /results? for uni/);
  await page.press('#site-search-q', 'ArrowDown');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'University');
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  const violations = await page.evaluate(async () => (await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa', 'best-practice'] } })).violations.map((v) => v.id));
  assert.deepEqual(violations, []);
  await ctx.close();
});

test('without JavaScript the search form leads to the A to Z', async () => {
  const ctx = await session.browser.newContext({ javaScriptEnabled: false });
  const page = await ctx.newPage();
  await page.goto(session.base + '/');
  await page.fill('#site-search-q', 'money');
  await page.press('#site-search-q', 'Enter');
  await page.waitForURL(/\/a-to-z\/\?q=money/);
  assert.equal(await page.textContent('h1'), 'A to Z');
  await ctx.close();
});

test('an age typed as a sentence offers the page for that age first', async () => {
  const ctx = await session.browser.newContext({ bypassCSP: true, viewport: { width: 360, height: 800 } });
  const page = await ctx.newPage();
  await page.goto(session.base + '/');
  await page.fill('#site-search-q', "I'm 19");
  await page.waitForSelector('#search-results li a');
  assert.equal(await page.textContent('#search-results li a'), 'What can I get at 18 to 20?');
  assert.equal(await page.getAttribute('#search-results li a', 'href'), '/what-can-i-get/age-18-20/');
  await ctx.close();
});

test('a query with no result shows what to try, the three help now routes and the A to Z, with no axe violations', async () => {
  const ctx = await session.browser.newContext({ bypassCSP: true, viewport: { width: 320, height: 800 } });
  const page = await ctx.newPage();
  await page.goto(session.base + '/money/');
  await page.fill('#site-search-q', 'flat pleese');
  await page.waitForSelector('#search-empty:not([hidden])');
  assert.match(await page.textContent('[role="status"]'), /No results for flat pleese/);
  assert.equal(await page.isHidden('#search-results'), true);
  const empty = await page.textContent('#search-empty');
  assert.match(empty, /Try fewer words/);
  const links = await page.$$eval('#search-empty a', (as) => as.map((a) => a.getAttribute('href')));
  for (const href of ['tel:999', 'tel:01744676767', 'tel:116123', '/get-help-now/', '/a-to-z/']) assert.ok(links.includes(href), links.join(' '));
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  const violations = await page.evaluate(async () => (await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa', 'best-practice'] } })).violations.map((v) => v.id));
  assert.deepEqual(violations, []);
  if (process.env.SHOT) await page.screenshot({ path: process.env.SHOT + '-empty-320.png', fullPage: true });
  // Typing a word that finds pages hides the help again.
  await page.fill('#site-search-q', 'flat');
  await page.waitForSelector('#search-results li a');
  assert.equal(await page.isHidden('#search-empty'), true);
  await ctx.close();
});
