// The pieces the editor tests share: Chromium started the way this machine
// needs it, a copy of the site to edit, and the stand-in for the native
// folder picker of Sveltia's "work with local repository" mode.
//
// Playwright cannot click a native folder picker. Instead, an init script
// replaces window.showDirectoryPicker with a function that returns a folder
// of the browser's origin-private file system (OPFS), which implements the
// same FileSystemDirectoryHandle interface. fillRepo copies the test folder
// into that OPFS folder before the editor opens it; syncBack copies what
// the editor wrote there back to the test folder on disk.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';
import { startServer } from './server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '../..');

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

// editorSession starts Chromium and the editor's server before a test
// file's tests and stops them after: the returned object's browser and
// base (the server's address) are set once the tests run.
export function editorSession() {
  const session = {};
  before(async () => {
    session.browser = await launch();
    Object.assign(session, await startServer());
  });
  after(async () => {
    await session.browser?.close();
    session.server?.close();
  });
  return session;
}

// The parts of the repository the editor reads or writes. A copy of only
// these keeps the OPFS fill small.
const siteParts = ['content', 'static', 'templates', 'site.toml', 'netlify.toml', 'go.mod', 'go.sum'];

// copySite copies the real site into a new temporary folder and returns it.
export function copySite() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cms-site-'));
  for (const part of siteParts) {
    fs.cpSync(path.join(repoRoot, part), path.join(dir, part), { recursive: true });
  }
  return dir;
}

// listFiles returns the files under dir (relative, with forward slashes),
// sorted, leaving out .git.
export function listFiles(dir) {
  const out = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.name === '.git') continue;
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else out.push(path.relative(dir, full).split(path.sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

// snapshot maps each file under dir to its text.
export function snapshot(dir) {
  return new Map(listFiles(dir).map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
}

// diffSnapshots lists the files added, removed and changed between two
// snapshots.
export function diffSnapshots(before, after) {
  const added = [...after.keys()].filter((f) => !before.has(f));
  const removed = [...before.keys()].filter((f) => !after.has(f));
  const changed = [...after.keys()].filter((f) => before.has(f) && before.get(f) !== after.get(f));
  return { added, removed, changed };
}

// pickerScript runs in the page before Sveltia: the folder picker returns
// the OPFS folder "repo".
const pickerScript = () => {
  window.showDirectoryPicker = async () => {
    const root = await navigator.storage.getDirectory();
    return root.getDirectoryHandle('repo', { create: true });
  };
};

// newEditorPage opens a page whose folder picker is the OPFS stand-in and
// which may ask nothing of any other host: such requests are aborted and
// recorded in page.foreign, and CSP violations in page.cspViolations.
export async function newEditorPage(browser, base, viewport = { width: 1280, height: 900 }) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  page.foreign = [];
  page.cspViolations = [];
  page.consoleErrors = [];
  const origin = new URL(base).origin;
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(origin + '/') || url.startsWith('blob:') || url.startsWith('data:')) return route.continue();
    page.foreign.push(url);
    return route.abort('blockedbyclient');
  });
  await context.addInitScript(pickerScript);
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window.__csp ??= []).push(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`);
    });
  });
  page.on('console', (m) => {
    if (m.type() === 'error') page.consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => page.consoleErrors.push(String(e)));
  return page;
}

// cspViolations returns the violations the page has reported so far.
export async function cspViolations(page) {
  return page.evaluate(() => window.__csp ?? []);
}

// fillRepo copies dir into the page origin's OPFS folder "repo", emptied
// first, with an empty .git folder: Sveltia accepts only the root of a Git
// repository. The page must already be on the server's origin.
export async function fillRepo(page, dir) {
  const files = listFiles(dir).map((f) => [f, fs.readFileSync(path.join(dir, f)).toString('base64')]);
  await page.evaluate(async (files) => {
    const root = await navigator.storage.getDirectory();
    await root.removeEntry('repo', { recursive: true }).catch(() => {});
    const repo = await root.getDirectoryHandle('repo', { create: true });
    await repo.getDirectoryHandle('.git', { create: true });
    for (const [name, b64] of files) {
      const parts = name.split('/');
      let d = repo;
      for (const p of parts.slice(0, -1)) d = await d.getDirectoryHandle(p, { create: true });
      const fh = await d.getFileHandle(parts.at(-1), { create: true });
      const w = await fh.createWritable();
      await w.write(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)));
      await w.close();
    }
  }, files);
}

// readRepo returns every file of the OPFS folder "repo" but .git, as
// [name, base64] pairs.
export async function readRepo(page) {
  return page.evaluate(async () => {
    const out = [];
    const walk = async (d, prefix) => {
      for await (const [name, h] of d.entries()) {
        if (name === '.git' && prefix === '') continue;
        if (h.kind === 'directory') await walk(h, prefix + name + '/');
        else {
          const bytes = new Uint8Array(await (await h.getFile()).arrayBuffer());
          let s = '';
          for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
          out.push([prefix + name, btoa(s)]);
        }
      }
    };
    const root = await navigator.storage.getDirectory();
    await walk(await root.getDirectoryHandle('repo'), '');
    return out;
  });
}

// syncBack makes dir hold exactly what the OPFS folder holds: files the
// editor wrote or changed are written, files it deleted are removed.
export async function syncBack(page, dir) {
  const files = new Map(await readRepo(page));
  for (const [name, b64] of files) {
    const file = path.join(dir, name);
    const data = Buffer.from(b64, 'base64');
    if (!fs.existsSync(file) || !fs.readFileSync(file).equals(data)) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, data);
    }
  }
  for (const name of listFiles(dir)) {
    if (!files.has(name)) fs.rmSync(path.join(dir, name));
  }
}

// goSite runs the site generator (go run . build|check) on dir and returns
// its exit status and output.
export function goSite(args, dir) {
  try {
    const out = execFileSync('go', ['run', '.', ...args, '--source', dir], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return { code: 0, out };
  } catch (e) {
    return { code: e.status, out: (e.stdout || '') + (e.stderr || '') };
  }
}

// openLocalRepo opens /admin/ and picks the local repository: the OPFS
// folder filled from dir. It returns when the editor shows its collections.
export async function openLocalRepo(page, base, dir) {
  await page.goto(base + '/admin/', { waitUntil: 'domcontentloaded' });
  await page.getByRole('button', { name: /local repository/i }).waitFor();
  await fillRepo(page, dir);
  await page.getByRole('button', { name: /local repository/i }).click();
}

// reveal scrolls the entry form until target is drawn: Sveltia draws the
// items of a list only once they come into view.
export async function reveal(page, target, timeout = 20000) {
  const end = Date.now() + timeout;
  const add = page.getByRole('button', { name: /^Add .*offer/ });
  while (Date.now() < end) {
    if (await target.count()) {
      await target.first().scrollIntoViewIfNeeded();
      return target.first();
    }
    if (await add.count()) await add.first().scrollIntoViewIfNeeded().catch(() => {});
    await page.mouse.wheel(0, 300);
    await page.waitForTimeout(250);
  }
  throw new Error(`${target} was never drawn`);
}
