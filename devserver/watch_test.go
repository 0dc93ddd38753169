package devserver

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"localoffer/internal/testutil"
)

func TestServeEditsAndErrors(t *testing.T) {
	s, src := start(t)
	page := filepath.Join(src, "content", "money", "council-tax.md")
	code, body, hdr := get(t, s.URL+"money/council-tax/")
	if code != 200 || !strings.Contains(body, "/_localoffer/reload.js") || hdr.Get("X-Test") != "yes" {
		t.Fatalf("first get: %d %q %v", code, body[:min(len(body), 200)], hdr)
	}
	// An atomic save: write a temporary file and rename it over the page.
	orig, _ := os.ReadFile(page)
	tmp := page + ".tmp"
	_ = os.WriteFile(tmp, []byte(strings.Replace(string(orig), "You.", "You, edited.", 1)), 0o644)
	_ = os.Rename(tmp, page)
	testutil.Eventually(t, "edited text", func() bool { _, b, _ := get(t, s.URL+"money/council-tax/"); return strings.Contains(b, "You, edited.") })

	// A broken page shows the errors over every page; the old site stays.
	_ = os.WriteFile(page, []byte("+++\ntitle = \"x\"\n"), 0o644)
	testutil.Eventually(t, "overlay", func() bool {
		_, b, _ := get(t, s.URL+"money/")
		return strings.Contains(b, "localoffer-overlay") && strings.Contains(b, "content/money/council-tax.md:1: the front matter is not closed")
	})
	_ = os.WriteFile(page, orig, 0o644)
	testutil.Eventually(t, "overlay gone", func() bool { _, b, _ := get(t, s.URL+"money/"); return !strings.Contains(b, "localoffer-overlay") })

	// A new page in a new folder.
	dir := filepath.Join(src, "content", "extra")
	_ = os.MkdirAll(dir, 0o755)
	_ = os.WriteFile(filepath.Join(dir, "_index.md"), []byte("+++\ntitle = \"Extra\"\ndescription = \"x.\"\nreviewed = 2026-01-01\n+++\n"), 0o644)
	_ = os.WriteFile(filepath.Join(dir, "new.md"), []byte("+++\ntitle = \"Brand new\"\ndescription = \"x.\"\nreviewed = 2026-01-01\n+++\nNew text.\n"), 0o644)
	testutil.Eventually(t, "new page", func() bool {
		c, b, _ := get(t, s.URL+"extra/new/")
		return c == 200 && strings.Contains(b, "New text.")
	})

	// A deleted page is gone.
	_ = os.Remove(filepath.Join(dir, "new.md"))
	testutil.Eventually(t, "404", func() bool { c, _, _ := get(t, s.URL+"extra/new/"); return c == 404 })
}

func TestServeVimSaveAndBurst(t *testing.T) {
	s, src, log := startLogged(t)
	page := filepath.Join(src, "content", "money", "council-tax.md")
	orig, _ := os.ReadFile(page)
	// vim: rename the original to a backup, write the new file, delete the backup.
	backup := page + "~"
	_ = os.Rename(page, backup)
	_ = os.WriteFile(page, []byte(strings.Replace(string(orig), "You.", "You, from vim.", 1)), 0o644)
	_ = os.Remove(backup)
	testutil.Eventually(t, "vim save", func() bool {
		_, b, _ := get(t, s.URL+"money/council-tax/")
		return strings.Contains(b, "You, from vim.")
	})
	// 50 saves in a burst: the last one wins, after one rebuild (two if
	// the machine stalls for a whole batch window mid-burst). The vim
	// save's three events may have come in two batches, so first wait
	// until no rebuild has started for a while: a late rebuild of the vim
	// save must not count as one of the burst's.
	before := settledRebuilds(log)
	for i := 0; i < 50; i++ {
		_ = os.WriteFile(page, []byte(strings.Replace(string(orig), "You.", fmt.Sprintf("You, save %d.", i), 1)), 0o644)
	}
	testutil.Eventually(t, "last save", func() bool {
		_, b, _ := get(t, s.URL+"money/council-tax/")
		return strings.Contains(b, "You, save 49.")
	})
	time.Sleep(3 * batchDelay)
	if n := strings.Count(log.String(), "rebuilt ") - before; n > 2 {
		t.Errorf("50 saves in a burst caused %d rebuilds; want 1", n)
	}

	// Files in the site folder that the build does not read cause no
	// rebuild: notes, or public/ written by a build.
	before = settledRebuilds(log)
	_ = os.WriteFile(filepath.Join(src, "NOTES.md"), []byte("x"), 0o644)
	_ = os.MkdirAll(filepath.Join(src, "public"), 0o755)
	time.Sleep(5 * batchDelay)
	if n := strings.Count(log.String(), "rebuilt ") - before; n != 0 {
		t.Errorf("changes outside content/, templates/, static/ and the settings caused %d rebuilds", n)
	}
}

// settledRebuilds waits until the server has logged no new rebuild for
// half a second (longer than a rebuild of the test site takes under the
// race detector on a busy machine), then returns how many it has logged.
func settledRebuilds(log fmt.Stringer) int {
	n := strings.Count(log.String(), "rebuilt ")
	for {
		time.Sleep(500 * time.Millisecond)
		m := strings.Count(log.String(), "rebuilt ")
		if m == n {
			return n
		}
		n = m
	}
}

// TestServeReloadsAfterTheRebuild checks that the reload event comes only
// once the new page is served, so a browser never reloads into the old one.
//
// Each edit waits until the server has finished with the one before: a
// save is shown by a patch and a reload, then checked by a full rebuild,
// and an edit written while that rebuild runs may be read by it half
// written (os.WriteFile truncates first), which rightly reloads open
// pages with the error shown; that reload would be taken for the next
// edit's.
func TestServeReloadsAfterTheRebuild(t *testing.T) {
	s, src, log := startLogged(t)
	evs := events(t, s)
	page := filepath.Join(src, "content", "money", "council-tax.md")
	orig, _ := os.ReadFile(page)
	for i := range 5 {
		settledRebuilds(log)
		text := fmt.Sprintf("You, edit %d.", i)
		_ = os.WriteFile(page, []byte(strings.Replace(string(orig), "You.", text, 1)), 0o644)
		if ev := next(t, evs); ev != "reload" {
			t.Fatalf("event %q after a page edit; want reload", ev)
		}
		if _, b, _ := get(t, s.URL+"money/council-tax/"); !strings.Contains(b, text) {
			t.Fatalf("reload sent before the edit %d was served", i)
		}
	}
}

// TestServeTemplateChange checks that editing a template re-renders every
// page that uses it, and that a template error shows in the overlay with
// the template's file and line.
func TestServeTemplateChange(t *testing.T) {
	s, src := start(t)
	evs := events(t, s)
	tmpl := filepath.Join(src, "templates", "page.html")
	orig, _ := os.ReadFile(tmpl)
	changed := strings.Replace(string(orig), `<div class="body">`, `<p class="template-mark">Template changed</p><div class="body">`, 1)
	if changed == string(orig) {
		t.Fatal("page.html has no body div to mark")
	}
	_ = os.WriteFile(tmpl, []byte(changed), 0o644)
	if ev := next(t, evs); ev != "reload" {
		t.Fatalf("event %q after a template edit; want reload", ev)
	}
	for _, p := range []string{"money/council-tax/", "money/grants/", "privacy/"} {
		if _, b, _ := get(t, s.URL+p); !strings.Contains(b, "Template changed") {
			t.Errorf("%s was not rendered again with the changed template", p)
		}
	}
	if _, b, _ := get(t, s.URL+"money/"); strings.Contains(b, "Template changed") {
		t.Errorf("the section page uses section.html, yet shows page.html's change")
	}

	_ = os.WriteFile(tmpl, []byte(changed+"\n{{if}}\n"), 0o644)
	next(t, evs)
	_, b, _ := get(t, s.URL+"money/")
	if !strings.Contains(b, "localoffer-overlay") || !strings.Contains(b, "templates/page.html:") {
		t.Errorf("a template error did not show in the overlay with its file and line: %.600s", b[max(0, strings.Index(b, "localoffer-overlay")-20):])
	}
	_ = os.WriteFile(tmpl, orig, 0o644)
	next(t, evs)
	if _, b, _ := get(t, s.URL+"money/council-tax/"); strings.Contains(b, "localoffer-overlay") || strings.Contains(b, "Template changed") {
		t.Errorf("after the template was put back the page still shows the change or the overlay")
	}
}

// TestServePatchesTextEdits checks the fast path for an edit of a page's
// text: the page is shown at once (Result.Patch) with one reload, and the
// build of the whole site that follows sends no second one when it shows
// the pages alike. An edit other pages show (a title) takes a full build.
func TestServePatchesTextEdits(t *testing.T) {
	s, src, log := startLogged(t)
	evs := events(t, s)
	page := filepath.Join(src, "content", "money", "council-tax.md")
	orig, _ := os.ReadFile(page)
	_ = os.WriteFile(page, []byte(strings.Replace(string(orig), "You.", "You, patched.", 1)), 0o644)
	if ev := next(t, evs); ev != "reload" {
		t.Fatalf("event %q after a text edit; want reload", ev)
	}
	if _, b, _ := get(t, s.URL+"money/council-tax/"); !strings.Contains(b, "You, patched.") {
		t.Fatal("reload sent before the edit was served")
	}
	settledRebuilds(log)
	if !strings.Contains(log.String(), "showed 1 edited page in ") {
		t.Errorf("a text edit was not shown by a patch; log:\n%s", log)
	}
	select {
	case ev := <-evs:
		t.Errorf("event %q after the build that followed the patch; want none", ev)
	case <-time.After(100 * time.Millisecond):
	}

	patches := strings.Count(log.String(), "showed ")
	_ = os.WriteFile(page, []byte(strings.Replace(string(orig), `title = "Council tax"`, `title = "Council tax help"`, 1)), 0o644)
	if ev := next(t, evs); ev != "reload" {
		t.Fatalf("event %q after a title edit; want reload", ev)
	}
	if _, b, _ := get(t, s.URL+"money/"); !strings.Contains(b, "Council tax help") {
		t.Error("the section page does not list the page's new title")
	}
	settledRebuilds(log)
	if n := strings.Count(log.String(), "showed ") - patches; n != 0 {
		t.Errorf("a title edit was patched (%d); other pages show titles", n)
	}
}

// TestServeBuildAfterPatchCatchesMissedChanges writes a template through a
// hard link in another folder, which file events do not report, then
// edits a page's text: the patch shows the edit with the old template,
// and the build that follows finds the template changed and reloads the
// page again.
func TestServeBuildAfterPatchCatchesMissedChanges(t *testing.T) {
	s, src, log := startLogged(t)
	tmpl := filepath.Join(src, "templates", "page.html")
	link := filepath.Join(t.TempDir(), "page.html")
	if err := os.Link(tmpl, link); err != nil {
		t.Skipf("cannot make a hard link: %v", err)
	}
	settledRebuilds(log)
	evs := events(t, s)
	orig, _ := os.ReadFile(tmpl)
	f, err := os.OpenFile(link, os.O_WRONLY|os.O_TRUNC, 0)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = f.Write([]byte(strings.Replace(string(orig), `<div class="body">`, `<p class="template-mark">Template changed</p><div class="body">`, 1)))
	_ = f.Close()
	select {
	case ev := <-evs:
		t.Skipf("this system reports writes through other hard links (%q): nothing was missed", ev)
	case <-time.After(5 * batchDelay):
	}
	page := filepath.Join(src, "content", "money", "council-tax.md")
	text, _ := os.ReadFile(page)
	_ = os.WriteFile(page, []byte(strings.Replace(string(text), "You.", "You, patched.", 1)), 0o644)
	next(t, evs)
	if ev := next(t, evs); ev != "reload" {
		t.Fatalf("second event %q; want reload after the build found the template changed", ev)
	}
	if _, b, _ := get(t, s.URL+"money/council-tax/"); !strings.Contains(b, "You, patched.") || !strings.Contains(b, "Template changed") {
		t.Error("after the build the page does not show both the edit and the template change")
	}
}
