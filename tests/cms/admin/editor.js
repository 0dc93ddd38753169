// Starts Sveltia CMS with our front matter format (frontmatter.js), which
// the collections in config.yml name as format: localoffer-frontmatter (the suffix tells Sveltia the
// files are Markdown with front matter, so .md files are accepted).
import { fromFile, toFile } from './frontmatter.js';

window.CMS.registerCustomFormat('localoffer-frontmatter', 'md', { fromFile, toFile });
window.CMS.init();
