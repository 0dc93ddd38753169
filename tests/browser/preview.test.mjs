// The preview server as an editor meets it: `localoffer serve` on a copy
// of the real site, in Chromium, with the site's own Content-Security-
// Policy (serve applies netlify.toml's headers). Live reload, the
// stylesheet swap and the error overlay must all work under that policy.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { launch } from './checks.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let tmp, site, bin, server, serverOutput = '', base, browser;

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'localoffer-preview-'));
  site = path.join(tmp, 'site');
  for (const p of ['content', 'templates', 'static', 'site.toml', 'netlify.toml']) {
    fs.cpSync(path.join(repo, p), path.join(site, p), { recursive: true });
  }
  bin = path.join(tmp, 'localoffer');
  execFileSync('go', ['build', '-o', bin, '.'], { cwd: repo, stdio: 'inherit' });
  base = await startServer('0');
  browser = await launch();
});


// startServer starts `localoffer serve` and returns the address it prints.
async function startServer(port) {
  serverOutput = '';
  server = spawn(bin, ['serve', '--source', site, '--port', port], { stdio: ['ignore', 'pipe', 'pipe'] });
  server.stdout.on('data', (d) => { serverOutput += d; });
  server.stderr.on('data', (d) => { serverOutput += d; });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('serve printed no address:\n' + serverOutput)), 60000);
    const look = () => {
      const m = serverOutput.match(/previewing the site at (http:\/\/\S+?)\/? /);
      if (m) { clearTimeout(timer); resolve(m[1]); } else setTimeout(look, 50);
    };
    look();
  });
}

// stopServer stops it as Ctrl-C does and returns its exit code.
async function stopServer() {
  const exited = new Promise((resolve) => server.on('exit', (code) => resolve(code)));
  server.kill('SIGINT');
  return exited;
}

after(async () => {
  await browser?.close();
  if (server && server.exitCode === null) server.kill('SIGKILL');
  fs.rmSync(tmp, { recursive: true, force: true });
});

// edit rewrites a file of the served site copy.
function edit(rel, change) {
  const file = path.join(site, rel);
  fs.writeFileSync(file, change(fs.readFileSync(file, 'utf8')));
}

test('live reload, stylesheet swap and error overlay under the site CSP', async () => {
  const ctx = await browser.newContext({ viewport: { width: 320, height: 480 } });
  const page = await ctx.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`script error: ${e.message}`));
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`${r.status()} ${r.url()}`); });

  // The reload script opens its event stream once the page has loaded.
  const connected = () => page.waitForResponse((r) => r.url().endsWith('/_localoffer/events'));
  let stream = connected();
  const first = await page.goto(base + '/money/council-tax/');
  assert.equal(first.status(), 200);
  assert.match(first.headers()['content-security-policy'] || '', /script-src 'self'/, 'serve sends the site CSP');
  await stream;
  assert.ok(await page.evaluate(() => document.styleSheets[0].cssRules.length > 10), 'the stylesheet applies');

  // A stylesheet change swaps the stylesheet in place: no reload, same scroll.
  await page.evaluate(() => { window.keptAcrossChanges = true; window.scrollTo(0, 200); });
  assert.equal(await page.evaluate(() => window.scrollY), 200, 'the page is long enough to scroll');
  edit('static/css/site.css', (css) => css + '\n:root { --preview-check: 7; }\n');
  await page.waitForFunction(() => getComputedStyle(document.documentElement).getPropertyValue('--preview-check').trim() === '7');
  assert.equal(await page.evaluate(() => window.keptAcrossChanges), true, 'a CSS change must not reload the page');
  assert.equal(await page.evaluate(() => window.scrollY), 200, 'a CSS change keeps the scroll position');

  // A text change reloads the page with the new text.
  stream = connected();
  edit('content/money/council-tax.md', (md) => md + '\n\nThe preview shows this new line.\n');
  await page.waitForFunction(() => document.body.innerText.includes('The preview shows this new line.'));
  assert.equal(await page.evaluate(() => window.keptAcrossChanges), undefined, 'a text change reloads the page');
  await stream;

  // A broken page: every page shows the errors with file and line; fixing
  // the file clears them by itself.
  const good = fs.readFileSync(path.join(site, 'content/money/council-tax.md'), 'utf8');
  stream = connected();
  edit('content/money/council-tax.md', () => '+++\ntitle = "Council tax"\n');
  const overlay = await page.waitForSelector('.localoffer-overlay');
  assert.match(await overlay.innerText(), /content\/money\/council-tax\.md:1: the front matter is not closed/);
  assert.ok(await page.evaluate(() => getComputedStyle(document.querySelector('.localoffer-overlay')).position === 'fixed'), 'the overlay stylesheet applies');
  await stream;
  edit('content/money/council-tax.md', () => good);
  await page.waitForSelector('.localoffer-overlay', { state: 'detached' });
  assert.ok(await page.evaluate(() => document.body.innerText.includes('The preview shows this new line.')));

  // Reloads abort the open event stream; Chromium reports nothing for
  // that, so any console error here is a real problem (a CSP violation,
  // a missing file).
  assert.deepEqual(problems, []);
  // How many files a rebuild reads depends on their age (files changed in
  // the last 2 seconds are always read again), so only the form is fixed.
  assert.match(serverOutput, /rebuilt \d+ pages in \d+ ms \(\d+ files? read, \d+ pages? rendered again\)/, 'each rebuild is printed');
  assert.match(serverOutput, /content\/money\/council-tax\.md:1: the front matter is not closed/, 'errors are printed too');
  await ctx.close();
});

test('a page left open updates itself when the preview restarts after an edit', async () => {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const connected = page.waitForResponse((r) => r.url().endsWith('/_localoffer/events'));
  await page.goto(base + '/money/');
  await connected;
  assert.equal(await stopServer(), 0, serverOutput);
  edit('content/money/_index.md', (md) => md + '\n\nChanged while the preview was stopped.\n');
  await startServer(new URL(base).port);
  // The page's event stream reconnects by itself (Chromium retries after
  // about 3 seconds); the server's hello names a newer build, so it reloads.
  await page.waitForFunction(() => document.body.innerText.includes('Changed while the preview was stopped.'), null, { timeout: 20000 });
  await ctx.close();
});

test('Ctrl-C stops the server cleanly', async () => {
  assert.equal(await stopServer(), 0, serverOutput);
  assert.match(serverOutput, /stopped/);
});
