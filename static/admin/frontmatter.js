// The file format of our pages for Sveltia CMS: Markdown after TOML front
// matter between +++ lines, read and written so that a page the editor
// saves looks as if a person had written it in our usual style.
//
// Sveltia's own toml-frontmatter format loses data and rewrites the file
// (see tests/cms/FINDINGS.md): an amount is either a string or an
// { unconfirmed = true, note = "…" } table, and no Sveltia field type
// holds both, so whichever one the form does not expect is deleted on save.
// This format turns the amount into one object for the form and back, and
// writes the front matter in the order and style our pages use.
//
// It runs in the browser (admin/editor.js registers it) and in Node (the
// tests read every real page through it). It depends only on smol-toml,
// the TOML library Sveltia itself uses.
import { parse } from './smol-toml/index.js';

// Keys whose values are TOML dates, written without quotes: the Date fields
// of generator/schema (generator/editor's tests keep the two the same).
const dateKeys = new Set(['reviewed', 'translated_from']);
// Keys left out when they hold the value the site assumes anyway.
const defaults = { draft: false, translation_checked: false };
// The front matter key that holds a page's offers: one table is written
// [offer], several [[offer]].
const offerKey = 'offer';
// Keys of an offer that hold a youngest and oldest age, ages = [16, 25]:
// the Range fields of generator/schema. The form shows them as
// { youngest, oldest }.
const rangeKeys = new Set(['ages']);

// fromFile turns a page into the values of the editor's form: the front
// matter's keys, with the Markdown under "body".
export function fromFile(text) {
  text = text.replace(/\r\n?/g, '\n');
  const m = /^\+\+\+\n([\s\S]*?)\n?\+\+\+[ \t]*(?:\n|$)([\s\S]*)$/.exec(text);
  if (!m) return { body: text };
  const data = toForm(parse(m[1]));
  if (data[offerKey] && !Array.isArray(data[offerKey])) data[offerKey] = [data[offerKey]];
  for (const offer of data[offerKey] ?? []) {
    if ('amount' in offer) offer.amount = amountToForm(offer.amount);
    for (const k of rangeKeys) {
      if (Array.isArray(offer[k]) && offer[k].length === 2) offer[k] = { youngest: offer[k][0], oldest: offer[k][1] };
    }
  }
  return { ...data, body: m[2] };
}

// toFile writes the form's values back as a page.
export function toFile(value) {
  const { body = '', ...data } = value;
  const lines = ['+++'];
  const offers = data[offerKey] === undefined ? [] : [].concat(data[offerKey]);
  delete data[offerKey];
  lines.push(...keyLines(data));
  const header = offers.length === 1 ? `[${offerKey}]` : `[[${offerKey}]]`;
  for (const offer of offers) {
    const o = { ...offer };
    if ('amount' in o) o.amount = amountFromForm(o.amount);
    for (const k of rangeKeys) {
      if (o[k] && typeof o[k] === 'object' && !Array.isArray(o[k])) o[k] = [o[k].youngest, o[k].oldest].filter((n) => typeof n === 'number');
    }
    lines.push('', header, ...keyLines(o));
  }
  lines.push('+++');
  return lines.join('\n') + '\n' + String(body).replace(/^\n+/, '').replace(/\s+$/, '') + '\n';
}

// amountToForm gives the form one shape for both kinds of amount:
// "£3,000" becomes { value: "£3,000" }, and an unconfirmed table keeps its
// keys with unconfirmed set.
export function amountToForm(a) {
  if (typeof a === 'string') return { value: a };
  if (a && typeof a === 'object') return { ...a };
  return a;
}

// amountFromForm is the reverse: an unconfirmed amount becomes the table
// { unconfirmed = true, note = "…" }, a confirmed one its text.
export function amountFromForm(a) {
  if (!a || typeof a !== 'object') return a;
  if (a.unconfirmed) {
    const { value, unconfirmed, ...rest } = a;
    return { unconfirmed: true, ...rest };
  }
  return typeof a.value === 'string' && a.value.trim() !== '' ? a.value : undefined;
}

// toForm turns TOML dates into the strings Sveltia's date field expects.
function toForm(v) {
  if (v instanceof Date) return dateString(v);
  if (Array.isArray(v)) return v.map(toForm);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toForm(x)]));
  return v;
}

function dateString(d) {
  // smol-toml's TomlDate prints a local date as YYYY-MM-DD.
  const s = typeof d.toISOString === 'function' ? d.toISOString() : String(d);
  return s;
}

export function isEmpty(v) {
  return v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0) ||
    (typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0);
}

function keyLines(obj) {
  const out = [];
  for (const [k, v] of Object.entries(obj)) {
    if (isEmpty(v) || (k in defaults && defaults[k] === v)) continue;
    out.push(`${key(k)} = ${dateKeys.has(k) && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : value(v)}`);
  }
  return out;
}

function key(k) {
  return /^[A-Za-z0-9_-]+$/.test(k) ? k : quote(k);
}

export function value(v) {
  if (typeof v === 'string') return quote(v);
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`cannot write the number ${v}`);
    return String(v);
  }
  if (Array.isArray(v)) return `[${v.map(value).join(', ')}]`;
  if (v instanceof Date) return dateString(v);
  if (v && typeof v === 'object') {
    const parts = Object.entries(v).filter(([, x]) => !isEmpty(x)).map(([k, x]) => `${key(k)} = ${value(x)}`);
    return `{ ${parts.join(', ')} }`;
  }
  throw new Error(`cannot write ${typeof v} values`);
}

// quote writes a TOML basic string the way BurntSushi/toml does: letters
// outside ASCII stay as they are; quotes, backslashes and control
// characters are escaped.
export function quote(s) {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0);
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (c < 0x20 || c === 0x7f) out += '\\u' + c.toString(16).padStart(4, '0');
    else out += ch;
  }
  return out + '"';
}
