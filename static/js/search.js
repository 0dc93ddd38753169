// Search as you type, for localoffer. Without this script the search form
// still works: it leads to the A to Z of every page. The index is fetched
// from this site only when the reader starts typing; nothing they type is
// sent anywhere.
(function (root) {
  'use strict';

  // tokens splits text into lower-case words of any script: Latin, Arabic
  // and Ge'ez letters all count (\p{L}), as do digits and "£". Arabic
  // vowel marks and the stretching tatweel are dropped and the forms of
  // alef made one, so that "أيضًا" and "ايضا" are the same word.
  function tokens(s) {
    return s.toLowerCase().replace(/[\u064B-\u065F\u0670\u0640]/g, '').replace(/[\u0622\u0623\u0625]/g, '\u0627')
      .split(/[^\p{L}\p{N}£]+/u).filter(function (w) { return w.length > 1; });
  }

  // stem drops common English endings so "grants" finds "grant", and the
  // Arabic article "ال" with the letters that join it ("و", "ب", "ف",
  // "ك"), so "اللجوء" finds "لجوء".
  function stem(w) {
    var ar = /^[\u0648\u0628\u0641\u0643]?\u0627\u0644(.{3,})$/.exec(w) || /^\u0644\u0644(.{3,})$/.exec(w);
    if (ar) return ar[1];
    if (w.length > 4 && /ies$/.test(w)) return w.slice(0, -3) + 'y';
    if (w.length > 3 && /s$/.test(w) && !/ss$/.test(w)) return w.slice(0, -1);
    return w;
  }

  // near reports whether a and b differ by at most max edits.
  function near(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return false;
    var prev = [], cur = [], i, j;
    for (j = 0; j <= b.length; j++) prev[j] = j;
    for (i = 1; i <= a.length; i++) {
      cur = [i];
      var best = i;
      for (j = 1; j <= b.length; j++) {
        cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        if (cur[j] < best) best = cur[j];
      }
      if (best > max) return false;
      prev = cur;
    }
    return prev[b.length] <= max;
  }

  // fieldScore scores one query word against the words of one field.
  function fieldScore(word, fieldWords) {
    var best = 0, s = stem(word), tol = word.length >= 7 ? 2 : word.length >= 4 ? 1 : 0;
    for (var i = 0; i < fieldWords.length; i++) {
      var f = fieldWords[i], fs = stem(f);
      if (f === word || fs === s) return 1;
      if (s.length >= 4 && fs.indexOf(s) === 0) best = Math.max(best, 0.8);
      else if (tol && near(fs, s, tol)) best = Math.max(best, 0.6);
    }
    return best;
  }

  var weights = [0, 10, 3, 5, 1]; // url, title, description, headings, body

  // Words people type around what they want ("how do I get a flat") that
  // do not say which page they want. A page need not contain them, unless
  // the query has nothing else ("what can I get").
  var filler = {};
  ('i im am me my mine a an the to too for of and or in on at is it its be do does did can could ' +
   'get got getting how what whats where when who which why need needs want wanna please pls plz ' +
   'help with about from some any will would should there you your ur u if not have has had ' +
   'so just like really still know dont cant year years old age aged yo yrs turning turn turned ' +
   'nearly almost soon this that are was were')
    .split(' ').forEach(function (w) { filler[w] = true; });

  // Words that say a number near them is the reader's age.
  var ageCue = /^(im|i|am|age|aged|year|years|yr|yrs|yo|old|turning|turn|turned|nearly|almost|at|when)$/;
  var numbers = { sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19, twenty: 20 };
  var units = { one: 1, two: 2, three: 3, four: 4, five: 5 };

  // normalise lower-cases the query, drops apostrophes ("I'm" is "im")
  // and writes ages in words as digits ("twenty one" is "21").
  function normalise(q) {
    return (' ' + q.toLowerCase().replace(/['\u2019`]/g, '') + ' ')
      .replace(/twenty[\s-]+(one|two|three|four|five)\b/g, function (m, u) { return String(20 + units[u]); })
      .replace(/\b(sixteen|seventeen|eighteen|nineteen|twenty)\b/g, function (m, w) { return String(numbers[w]); });
  }

  // age returns the age page for an age typed in the query, and the
  // query's words without the age, or null if no age was typed. A number
  // counts as an age when it is all the query says, or has a word such as
  // "I'm", "aged" or "years" next to it, so "16-19 bursary" is not an age.
  function age(index, words) {
    var ages = index.a || [];
    for (var i = 0; i < words.length; i++) {
      var m = /^(\d\d)(yo|yrs?|years?|yearsold)?$/.exec(words[i]);
      if (!m) continue;
      var n = +m[1], cued = m[2] || words.length === 1 ||
        (i > 0 && ageCue.test(words[i - 1])) || (i + 1 < words.length && ageCue.test(words[i + 1]));
      if (!cued) continue;
      for (var j = 0; j < ages.length; j++) {
        if (n >= ages[j][0] && n <= ages[j][1]) {
          return { page: { url: ages[j][2], title: ages[j][3], description: ages[j][4], score: Infinity },
            rest: words.slice(0, i).concat(words.slice(i + 1)) };
        }
      }
    }
    return null;
  }

  // alternatives returns what one query word or phrase can match: itself
  // first, then the words and phrases its synonyms name, each as a list of
  // words that must all be found in the same field.
  function alternatives(index, phrase) {
    var alts = [[words(phrase)]];
    var syn = index.s[phrase] || index.s[stem(phrase)] || [];
    syn.forEach(function (x) { alts.push([words(x)]); });
    return alts;
  }

  // words returns the words of a phrase that a page must have: not its
  // filler ("learning to drive" needs "learning" and "drive").
  function words(phrase) {
    var all = tokens(phrase), some = all.filter(function (w) { return !filler[w]; });
    return some.length ? some : all;
  }

  // groups splits the query into what a page must match: synonym phrases
  // of several words first ("leaving care grant", "change my PA"), then
  // single words. Filler words are left out, unless the query has nothing
  // else and no age ("what can I get").
  function groups(index, words, hadAge) {
    var content = words.filter(function (w) { return !filler[w]; });
    if (!content.length && !hadAge) content = words;
    var text = ' ' + content.join(' ') + ' ', out = [];
    Object.keys(index.s).map(function (k) {
      return { key: k, words: tokens(k).filter(function (w) { return !filler[w]; }) };
    }).filter(function (k) { return k.words.length > 1; })
      .sort(function (x, y) { return y.words.length - x.words.length || y.key.length - x.key.length; })
      .forEach(function (k) {
        var key = ' ' + k.words.join(' ') + ' ';
        if (text.indexOf(key) >= 0) {
          text = text.replace(key, ' ');
          out.push({ alts: alternatives(index, k.key), soft: false });
        }
      });
    tokens(text).forEach(function (w) { out.push({ alts: alternatives(index, w), soft: /^\d+$/.test(w) }); });
    // Numbers ("16-19 bursary") help a page that has them, but a page
    // need not have them, since pages often write them in words.
    if (out.every(function (g) { return g.soft; })) out.forEach(function (g) { g.soft = false; });
    return out;
  }

  // score returns how well a page matches one group: the words typed, plus
  // half its best synonym, so a page with the reader's own word ("flat")
  // beats pages that only have a synonym ("home"), while a word no page
  // uses ("uni") still finds pages through its synonyms. An alternative of
  // several words counts in a field only as much as its weakest word.
  function score(p, alts) {
    var own = 0, best = 0;
    alts.forEach(function (a, i) {
      var sc = 0;
      for (var k = 1; k < 5; k++) {
        var low = 1;
        for (var t = 0; t < a[0].length && low > 0; t++) {
          // The index keeps no body words under 3 letters, such as "16".
          if (k === 4 && a[0].length > 1 && a[0][t].length < 3) continue;
          low = Math.min(low, fieldScore(a[0][t], p.fields[k]));
        }
        // A word scores in every field it appears in, so a page about
        // the word beats a page that only mentions it.
        sc += (a[0].length ? low : 0) * weights[k];
      }
      if (i === 0) own = sc;
      else if (sc > best) best = sc;
    });
    return own + best / 2;
  }

  // rank returns the pages of index that match query, best first. Pages
  // that match every part of the query come first; if none does, the pages
  // that match the most parts, so a two-word task ("pay rent") still finds
  // the page with the word that matters. Rare words count for more than
  // words on every page. An age in the query puts that age's page first.
  function rank(index, query) {
    var words = tokens(normalise(query));
    if (!words.length) return [];
    var a = age(index, words);
    if (a) words = a.rest;
    var gs = groups(index, words, !!a);
    var out = [];
    if (gs.length) {
      var scored = index.p.map(function (p) {
        if (!p.fields) p.fields = p.map(function (f) { return tokens(f); });
        return gs.map(function (g) { return score(p, g.alts); });
      });
      var rarity = gs.map(function (g, i) {
        var df = scored.filter(function (sc) { return sc[i] > 0; }).length;
        return df ? 1 + Math.log(index.p.length / df) : 0;
      });
      var most = 0;
      scored.forEach(function (sc, n) {
        var matched = sc.filter(function (x, i) { return x > 0 && !gs[i].soft; }).length;
        if (!matched) return;
        most = Math.max(most, matched);
        var total = sc.reduce(function (t, x, i) { return t + x * rarity[i]; }, 0);
        out.push({ url: index.p[n][0], title: index.p[n][1], description: index.p[n][2], score: total, matched: matched });
      });
      // A word that is on no page ("flat pleese") leaves nothing to find,
      // rather than a list of pages that match the rest of the query.
      if (most < gs.length && rarity.some(function (r, i) { return !r && !gs[i].soft; })) most = Infinity;
      out = out.filter(function (r) { return r.matched === most; });
      out.sort(function (x, y) { return y.score - x.score || x.title.localeCompare(y.title); });
    }
    if (a) out = [a.page].concat(out.filter(function (r) { return r.url !== a.page.url; }));
    return out;
  }

  root.localofferSearch = { rank: rank };
  if (typeof document === 'undefined') return;

  var form = document.querySelector('form.site-search');
  if (!form) return;
  var input = form.querySelector('input[type="search"]');
  var status = document.createElement('p');
  status.className = 'search-status';
  status.setAttribute('role', 'status');
  var list = document.createElement('ul');
  list.className = 'search-results';
  list.id = 'search-results';
  list.hidden = true;
  form.after(status, list);
  input.setAttribute('aria-controls', 'search-results');
  // On a translated page data-index is the index of the page's language
  // and data-index-en the English one: the reader's language is searched
  // first, then English, whose results come after and say they are in
  // English. The messages are the page language's, from its strings file.
  var index = null, english = null, loading = null;
  var say = function (name, vars) {
    return (form.getAttribute('data-' + name) || '').replace(/\{(\w+)\}/g, function (m, k) { return k in vars ? vars[k] : m; });
  };
  function fetchJSON(url) { return fetch(url).then(function (r) { return r.json(); }); }

  function load() {
    if (!loading) {
      var en = form.getAttribute('data-index-en');
      loading = Promise.all([fetchJSON(form.getAttribute('data-index')), en ? fetchJSON(en) : null])
        .then(function (j) { index = j[0]; english = j[1]; });
    }
    return loading;
  }

  // The no-result help, written by the template in the page's language:
  // what to try, the three ways to get help now and the A to Z, so a
  // reader whose words we do not know still has a way on.
  var empty = document.getElementById('search-empty');
  var tips = empty && empty.querySelector('.search-empty__tip');

  // results ranks the page language's index, then English on a translated
  // page, leaving out English pages whose translation is already listed.
  function results(q) {
    var own = rank(index, q);
    if (!english) return own;
    var seen = {};
    own.forEach(function (r) { seen[r.url] = true; });
    var more = rank(english, q).filter(function (r) { return !seen[r.url]; });
    more.forEach(function (r) { r.english = true; });
    return own.concat(more);
  }

  function show() {
    var q = input.value.trim();
    list.textContent = '';
    if (empty) empty.hidden = true;
    if (!q) { list.hidden = true; status.textContent = ''; return; }
    var found = results(q).slice(0, 8);
    found.forEach(function (r) {
      var li = document.createElement('li'), a = document.createElement('a'), p = document.createElement('p');
      a.href = r.url;
      a.textContent = r.title;
      p.textContent = r.description;
      if (r.english) {
        // The title and description are English; the note is in the
        // page's language.
        var t = document.createElement('span');
        t.lang = 'en';
        t.textContent = r.title;
        a.textContent = '';
        a.append(t, ' ' + (form.getAttribute('data-in-english') || ''));
        a.hreflang = 'en';
        p.lang = 'en';
      }
      li.append(a, p);
      list.append(li);
    });
    list.hidden = found.length === 0;
    if (empty) empty.hidden = found.length > 0;
    if (!found.length && tips) tips.textContent = say(tokens(q).length > 1 ? 'tip-words' : 'tip-word', {});
    status.textContent = found.length ? say(found.length === 1 ? 'result' : 'results', { count: found.length, query: q }) : say('none', { query: q });
  }

  input.addEventListener('input', function () { load().then(show); });
  input.addEventListener('keydown', function (e) {
    if (e.key === 'ArrowDown' && list.firstChild) { e.preventDefault(); list.querySelector('a').focus(); }
    if (e.key === 'Escape') { input.value = ''; show(); }
  });
  list.addEventListener('keydown', function (e) {
    var links = Array.prototype.slice.call(list.querySelectorAll('a')), i = links.indexOf(document.activeElement);
    if (e.key === 'ArrowDown' && i < links.length - 1) { e.preventDefault(); links[i + 1].focus(); }
    if (e.key === 'ArrowUp') { e.preventDefault(); (i > 0 ? links[i - 1] : input).focus(); }
  });
})(typeof window !== 'undefined' ? window : globalThis);
