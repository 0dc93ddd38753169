// The checks the browser suite runs on every page. They are a library so
// that selftest.test.mjs can prove each one fails on a page that breaks it.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const axePath = require.resolve('axe-core/axe.min.js');

// launch starts Debian's Chromium the way this machine needs it: no
// sandbox (we run as root) and no background requests to Google.
export async function launch() {
  // Playwright gives every launch a fresh, empty user-data dir of its own.
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return browser;
}

// pagesOf lists the address of every HTML file of a built site.
export function pagesOf(siteDir) {
  const out = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name.endsWith('.html')) {
        let rel = '/' + path.relative(siteDir, full).split(path.sep).join('/');
        if (rel.endsWith('/index.html')) rel = rel.slice(0, -'index.html'.length);
        out.push(rel);
      }
    }
  };
  walk(siteDir);
  return out.sort();
}

const axeTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

// axeProblems runs axe-core at the given width. The context bypasses the
// CSP only so that axe itself can be injected.
export async function axeProblems(browser, url, width) {
  const ctx = await browser.newContext({ bypassCSP: true, viewport: { width, height: 800 } });
  try {
    const page = await ctx.newPage();
    await page.goto(url);
    await page.addScriptTag({ path: axePath });
    const result = await page.evaluate(async (tags) => {
      // eslint-disable-next-line no-undef
      const r = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
      return r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
    }, axeTags);
    return result.map((r) => `axe at ${width}px: ${r}`);
  } finally {
    await ctx.close();
  }
}

// pageProblems runs every check but axe on one page, in a context that
// enforces the site's CSP as the server sends it.
export async function pageProblems(browser, url, base) {
  const problems = [];
  const ctx = await browser.newContext({ viewport: { width: 320, height: 640 } });
  try {
    const page = await ctx.newPage();
    const requests = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('console', (m) => {
      if (/Content.Security.Policy/i.test(m.text())) problems.push(`CSP violation: ${m.text()}`);
    });
    await page.goto(url, { waitUntil: 'load' });
    for (const r of requests) {
      if (!r.startsWith(base) && !r.startsWith('data:')) problems.push(`request to another host: ${r}`);
    }
    const facts = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      h1: document.querySelectorAll('h1').length,
      lang: document.documentElement.lang,
      viewport: !!document.querySelector('meta[name="viewport"]'),
      title: document.title,
      main: document.querySelector('main')?.innerText.trim() || '',
      cookies: document.cookie,
    }));
    if (facts.scroll > 0) problems.push(`scrolls sideways by ${facts.scroll}px at 320px`);
    if (facts.h1 !== 1) problems.push(`has ${facts.h1} h1 elements, want 1`);
    if (!facts.lang) problems.push('html has no lang');
    if (!facts.viewport) problems.push('no viewport meta');
    if (facts.cookies) problems.push(`sets cookies: ${facts.cookies}`);

    // The first Tab reaches the skip link; following it moves focus to main.
    await page.keyboard.press('Tab');
    const first = await page.evaluate(() => {
      const a = document.activeElement;
      return { href: a?.getAttribute('href') || '', text: a?.innerText || '' };
    });
    if (!first.href.startsWith('#') || !/skip/i.test(first.text)) {
      problems.push(`first Tab focuses "${first.text}" (${first.href}), not a skip link`);
    } else {
      await page.keyboard.press('Enter');
      const inMain = await page.evaluate((id) => {
        const target = document.getElementById(id);
        return !!target && (document.activeElement === target || target.contains(document.activeElement));
      }, first.href.slice(1));
      if (!inMain) problems.push('following the skip link does not move focus to the main content');
    }
    // A focused link looks different from an unfocused one.
    const visible = await page.evaluate(() => {
      const a = document.querySelector('main a[href]');
      if (!a) return true;
      const look = () => {
        const s = getComputedStyle(a);
        return [s.outlineStyle, s.outlineWidth, s.boxShadow, s.backgroundColor, s.color, s.textDecorationLine].join('|');
      };
      const before = look();
      a.focus();
      return look() !== before;
    });
    if (!visible) problems.push('a focused link looks the same as an unfocused one');

    // Without JavaScript, the main content is all there.
    const noJS = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 800 } });
    try {
      const p2 = await noJS.newPage();
      await p2.goto(url);
      const text = (await p2.evaluate(() => document.querySelector('main')?.innerText.trim() || ''));
      const strip = (s) => s.replace(/\s+/g, ' ');
      if (strip(text).length < strip(facts.main).length * 0.9) problems.push('main content is missing without JavaScript');
    } finally {
      await noJS.close();
    }
    return { problems, title: facts.title };
  } finally {
    await ctx.close();
  }
}

const jar = path.join(path.dirname(require.resolve('vnu-jar/package.json')), 'build', 'dist', 'vnu.jar');

// vnuErrors runs the Nu HTML checker (on the installed Java) over every
// HTML file under dir and returns its errors as "file:line: message".
export function vnuErrors(dir) {
  let out = '';
  try {
    execFileSync('java', ['-jar', jar, '--errors-only', '--format', 'json', '--skip-non-html', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    out = e.stderr.toString();
    if (!out.trim().startsWith('{')) throw e;
  }
  if (!out.trim()) return [];
  return JSON.parse(out).messages.filter((m) => m.type === 'error')
    .map((m) => `${path.relative(dir, new URL(m.url).pathname)}:${m.lastLine}: ${m.message}`);
}

