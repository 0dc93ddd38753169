// The editor is served from static/admin/, committed byte for byte from the
// pinned npm release (package-lock.json holds its checksum), so that
// Netlify's build and `go run . serve` need no npm. This test keeps the
// committed copy the same as the release npm ci installs: no drift, no
// hand edits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const admin = path.join(here, '../../static/admin');
const nm = path.join(here, 'node_modules');
const pkg = path.join(nm, '@sveltia', 'cms');

const twins = {
  'sveltia-cms.js': path.join(pkg, 'dist', 'sveltia-cms.js'),
  'material-symbols-outlined.woff2': path.join(pkg, 'npm', 'assets', 'material-symbols-outlined-latin-wght-normal-_Z1IJPLg.woff2'),
  'source-sans-3.woff2': path.join(pkg, 'npm', 'assets', 'source-sans-3-latin-wght-normal-BqRLTx4X.woff2'),
  'noto-mono.woff2': path.join(pkg, 'npm', 'assets', 'noto-mono-latin-400-normal-DiC8lJru.woff2'),
};
for (const f of fs.readdirSync(path.join(nm, 'smol-toml', 'dist')).filter((f) => f.endsWith('.js'))) {
  twins['smol-toml/' + f] = path.join(nm, 'smol-toml', 'dist', f);
}

test('static/admin/ holds the pinned release byte for byte', () => {
  for (const [name, twin] of Object.entries(twins)) {
    assert.ok(fs.existsSync(path.join(admin, name)), `static/admin/${name} is missing`);
    assert.ok(fs.readFileSync(path.join(admin, name)).equals(fs.readFileSync(twin)), `static/admin/${name} differs from ${path.relative(here, twin)}`);
  }
});
