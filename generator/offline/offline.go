// Package offline makes what lets a localoffer site open with no signal:
// a service worker, a web app manifest with icons drawn at build time, and
// the offline page shown for a page the reader never opened.
//
// Care leavers are often on pay-as-you-go data or none, so the worker
// keeps every page a reader opens, and on the first visit also "Get help
// now", "Your offer at a glance", the stylesheet, the scripts and the
// search index. The cache is named after the build's content hash, so a
// new build replaces it.
package offline

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"path"
	"strings"

	"localoffer/generator/content"
	"localoffer/generator/site"
	"localoffer/generator/words"
)

// Addresses of the files this package makes, under the site's base path.
const (
	PageURL  = "/offline/"
	Worker   = "sw.js"
	Manifest = "manifest.webmanifest"
)

// Always is the pages every reader's phone keeps from the first visit, when
// the site has them: the home page, help in an emergency and the printable
// whole offer.
var Always = []string{"/", "/get-help-now/", "/your-offer-at-a-glance/"}

// helpURL is the page whose text (its phone numbers) the offline page repeats.
const helpURL = "/get-help-now/"

//go:embed sw.js
var workerSource string

// Page is a site.Generator: the offline page, which repeats the text of
// "Get help now" so that its phone numbers are there with no signal. It
// copies that page's body, so the render cache sees the offline page
// change when "Get help now" does.
func Page(s *site.Site) []*site.Page {
	w := s.Words[words.Default]
	p := &site.Page{
		Path: "offline", File: "templates/offline.html", URL: PageURL, Kind: site.Generated, Unlisted: true,
		FrontMatter: content.FrontMatter{Layout: "offline", Title: w.Get("offline.title"), Description: w.Get("offline.description")},
	}
	for _, q := range s.Pages {
		if q.URL == helpURL {
			p.Body, p.Headings = q.Body, q.Headings
		}
	}
	return []*site.Page{p}
}

// File is one file to publish.
type File struct {
	Name string
	Data []byte
}

// Input is what Files needs from the build.
type Input struct {
	BasePath   string   // "" or "/sub", as the site is served
	Version    string   // the build's content hash, hex
	Pages      []string // every page's address, to precache only pages that exist
	Assets     []string // published names of the stylesheets and scripts, such as "css/site.3f2a1c9e.css"
	Extra      []string // other files to keep from the first visit, such as "search-index.json"
	Name       string   // the site's name
	ShortName  string   // for the home screen
	Language   string
	ThemeColor string // the header's colour, "#rrggbb"
}

// Files returns the service worker, the manifest and its icons.
func Files(in Input) ([]File, error) {
	exists := map[string]bool{}
	for _, p := range in.Pages {
		exists[p] = true
	}
	var pre []string
	for _, u := range append(append([]string{}, Always...), PageURL) {
		if exists[u] {
			pre = append(pre, in.BasePath+u)
		}
	}
	for _, a := range append(append([]string{}, in.Assets...), in.Extra...) {
		pre = append(pre, in.BasePath+"/"+a)
	}
	list, err := json.Marshal(pre)
	if err != nil {
		return nil, err
	}
	if strings.ContainsAny(in.BasePath+in.Version, `'\`) {
		return nil, fmt.Errorf("base path %q cannot be written into the service worker", in.BasePath)
	}
	sw := strings.NewReplacer("{{BASE}}", in.BasePath, "{{VERSION}}", in.Version, "{{PRECACHE}}", string(list)).Replace(workerSource)

	brand, err := parseColor(in.ThemeColor)
	if err != nil {
		return nil, err
	}
	type icon struct {
		Src     string `json:"src"`
		Sizes   string `json:"sizes"`
		Type    string `json:"type"`
		Purpose string `json:"purpose"`
	}
	m := struct {
		Name       string `json:"name"`
		ShortName  string `json:"short_name"`
		Lang       string `json:"lang"`
		StartURL   string `json:"start_url"`
		Scope      string `json:"scope"`
		Display    string `json:"display"`
		Background string `json:"background_color"`
		Theme      string `json:"theme_color"`
		Icons      []icon `json:"icons"`
	}{in.Name, in.ShortName, in.Language, in.BasePath + "/", in.BasePath + "/", "standalone", "#ffffff", in.ThemeColor, nil}
	files := []File{{Worker, []byte(sw)}}
	// One compressor for both icons: each is 1.3 MB, made at the end of
	// a build, when the process is at its biggest.
	enc := png.Encoder{BufferPool: &onePNGBuffer{}}
	for _, size := range []int{192, 512} {
		var buf bytes.Buffer
		if err := enc.Encode(&buf, Icon(size, brand)); err != nil {
			return nil, err
		}
		name := fmt.Sprintf("icon-%d.png", size)
		files = append(files, File{name, buf.Bytes()})
		// The drawing keeps to the middle 60%, so one image serves both
		// purposes; listing them apart is what browsers ask for.
		for _, purpose := range []string{"any", "maskable"} {
			m.Icons = append(m.Icons, icon{path.Join(in.BasePath+"/", name), fmt.Sprintf("%dx%d", size, size), "image/png", purpose})
		}
	}
	man, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, err
	}
	files = append(files, File{Manifest, append(man, '\n')})
	return files, nil
}

func parseColor(s string) (color.RGBA, error) {
	var c color.RGBA
	if _, err := fmt.Sscanf(s, "#%02x%02x%02x", &c.R, &c.G, &c.B); err != nil || len(s) != 7 {
		return c, fmt.Errorf("theme colour %q is not #rrggbb", s)
	}
	c.A = 255
	return c, nil
}

// Icon draws the home-screen icon at size × size: a white house with a
// door in the brand colour, on the brand colour, over the header's yellow
// stripe. Everything that matters sits inside the middle 60%, the part a
// "maskable" icon keeps whatever shape the phone cuts it to.
func Icon(size int, brand color.RGBA) *image.Paletted {
	white := color.RGBA{255, 255, 255, 255}
	yellow := color.RGBA{0xff, 0xdd, 0x00, 255}
	img := image.NewPaletted(image.Rect(0, 0, size, size), color.Palette{brand, white, yellow})
	at := func(f float64) int { return int(f * float64(size)) }
	fill := func(x0, y0, x1, y1 int, c uint8) {
		for y := y0; y < y1; y++ {
			for x := x0; x < x1; x++ {
				img.SetColorIndex(x, y, c)
			}
		}
	}
	// The stripe along the foot, as under the site's header.
	fill(0, at(.86), size, size, 2)
	// The roof: a triangle from (.25,.47) up to (.5,.24) and down to (.75,.47).
	top, eave := at(.24), at(.47)
	for y := top; y < eave; y++ {
		half := int(float64(y-top) / float64(eave-top) * float64(at(.25)))
		fill(size/2-half, y, size/2+half, y+1, 1)
	}
	// The walls, then the door cut out of them.
	fill(at(.31), eave, at(.69), at(.74), 1)
	fill(at(.45), at(.57), at(.55), at(.74), 0)
	return img
}

// onePNGBuffer is a png.EncoderBufferPool that keeps one buffer, for
// encoding images one after another.
type onePNGBuffer struct{ b *png.EncoderBuffer }

func (p *onePNGBuffer) Get() *png.EncoderBuffer  { return p.b }
func (p *onePNGBuffer) Put(b *png.EncoderBuffer) { p.b = b }
