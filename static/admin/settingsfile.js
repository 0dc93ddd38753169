// The file formats of site.toml and content/_offer.toml for Sveltia CMS.
//
// These files are written by people, with comments that explain each
// setting, and the editor's form shows only part of them (contact details,
// the finder's words). Sveltia's own TOML format would write the whole
// file anew from the form: every comment, and every setting the form does
// not show, would be lost. So these formats change the file line by line
// instead: a value the editor did not change keeps its line exactly, a
// changed value gets a new line in our usual style, a new service or
// situation is added after the last one, and nothing else moves.
//
// The file as it was read travels with the form in a hidden field
// (original_file; see generator/editor), so that saving needs nothing but
// the form's values. The lists the form edits are matched with the file's
// tables by position (services) or by name (statuses, situations, areas).
//
// It runs in the browser (admin/editor.js registers it) and in Node (the
// tests edit the real files through it). Like frontmatter.js, it depends
// only on smol-toml, the TOML library Sveltia itself uses.
import { parse } from './smol-toml/index.js';
import { value, isEmpty } from './frontmatter.js';

// The hidden field with the file as it was read: generator/editor's
// OriginalField.
export const originalField = 'original_file';

// Keys whose value may be { unconfirmed = true, note = "…" } instead of
// text. The form shows them as { value, unconfirmed, note }, as it does a
// page's amount. generator/editor's tests keep this list the same as the
// Fact fields of site.toml's parser.
export const factKeys = new Set(['phone', 'email', 'address', 'hours', 'out_of_hours']);

// site.toml: [contact] is one table, [[services]] a list of tables.
export const siteFormat = format([
  { key: 'contact', kind: 'table' },
  { key: 'services', kind: 'array' },
]);

// content/_offer.toml: [statuses.NAME], [situations.NAME] and
// [areas.NAME] tables, which the form shows as lists with the name as
// their first field.
export const vocabularyFormat = format([
  { key: 'statuses', kind: 'map' },
  { key: 'situations', kind: 'map' },
  { key: 'areas', kind: 'map' },
]);

function format(spec) {
  return {
    fromFile(text) {
      text = text.replace(/\r\n?/g, '\n');
      const data = parse(text);
      const form = { [originalField]: text };
      for (const { key, kind } of spec) {
        const v = data[key];
        if (v === undefined) continue;
        if (kind === 'table') form[key] = factsToForm(v);
        else if (kind === 'array') form[key] = v.map(factsToForm);
        else form[key] = Object.entries(v).map(([name, t]) => ({ name, ...t }));
      }
      return form;
    },
    toFile(form) {
      const text = form[originalField];
      if (typeof text !== 'string') throw new Error(`the form has lost ${originalField}; reload the editor and make the change again`);
      const doc = new Doc(text);
      const old = parse(text);
      for (const { key, kind } of spec) {
        if (kind === 'table') {
          doc.patchTable(key, old[key] ?? {}, factsFromForm(form[key] ?? {}));
        } else if (kind === 'array') {
          const items = (form[key] ?? []).map(factsFromForm);
          doc.patchList(key, (old[key] ?? []).map((v, i) => [String(i), v]), items.map((v, i) => [String(i), v]), (i) => `[[${key}]]`);
        } else {
          const entries = (form[key] ?? []).map(({ name, ...t }) => [name, t]);
          doc.patchList(key, Object.entries(old[key] ?? {}), entries, (name) => `[${key}.${name}]`);
        }
      }
      const out = doc.text();
      parse(out); // never save a file the site cannot read
      return out;
    },
  };
}

function factsToForm(table) {
  const out = {};
  for (const [k, v] of Object.entries(table)) {
    if (!factKeys.has(k)) out[k] = v;
    else if (typeof v === 'string') out[k] = { value: v };
    else out[k] = { ...v };
  }
  return out;
}

function factsFromForm(table) {
  const out = {};
  for (const [k, v] of Object.entries(table ?? {})) {
    if (!factKeys.has(k) || !v || typeof v !== 'object') {
      out[k] = v;
      continue;
    }
    if (v.unconfirmed) {
      const { value: _typed, unconfirmed: _on, ...rest } = v;
      out[k] = { unconfirmed: true, ...rest };
    } else if (typeof v.value === 'string' && v.value.trim() !== '') {
      out[k] = v.value;
    }
  }
  return out;
}

// Doc is a TOML file as lines, knowing where each table and key is, with
// the changes to make to it.
class Doc {
  constructor(text) {
    this.lines = text.replace(/\n$/, '').split('\n');
    this.replace = new Map(); // line → new lines (none deletes it)
    this.after = new Map(); // line → lines to add after it
    this.tables = new Map(); // "contact", "services.0", "statuses.eligible" → table
    const root = { header: -1, keys: new Map(), last: -1 };
    this.tables.set('', root);
    let cur = root;
    const counts = {};
    for (let i = 0; i < this.lines.length; i++) {
      const l = this.lines[i].trim();
      if (l === '' || l.startsWith('#')) continue;
      let m = /^\[\[\s*([A-Za-z0-9_.-]+)\s*\]\]\s*(#.*)?$/.exec(l);
      if (m) {
        const n = counts[m[1]] ?? 0;
        counts[m[1]] = n + 1;
        cur = { header: i, keys: new Map(), last: i };
        this.tables.set(`${m[1]}.${n}`, cur);
        continue;
      }
      m = /^\[\s*([A-Za-z0-9_.-]+)\s*\]\s*(#.*)?$/.exec(l);
      if (m) {
        cur = { header: i, keys: new Map(), last: i };
        this.tables.set(m[1], cur);
        continue;
      }
      m = /^([A-Za-z0-9_-]+)\s*=/.exec(l);
      if (!m) throw new Error(`line ${i + 1} is not a setting this editor can change; edit the file itself`);
      // A value may go on over several lines: it ends at the first line
      // where the lines so far read as TOML.
      let end = i;
      for (;;) {
        try {
          parse(this.lines.slice(i, end + 1).join('\n'));
          break;
        } catch {
          if (++end >= this.lines.length) throw new Error(`line ${i + 1}: the value does not end`);
        }
      }
      cur.keys.set(m[1], { start: i, end });
      cur.last = end;
      i = end;
    }
  }

  // patchTable changes the keys of the table at path from old to now.
  // Keys the form does not have are left alone; so is their order.
  patchTable(path, old, now) {
    const t = this.tables.get(path);
    if (!t) {
      const lines = keyLines(now);
      if (lines.length) this.append(this.lines.length - 1, ['', `[${path}]`, ...lines]);
      return;
    }
    const added = [];
    for (const [k, v] of Object.entries(now)) {
      if (same(old[k], v)) continue;
      const at = t.keys.get(k);
      const line = isEmpty(v) ? [] : [`${k} = ${value(v)}`];
      if (at) {
        this.replace.set(at.start, line);
        for (let i = at.start + 1; i <= at.end; i++) this.replace.set(i, []);
      } else {
        added.push(...line);
      }
    }
    // A key the form left out entirely was emptied by the editor.
    for (const k of Object.keys(old)) {
      const at = t.keys.get(k);
      if (!(k in now) && at && isFormKey(k)) {
        for (let i = at.start; i <= at.end; i++) this.replace.set(i, []);
      }
    }
    if (added.length) this.append(t.last, added);
  }

  // patchList changes a list of tables (services by position, finder words
  // by name): tables in both are patched, new ones are added after the
  // last table of the list, and removed ones are deleted.
  patchList(key, oldEntries, newEntries, header) {
    const old = new Map(oldEntries);
    const now = new Map(newEntries);
    let last = -1;
    for (const [name] of oldEntries) {
      const t = this.tables.get(`${key}.${name}`);
      if (t) last = Math.max(last, t.last);
    }
    for (const [name, v] of oldEntries) {
      const t = this.tables.get(`${key}.${name}`);
      if (!t) continue;
      if (now.has(name)) {
        this.patchTable(`${key}.${name}`, v, now.get(name));
        continue;
      }
      // Delete the table, with the blank line before it.
      const from = t.header > 0 && this.lines[t.header - 1].trim() === '' ? t.header - 1 : t.header;
      for (let i = from; i <= t.last; i++) this.replace.set(i, []);
    }
    const added = [];
    for (const [name, v] of newEntries) {
      if (!old.has(name)) added.push('', header(name), ...keyLines(v));
    }
    if (added.length) this.append(last >= 0 ? last : this.lines.length - 1, added);
  }

  append(line, lines) {
    this.after.set(line, [...(this.after.get(line) ?? []), ...lines]);
  }

  text() {
    const out = [];
    this.after.get(-1)?.forEach((l) => out.push(l));
    this.lines.forEach((l, i) => {
      out.push(...(this.replace.has(i) ? this.replace.get(i) : [l]));
      out.push(...(this.after.get(i) ?? []));
    });
    return out.join('\n') + '\n';
  }
}

// Keys the forms hold; a key the form never shows (a setting added to the
// file by hand) is never deleted for being absent from the form.
function isFormKey(k) {
  return factKeys.has(k) || ['name', 'about', 'label', 'explain'].includes(k);
}

function keyLines(obj) {
  return Object.entries(obj).filter(([, v]) => !isEmpty(v)).map(([k, v]) => `${k} = ${value(v)}`);
}

function same(a, b) {
  if (isEmpty(a) && isEmpty(b)) return true;
  return JSON.stringify(a) === JSON.stringify(b);
}
