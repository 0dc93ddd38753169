// Translated pages in a real browser: the language switcher works by
// keyboard and lands on the other language's page with the right lang and
// dir, Arabic pages are right to left, an unchecked translation says so in
// its own language, and the search box on an Arabic page finds an Arabic
// page by an Arabic word. (axe and the Nu checker run on every translated
// page in a11y.test.mjs and vnu.test.mjs.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { siteSession, pagesOf } from './checks.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const siteDir = path.resolve(process.env.SITE_DIR || path.join(here, '../../public'));
const strings = (lang) => fs.readFileSync(path.join(here, '../../templates/strings', lang + '.toml'), 'utf8');
// word reads one key of a strings file, such as "translation.unchecked".
const word = (lang, key) => {
  const [table, name] = key.split('.');
  const section = strings(lang).split(/^\[/m).find((s) => s.startsWith(table + ']'));
  const m = section && section.match(new RegExp('^' + name + ' = "(.*)"$', 'm'));
  assert.ok(m, `templates/strings/${lang}.toml has no ${key}`);
  return m[1];
};
const session = siteSession(siteDir, path.join(here, '../../netlify.toml'));

test('the switcher is reached with Tab and Enter takes the reader to the Arabic page, right to left', async () => {
  const ctx = await session.browser.newContext({ viewport: { width: 360, height: 800 }, serviceWorkers: 'block' });
  const page = await ctx.newPage();
  await page.goto(session.base + '/get-help-now/');
  assert.equal(await page.getAttribute('html', 'dir'), 'ltr');
  let found = null;
  for (let i = 0; i < 10 && !found; i++) {
    await page.keyboard.press('Tab');
    found = await page.evaluate(() => {
      const a = document.activeElement;
      return a?.closest('nav.languages') && a.lang === 'ar' ? { text: a.textContent, hreflang: a.hreflang } : null;
    });
  }
  assert.deepEqual(found, { text: 'العربية', hreflang: 'ar' }, 'Tab never reached the Arabic link of the switcher');
  await Promise.all([page.waitForURL(session.base + '/ar/get-help-now/'), page.keyboard.press('Enter')]);
  assert.equal(await page.getAttribute('html', 'lang'), 'ar');
  assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
  // The way back names English in English.
  const back = await page.$eval('nav.languages a[hreflang="en-GB"]', (a) => ({ text: a.textContent, lang: a.lang, href: a.getAttribute('href') }));
  assert.deepEqual(back, { text: 'English', lang: 'en-GB', href: '/get-help-now/' });
  // Right to left for real: the heading's text ends at its left-hand side.
  const h1 = await page.$eval('h1', (h) => {
    const box = h.getBoundingClientRect(), r = document.createRange();
    r.selectNodeContents(h);
    const text = r.getBoundingClientRect();
    return { direction: getComputedStyle(h).direction, rightGap: Math.round(box.right - text.right) };
  });
  assert.deepEqual(h1, { direction: 'rtl', rightGap: 0 });
  await ctx.close();
});

test('every Arabic page is right to left with lang="ar", every Tigrinya page left to right with lang="ti"', async () => {
  const pages = pagesOf(siteDir);
  const ar = pages.filter((p) => p.startsWith('/ar/')), ti = pages.filter((p) => p.startsWith('/ti/'));
  assert.ok(ar.length >= 6 && ti.length >= 6, `${ar.length} Arabic and ${ti.length} Tigrinya pages`);
  for (const [list, lang, dir] of [[ar, 'ar', 'rtl'], [ti, 'ti', 'ltr']]) {
    for (const p of list) {
      const html = fs.readFileSync(path.join(siteDir, p, 'index.html'), 'utf8');
      assert.match(html, new RegExp(`<html lang="${lang}" dir="${dir}">`), p);
      // hreflang alternates for every version, English included.
      assert.match(html, /<link rel="alternate" hreflang="en-GB" href=/, p);
      assert.match(html, new RegExp(`<link rel="alternate" hreflang="${lang}" href=`), p);
    }
  }
});

test('an unchecked translation says so in its own language', async () => {
  const ctx = await session.browser.newContext({ viewport: { width: 360, height: 800 }, serviceWorkers: 'block' });
  const page = await ctx.newPage();
  for (const [url, lang] of [['/ar/', 'ar'], ['/ar/get-help-now/', 'ar'], ['/ti/get-help-now/', 'ti']]) {
    await page.goto(session.base + url);
    assert.equal((await page.textContent('main .translation-note'))?.trim(), word(lang, 'translation.unchecked'), url);
  }
  await page.goto(session.base + '/get-help-now/');
  assert.equal(await page.$('.translation-note'), null, 'the English page has no translation note');
  await ctx.close();
});

test('the search box on an Arabic page finds an Arabic page by an Arabic word, then English pages marked as English', async () => {
  const ctx = await session.browser.newContext({ viewport: { width: 360, height: 800 }, serviceWorkers: 'block' });
  const page = await ctx.newPage();
  await page.goto(session.base + '/ar/');
  // A word of the title of get-help-now.ar.md, "احصل على المساعدة الآن",
  // typed without its article.
  await page.fill('#site-search-q', 'مساعدة');
  await page.waitForSelector('#search-results li a');
  const first = await page.$eval('#search-results li a', (a) => ({ href: a.getAttribute('href'), text: a.textContent }));
  assert.equal(first.href, '/ar/get-help-now/');
  assert.equal(first.text, 'احصل على المساعدة الآن');
  assert.match(await page.textContent('[role="status"]'), /مساعدة/);
  // An English word finds English pages, which say they are in English.
  await page.fill('#site-search-q', 'university');
  await page.waitForSelector('#search-results li a[hreflang="en"]');
  const en = await page.$eval('#search-results li a[hreflang="en"]', (a) => ({ text: a.textContent, lang: a.querySelector('[lang="en"]')?.textContent }));
  assert.ok(en.text.endsWith(word('ar', 'translation.in_english')), en.text);
  assert.equal(en.lang, 'University');
  // Nothing found: the help is in Arabic.
  await page.fill('#site-search-q', 'ققققق');
  await page.waitForSelector('#search-empty:not([hidden])');
  assert.match(await page.textContent('#search-empty'), /مساعدة/);
  await ctx.close();
});
