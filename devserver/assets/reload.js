// Live reload for localoffer's preview server. Served from its own path
// because the site's Content-Security-Policy forbids inline scripts; never
// part of a build.
(function () {
  // The build this page was made from, from this script's own address.
  var script = document.currentScript;
  var build = script ? new URL(script.src).searchParams.get('build') : null;
  var events = new EventSource('/_localoffer/events');
  // Sent on every (re)connection: a page from an older build reloads, so a
  // restart of the server or a rebuild missed while away never leaves it
  // out of date.
  events.addEventListener('hello', function (e) {
    if (build && e.data !== build) location.reload();
  });
  events.addEventListener('reload', function () { location.reload(); });
  // Only stylesheets changed: swap their (fingerprinted) addresses without
  // reloading, so the reader keeps their place on the page.
  events.addEventListener('css', function (e) {
    build = e.data;
    fetch(location.href, { cache: 'no-store' }).then(function (r) { return r.text(); }).then(function (html) {
      var fresh = new DOMParser().parseFromString(html, 'text/html').querySelectorAll('link[rel="stylesheet"]');
      var old = document.querySelectorAll('link[rel="stylesheet"]');
      for (var i = 0; i < old.length && i < fresh.length; i++) {
        old[i].setAttribute('href', fresh[i].getAttribute('href'));
      }
    });
  });
})();
