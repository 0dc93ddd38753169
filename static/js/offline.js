// Registers the service worker (made by generator/offline), so that pages
// a reader has opened open again with no signal. On the offline page it
// also lists the saved pages. Without JavaScript the site works as before,
// only not offline.
(function () {
  'use strict';
  var me = document.currentScript, sw = me && me.getAttribute('data-sw');
  if (!sw || !('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register(sw).catch(function () {});

  var list = document.getElementById('offline-pages');
  if (!list || !window.caches) return;
  var here = location.pathname;
  caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k.indexOf('localoffer-') === 0; }).map(function (k) {
      return caches.open(k).then(function (c) { return c.keys().then(function (reqs) { return { c: c, reqs: reqs }; }); });
    }));
  }).then(function (all) {
    var seen = {}, jobs = [];
    all.forEach(function (one) {
      one.reqs.forEach(function (r) {
        var p = new URL(r.url).pathname;
        // Pages end in "/"; the offline page itself is not worth listing.
        if (!/\/$/.test(p) || /\/offline\/$/.test(p) || p === here || seen[p]) return;
        seen[p] = true;
        jobs.push(one.c.match(r).then(function (res) { return res.text(); }).then(function (html) {
          var t = /<title>([^<]*)<\/title>/.exec(html);
          return { path: p, title: t ? t[1].replace(/ – .*$/, '').replace(/&amp;/g, '&').replace(/&#39;/g, "'") : p };
        }));
      });
    });
    return Promise.all(jobs);
  }).then(function (pages) {
    if (!pages.length) return;
    pages.sort(function (a, b) { return a.title.localeCompare(b.title); });
    while (list.firstChild) list.removeChild(list.firstChild);
    pages.forEach(function (pg) {
      var li = document.createElement('li'), a = document.createElement('a');
      a.href = pg.path;
      a.textContent = pg.title;
      li.appendChild(a);
      list.appendChild(li);
    });
  }).catch(function () {});
})();
