// A small static server that serves a built site on 127.0.0.1 with the same
// headers as production: it applies netlify.toml's [[headers]] rules, the
// site's _redirects file, and serves 404.html with status 404. The browser
// tests use it so that a Content-Security-Policy problem shows up here.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';

const types = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8', '.json': 'application/json',
  '.svg': 'image/svg+xml', '.xml': 'application/xml', '.txt': 'text/plain; charset=utf-8',
  '.png': 'image/png', '.webmanifest': 'application/manifest+json', '.jpg': 'image/jpeg', '.ico': 'image/x-icon',
};

// parseHeaderRules reads the [[headers]] blocks of a netlify.toml. It
// understands the simple form the project uses: for = "...", then
// [headers.values] with Key = "value" lines.
export function parseHeaderRules(toml) {
  const rules = [];
  let rule = null;
  let inValues = false;
  for (const raw of toml.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('[[')) {
      inValues = false;
      rule = line === '[[headers]]' ? { for: '', values: {} } : null;
      if (rule) rules.push(rule);
      continue;
    }
    if (line.startsWith('[')) {
      inValues = rule !== null && line === '[headers.values]';
      continue;
    }
    const m = line.match(/^("?)([A-Za-z0-9-]+)\1\s*=\s*"(.*)"\s*$/);
    if (!m || !rule) continue;
    if (inValues) rule.values[m[2]] = m[3].replace(/\\"/g, '"');
    else if (m[2] === 'for') rule.for = m[3];
  }
  return rules;
}

// parseHeadersFile reads Netlify's _headers file, which the build writes
// (the Content-Security-Policy of each path): a path on a line of its own,
// then indented "Name: value" lines.
export function parseHeadersFile(text) {
  const rules = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    if (!/^\s/.test(raw)) {
      rules.push({ for: line, values: {} });
    } else if (rules.length) {
      const i = line.indexOf(':');
      if (i > 0) rules[rules.length - 1].values[line.slice(0, i).trim()] = line.slice(i + 1).trim();
    }
  }
  return rules;
}

function matches(pattern, p) {
  if (pattern.endsWith('*')) return p.startsWith(pattern.slice(0, -1));
  return p === pattern;
}

export function startServer(siteDir, netlifyToml) {
  const rules = netlifyToml && fs.existsSync(netlifyToml) ? parseHeaderRules(fs.readFileSync(netlifyToml, 'utf8')) : [];
  const headersFile = path.join(siteDir, '_headers');
  if (fs.existsSync(headersFile)) rules.push(...parseHeadersFile(fs.readFileSync(headersFile, 'utf8')));
  const redirects = new Map();
  const redirectsFile = path.join(siteDir, '_redirects');
  if (fs.existsSync(redirectsFile)) {
    for (const line of fs.readFileSync(redirectsFile, 'utf8').split('\n')) {
      const [from, to, status] = line.trim().split(/\s+/);
      if (from && to) redirects.set(from, { to, status: Number(status || 301) });
    }
  }
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    let p = decodeURIComponent(url.pathname);
    for (const r of rules) {
      // As Netlify does, every matching rule adds its headers, so two
      // rules that set one header send it twice.
      if (matches(r.for, p)) for (const [k, v] of Object.entries(r.values)) res.appendHeader(k, v);
    }
    const redirect = redirects.get(p);
    if (redirect) {
      res.writeHead(redirect.status, { Location: redirect.to });
      return res.end();
    }
    let file = path.join(siteDir, path.normalize(p));
    if (!file.startsWith(path.resolve(siteDir))) {
      res.writeHead(400);
      return res.end();
    }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) {
      if (!p.endsWith('/')) {
        res.writeHead(301, { Location: p + '/' });
        return res.end();
      }
      file = path.join(file, 'index.html');
    }
    let status = 200;
    if (!fs.existsSync(file)) {
      status = 404;
      file = path.join(siteDir, '404.html');
      if (!fs.existsSync(file)) {
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
        return res.end('not found');
      }
    }
    res.writeHead(status, { 'Content-Type': types[path.extname(file)] || 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({ server, base: `http://127.0.0.1:${server.address().port}` }));
  });
}
