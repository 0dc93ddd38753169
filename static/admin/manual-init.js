// Runs before sveltia-cms.js: Sveltia would start as soon as it loads, but
// editor.js must first register our front matter format.
window.CMS_MANUAL_INIT = true;
