// The service worker of a localoffer site, made by generator/offline: the
// build fills in VERSION (the build's content hash), BASE and PRECACHE.
// Pages come from the network when there is one, and are kept so that they
// open again with no signal; a page never opened shows the offline page.
// Nothing under /admin/ is kept.
'use strict';
var BASE = '{{BASE}}', CACHE = 'localoffer-{{VERSION}}', PRECACHE = {{PRECACHE}}, OFFLINE = BASE + '/offline/';

function mine(url) {
  return url.origin === location.origin && url.pathname.indexOf(BASE + '/') === 0 && url.pathname.indexOf(BASE + '/admin/') !== 0;
}

self.addEventListener('install', function (e) {
  e.waitUntil(caches.open(CACHE).then(function (c) { return c.addAll(PRECACHE); }).then(function () { return self.skipWaiting(); }));
});

// A new build's worker fetches new copies of the pages the reader kept
// and of the page they are on (it loaded before there was a worker), then
// deletes the old build's cache and takes over.
self.addEventListener('activate', function (e) {
  var old;
  e.waitUntil(caches.keys().then(function (keys) {
    old = keys.filter(function (k) { return k !== CACHE && k.indexOf('localoffer-') === 0; });
    return Promise.all(old.map(function (k) { return caches.open(k).then(function (c) { return c.keys(); }); }));
  }).then(function (lists) {
    var urls = [].concat.apply([], lists).map(function (r) { return r.url; });
    return self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then(function (list) {
      return urls.concat(list.map(function (c) { return c.url; }));
    });
  }).then(function (urls) {
    var want = {};
    urls.map(function (u) { return new URL(u); }).forEach(function (u) {
      if (mine(u) && /\/$/.test(u.pathname) && PRECACHE.indexOf(u.pathname) < 0) want[u.pathname] = 1;
    });
    return caches.open(CACHE).then(function (c) {
      return Promise.all(Object.keys(want).map(function (u) { return c.add(u).catch(function () {}); }));
    });
  }).then(function () {
    return Promise.all(old.map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener('fetch', function (e) {
  var req = e.request, url = new URL(req.url);
  if (req.method !== 'GET' || !mine(url)) return;
  if (req.mode === 'navigate') {
    e.respondWith(fetch(req).then(function (res) {
      if (res.ok && !res.redirected) {
        var copy = res.clone();
        caches.open(CACHE).then(function (c) { return c.put(url.pathname, copy); });
      }
      return res;
    }).catch(function () {
      return caches.match(url.pathname, { cacheName: CACHE }).then(function (hit) { return hit || caches.match(OFFLINE, { cacheName: CACHE }); });
    }));
    return;
  }
  // Stylesheets and scripts have content hashes in their names, and the
  // search index belongs to this build, so the kept copy is always right.
  e.respondWith(caches.match(req, { cacheName: CACHE }).then(function (hit) { return hit || fetch(req); }));
});
