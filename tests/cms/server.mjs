// A small static server for the editor tests. /admin/ serves the editor's
// page and configuration (admin/) and the pinned Sveltia CMS from
// node_modules, with the Content-Security-Policy the editor is meant to get
// in production (ADMIN_CSP), so a policy the editor cannot live with fails
// here. Any other path is served from siteDir (a built site), when given.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import { execFileSync } from 'node:child_process';

const here = path.dirname(fileURLToPath(import.meta.url));

// sveltiaFile is the pinned release's single-file build. package-lock.json
// holds its registry checksum, so npm ci refuses a different file.
const pkg = path.join(here, 'node_modules', '@sveltia', 'cms');
export const sveltiaFile = path.join(pkg, 'dist', 'sveltia-cms.js');

// smol-toml, the TOML library Sveltia bundles, as ES modules for
// frontmatter.js.
export const smolToml = path.join(here, 'node_modules', 'smol-toml', 'dist');

// The fonts the editor needs, from the same package (see admin/fonts.css).
export const fontFiles = {
  'material-symbols-outlined.woff2': path.join(pkg, 'npm', 'assets', 'material-symbols-outlined-latin-wght-normal-_Z1IJPLg.woff2'),
  'source-sans-3.woff2': path.join(pkg, 'npm', 'assets', 'source-sans-3-latin-wght-normal-BqRLTx4X.woff2'),
  'noto-mono.woff2': path.join(pkg, 'npm', 'assets', 'noto-mono-latin-400-normal-DiC8lJru.woff2'),
};

// ADMIN_CSP is the strictest policy under which the editor works, found by
// trying stricter ones in Chromium (see FINDINGS.md):
// - style-src 'unsafe-inline': Svelte puts the editor's styles in <style>
//   elements it creates at run time, and sets style attributes.
// - img-src data: blob:: the editor's own images are data: URLs; blob: is
//   for previews of images a user picks.
// - connect-src https://api.github.com: the GitHub backend on the live site.
//   Signing in opens Netlify's OAuth page in a new window, a navigation that
//   CSP does not govern.
// Sveltia also asks cdn.jsdelivr.net for fonts (admin/fonts.css serves them
// from here instead), unpkg.com whether a newer version exists, and
// githubstatus.com for GitHub's status; the policy blocks those, and the
// tests check that nothing else is blocked.
export const ADMIN_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self' https://api.github.com",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const types = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json', '.yml': 'application/yaml; charset=utf-8',
  '.svg': 'image/svg+xml', '.xml': 'application/xml', '.txt': 'text/plain; charset=utf-8',
  '.png': 'image/png', '.ico': 'image/x-icon', '.woff2': 'font/woff2',
};

// builtAdmin builds the real site once (go run . build) and returns its
// admin/ folder: the vendored editor from static/admin/ and the
// configuration the build made from the content model, exactly as Netlify
// publishes them.
let built = null;
export function builtAdmin() {
  if (!built) {
    const dest = fs.mkdtempSync(path.join(os.tmpdir(), 'lo-cms-site-'));
    execFileSync('go', ['run', '.', 'build', '--dest', path.join(dest, 'public')], { cwd: path.join(here, '../..'), stdio: ['ignore', 'ignore', 'inherit'] });
    built = path.join(dest, 'public', 'admin');
  }
  return built;
}

// builtCSP is the policy the build's _headers gives /admin/*.
function builtCSP(adminDir) {
  const headers = path.join(adminDir, '..', '_headers');
  if (!fs.existsSync(headers)) return ADMIN_CSP;
  const lines = fs.readFileSync(headers, 'utf8').split('\n');
  const i = lines.findIndex((l) => l.trim().endsWith('/admin/*'));
  const m = i >= 0 && lines[i + 1].match(/Content-Security-Policy:\s*(.*)$/);
  return m ? m[1] : ADMIN_CSP;
}

// startServer listens on a free port of 127.0.0.1 (a host name Sveltia
// treats as local, so it offers its local-repository mode). /admin/ is
// served from the built site (see builtAdmin) with the policy its _headers
// give it; csp replaces that (null sends none).
export function startServer({ adminDir = builtAdmin(), siteDir = null, csp, extra = {} } = {}) {
  if (csp === undefined) csp = builtCSP(adminDir);
  const served = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    const p = decodeURIComponent(url.pathname);
    served.push(p);
    let file = null;
    if (p === '/admin') {
      res.writeHead(301, { Location: '/admin/' });
      return res.end();
    }
    if (p.startsWith('/admin/')) {
      const name = p.slice('/admin/'.length) || 'index.html';
      if (csp) res.setHeader('Content-Security-Policy', csp);
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader('Cache-Control', 'no-store');
      if (extra[name]) file = extra[name];
      else {
        file = path.join(adminDir, path.normalize(name));
        if (!file.startsWith(path.resolve(adminDir))) file = null;
      }
    } else if (siteDir) {
      file = path.join(siteDir, path.normalize(p));
      if (!file.startsWith(path.resolve(siteDir))) file = null;
      else if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    }
    if (!file || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      return res.end('not found');
    }
    res.writeHead(200, { 'Content-Type': types[path.extname(file)] || 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({ server, served, base: `http://127.0.0.1:${server.address().port}` }));
  });
}
