// Starts Sveltia CMS with our front matter format (frontmatter.js), which
// the collections in config.yml name as format: localoffer-frontmatter (the
// suffix tells Sveltia the files are Markdown with front matter, so .md
// files are accepted).
import { fromFile, toFile } from './frontmatter.js';
import { siteFormat, vocabularyFormat } from './settingsfile.js';

// Sveltia adds <meta name="viewport" content="…, maximum-scale=1, …">,
// which stops people zooming on some phones (WCAG 1.4.4). Take that part
// out whenever it appears.
function allowZoom() {
  for (const m of document.querySelectorAll('meta[name="viewport"]')) {
    const content = m.getAttribute('content') ?? '';
    const fixed = content.split(',').map((s) => s.trim()).filter((s) => !/^(maximum-scale|user-scalable)\s*=/.test(s)).join(', ');
    if (fixed !== content) m.setAttribute('content', fixed);
  }
}
new MutationObserver(allowZoom).observe(document.head, { childList: true, subtree: true, attributes: true, attributeFilter: ['content'] });

window.CMS.registerCustomFormat('localoffer-frontmatter', 'md', { fromFile, toFile });
// site.toml's contact details and _offer.toml's words, changed line by
// line (settingsfile.js); generator/editor names these formats.
window.CMS.registerCustomFormat('localoffer-site', 'toml', siteFormat);
window.CMS.registerCustomFormat('localoffer-vocabulary', 'toml', vocabularyFormat);

// The preview pane uses the site's own stylesheet, so a PA sees the page as
// readers will. Its name has a content hash, so it is read from the home
// page rather than written here.
try {
  const home = await fetch('../', { credentials: 'same-origin' }).then((r) => r.text());
  const css = new DOMParser().parseFromString(home, 'text/html').querySelector('link[rel="stylesheet"]');
  if (css) window.CMS.registerPreviewStyle(new URL(css.getAttribute('href'), new URL('../', location.href)).href);
} catch {
  // No preview style is better than no editor.
}
window.CMS.init();
