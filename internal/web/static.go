package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"time"
)

//go:embed static
var staticFS embed.FS

// asset is one static file, served under its plain name (revalidated by
// ETag) and under a name carrying its content hash (cached for a year).
type asset struct {
	body   []byte
	etag   string
	hashed string // "/static/app.3f2a9c1b.css"
	ctype  string
}

// assets are the embedded static files.
type assets struct {
	byPath map[string]*asset // "/static/app.css" and the hashed path
	byName map[string]*asset // "app.css"
}

func loadAssets() (*assets, error) {
	a := &assets{byPath: map[string]*asset{}, byName: map[string]*asset{}}
	err := fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		h := hex.EncodeToString(sum[:])[:12]
		name := path.Base(p)
		ext := path.Ext(name)
		ctype := mime.TypeByExtension(ext)
		if ctype == "" {
			ctype = "text/plain; charset=utf-8"
		}
		x := &asset{body: b, etag: `"` + h + `"`, ctype: ctype,
			hashed: "/static/" + strings.TrimSuffix(name, ext) + "." + h + ext}
		a.byName[name] = x
		a.byPath["/static/"+name] = x
		a.byPath[x.hashed] = x
		return nil
	})
	return a, err
}

// url is the hashed path of the static file name, for templates.
func (a *assets) url(name string) string {
	if x := a.byName[name]; x != nil {
		return x.hashed
	}
	return "/static/" + name
}

// ServeHTTP serves a static file.
func (a *assets) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	x := a.byPath[r.URL.Path]
	if x == nil {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", x.ctype)
	h.Set("ETag", x.etag)
	if r.URL.Path == x.hashed {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "no-cache")
	}
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(x.body))
}
