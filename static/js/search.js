// Search as you type, for localoffer. Without this script the search form
// still works: it leads to the A to Z of every page. The index is fetched
// from this site only when the reader starts typing; nothing they type is
// sent anywhere.
(function (root) {
  'use strict';

  function tokens(s) {
    return s.toLowerCase().split(/[^a-z0-9£]+/).filter(function (w) { return w.length > 1; });
  }

  // stem drops common English endings so "grants" finds "grant".
  function stem(w) {
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

  // rank returns the pages of index that match query, best first.
  function rank(index, query) {
    var words = tokens(query);
    if (!words.length) return [];
    var groups = words.map(function (w) {
      var alts = [[w, 1]];
      var syn = index.s[w] || index.s[stem(w)] || [];
      syn.forEach(function (x) { tokens(x).forEach(function (t) { alts.push([t, 0.9]); }); });
      return alts;
    });
    var out = [];
    index.p.forEach(function (p) {
      if (!p.fields) p.fields = p.map(function (f) { return tokens(f); });
      var total = 0, matched = 0;
      groups.forEach(function (alts) {
        var best = 0;
        // A word scores in every field it appears in, so a page about
        // the word beats a page that only mentions it.
        alts.forEach(function (a) {
          var sc = 0;
          for (var k = 1; k < 5; k++) sc += fieldScore(a[0], p.fields[k]) * weights[k] * a[1];
          if (sc > best) best = sc;
        });
        if (best > 0) matched++;
        total += best;
      });
      if (matched === groups.length) out.push({ url: p[0], title: p[1], description: p[2], score: total });
    });
    out.sort(function (a, b) { return b.score - a.score || a.title.localeCompare(b.title); });
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
  var index = null, loading = null;

  function load() {
    if (!loading) {
      loading = fetch(form.getAttribute('data-index')).then(function (r) { return r.json(); }).then(function (j) { index = j; });
    }
    return loading;
  }

  function show() {
    var q = input.value.trim();
    list.textContent = '';
    if (!q) { list.hidden = true; status.textContent = ''; return; }
    var results = rank(index, q).slice(0, 8);
    results.forEach(function (r) {
      var li = document.createElement('li'), a = document.createElement('a'), p = document.createElement('p');
      a.href = r.url;
      a.textContent = r.title;
      p.textContent = r.description;
      li.append(a, p);
      list.append(li);
    });
    list.hidden = results.length === 0;
    status.textContent = results.length ? results.length + (results.length === 1 ? ' result' : ' results') + ' for ' + q : 'No results for ' + q + '. Press Enter for the A to Z.';
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
