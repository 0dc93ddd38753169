// Runs the Nu HTML checker over every HTML file of the built site.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { vnuErrors } from './checks.mjs';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const siteDir = path.resolve(process.env.SITE_DIR || path.join(here, '../../public'));

test('Nu HTML checker finds no errors', () => {
  const errors = vnuErrors(siteDir);
  assert.deepEqual(errors, [], errors.join('\n'));
});
