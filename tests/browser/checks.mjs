// The checks the browser suite runs on every page. They are a library so
// that selftest.test.mjs can prove each one fails on a page that breaks it.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';
import { startServer } from './server.mjs';

const require = createRequire(import.meta.url);
const axePath = require.resolve('axe-core/axe.min.js');

// The page checks block the service worker: each fresh context would
// otherwise install it and fetch its whole first-visit cache, which slows
// every check and tests nothing; phone.test.mjs tests the worker.

// launch starts Debian's Chromium the way this machine needs it: no
// sandbox (we run as root) and no background requests to Google.
// siteSession starts Chromium and a server of the built site in siteDir
// (with netlify.toml's headers) before a test file's tests, and stops them
// after; the returned object's browser and base are set once tests run.
export function siteSession(siteDir, netlifyToml) {
  const session = {};
  before(async () => {
    session.browser = await launch();
    Object.assign(session, await startServer(siteDir, netlifyToml));
  });
  after(async () => {
    await session.browser?.close();
    session.server?.close();
  });
  return session;
}

export async function launch() {
  // Playwright gives every launch a fresh, empty user-data dir of its own.
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return browser;
}

// pagesOf lists the address of every HTML file of a built site, but for
// the browser editor under /admin/, which is Sveltia CMS's markup under its
// own policy and has its own tests (tests/cms).
export function pagesOf(siteDir) {
  const out = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory() && dir === siteDir && e.name === 'admin') continue;
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
  const ctx = await browser.newContext({ bypassCSP: true, viewport: { width, height: 800 }, serviceWorkers: 'block' });
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
  const ctx = await browser.newContext({ viewport: { width: 320, height: 640 }, serviceWorkers: 'block' });
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
      return { href: a?.getAttribute('href') || '', text: a?.innerText || '', skip: !!a?.classList.contains('skip-link') };
    });
    // A skip link says "skip" in English; a translated page's says it in
    // its own language, so there its class is what marks it.
    if (!first.href.startsWith('#') || !(/skip/i.test(first.text) || first.skip)) {
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


// focusProblems tabs through every focusable element of a page at the given
// width and reports any whose focused state has no visible indicator, or
// whose text is hard to read when focused (under 4.5:1). axe cannot see
// either: it never moves focus. Disclosures are opened first so that what
// they hold is reached too.
export async function focusProblems(browser, url, width) {
  const ctx = await browser.newContext({ viewport: { width, height: 800 }, serviceWorkers: 'block' });
  try {
    const page = await ctx.newPage();
    await page.goto(url, { waitUntil: 'load' });
    await page.evaluate(() => {
      for (const d of document.querySelectorAll('details')) d.open = true;
      // What can show focus, for every element, before anything has it.
      window.__look = (e) => {
        const s = getComputedStyle(e);
        return {
          outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 1 ? s.outlineColor + ' ' + s.outlineWidth : 'none',
          shadow: s.boxShadow, background: s.backgroundColor,
          border: [s.borderTopColor, s.borderRightColor, s.borderBottomColor, s.borderLeftColor, s.borderTopWidth, s.borderBottomWidth].join(' '),
        };
      };
      window.__looks = new Map();
      for (const el of document.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex]')) {
        window.__looks.set(el, window.__look(el));
      }
      document.activeElement?.blur?.();
    });
    // Each focus is examined as it happens, by a listener in the page, so
    // that the keyboard is not held up by a round trip per element.
    await page.evaluate(() => {
      window.__focused = [];
      window.__done = false;
      const seen = new Set();
      document.addEventListener('focusin', (ev) => {
        const el = ev.target;
        if (seen.has(el)) { window.__done = true; return; }
        seen.add(el);
        el.__focusId = seen.size;
        window.__focused.push(((el) => {
          const rgba = (c) => {
            const m = c.match(/rgba?\(([\d.]+),?\s*([\d.]+),?\s*([\d.]+)(?:\s*[,/]\s*([\d.]+%?))?\)/);
            if (!m) return [0, 0, 0, 0];
            let a = m[4] === undefined ? 1 : parseFloat(m[4]);
            if (m[4] && m[4].endsWith('%')) a /= 100;
            return [+m[1], +m[2], +m[3], a];
          };
          const lum = ([r, g, b]) => {
            const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
            return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
          };
          // The colour behind e: its own background, or the first ancestor's
          // that is not transparent, blended down to white.
          const backdrop = (e) => {
            const layers = [];
            for (let n = e; n && n.nodeType === 1; n = n.parentElement) {
              const c = rgba(getComputedStyle(n).backgroundColor);
              if (c[3] > 0) layers.push(c);
              if (c[3] >= 1) break;
            }
            let out = [255, 255, 255];
            for (const c of layers.reverse()) out = out.map((v, k) => c[k] * c[3] + v * (1 - c[3]));
            return out;
          };
          const ratio = (fg, bg) => {
            const f = rgba(fg);
            const mixed = [0, 1, 2].map((k) => f[k] * f[3] + bg[k] * (1 - f[3]));
            const [a, b] = [lum(mixed), lum(bg)].sort((x, y) => y - x);
            return (a + 0.05) / (b + 0.05);
          };
          const name = `${el.tagName.toLowerCase()} "${(el.innerText || el.value || el.getAttribute('aria-label') || '').trim().replace(/\s+/g, ' ').slice(0, 40)}"${el.getAttribute('href') ? ' (' + el.getAttribute('href') + ')' : ''}`;
          const out = { name, id: el.__focusId, problems: [] };
          const before = window.__looks.get(el);
          const after = window.__look(el);
          if (before) {
            // A change counts only if it can be seen: an outline with a
            // colour, a new shadow, or a different background or border.
            const visible = (after.outline !== 'none' && rgba(after.outline)[3] > 0 && after.outline !== before.outline) ||
              (after.shadow !== before.shadow && after.shadow !== 'none' && !/^rgba\(0, 0, 0, 0\)/.test(after.shadow)) ||
              (after.background !== before.background && rgba(after.background)[3] > 0) ||
              after.border !== before.border;
            if (!visible) out.problems.push('has no visible focus indicator');
          }
          // Every piece of text inside the focused element, against what is
          // behind it.
          const texts = [el, ...el.querySelectorAll('*')].filter((n) => {
            if (n.tagName === 'INPUT' || n.tagName === 'TEXTAREA') return true;
            if (!n.getClientRects().length) return false;
            return [...n.childNodes].some((c) => c.nodeType === 3 && c.textContent.trim());
          });
          let worst = null;
          for (const n of texts) {
            const bg = backdrop(n);
            const c = getComputedStyle(n).color;
            const r = ratio(c, bg);
            if (!worst || r < worst.r) worst = { r, c, bg: `rgb(${bg.map(Math.round).join(', ')})` };
          }
          if (worst && worst.r < 4.5) out.problems.push(`focused text contrast ${worst.r.toFixed(2)}:1 (${worst.c} on ${worst.bg}), want 4.5:1`);
          return out;
        })(el));
      });
    });
    // Tab until focus comes back round to an element it has been on, or
    // stops moving (it has left the page).
    // The key presses go straight to Chromium (DevTools protocol), ten at a
    // time without waiting for each: a round trip per press made every
    // page take seconds. They are real key events, in order.
    const cdp = await ctx.newCDPSession(page);
    const key = (type) => cdp.send('Input.dispatchKeyEvent', { type, key: 'Tab', code: 'Tab', windowsVirtualKeyCode: 9, nativeVirtualKeyCode: 9 });
    let count = -1;
    for (let batch = 0; batch < 100; batch++) {
      await Promise.all(Array.from({ length: 10 }, () => [key('rawKeyDown'), key('keyUp')]).flat());
      const state = await page.evaluate(() => ({ done: window.__done, n: window.__focused.length }));
      if (state.done || state.n === count) break;
      count = state.n;
    }
    const problems = [];
    // Every element that can take focus must have been reached.
    const missed = await page.evaluate(() => {
      const reached = new Set(window.__focused.map((r) => r.id));
      return [...window.__looks.keys()].filter((el) => el.tabIndex >= 0 && !el.disabled && el.getClientRects().length > 0 &&
        getComputedStyle(el).visibility !== 'hidden' && !reached.has(el.__focusId)).map((el) => el.outerHTML.slice(0, 80));
    });
    for (const m of missed) problems.push(`focus at ${width}px: Tab never reaches ${m}`);
    for (const r of await page.evaluate(() => window.__focused)) {
      for (const p of r.problems) problems.push(`focus at ${width}px: ${r.name} ${p}`);
    }
    return problems;
  } finally {
    await ctx.close();
  }
}
