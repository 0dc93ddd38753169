// Starts Sveltia CMS with our front matter format (frontmatter.js), which
// the collections in config.yml name as format: localoffer-frontmatter (the
// suffix tells Sveltia the files are Markdown with front matter, so .md
// files are accepted).
import { fromFile, toFile } from './frontmatter.js';

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
window.CMS.init();
