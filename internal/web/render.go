package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/liaison-project/liaison"
)

//go:embed templates/*.html
var templateFS embed.FS

// pages holds every page's template, parsed once per language with that
// language's functions.
type pages struct {
	cat map[string]*locale
	set map[string]map[string]*template.Template // lang → page name → template
}

// parsePages parses the layout and partials with each page file, once
// per language.
func parsePages(cat map[string]*locale, a *assets) (*pages, error) {
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	p := &pages{cat: cat, set: map[string]map[string]*template.Template{}}
	for _, lang := range langs {
		base, err := template.New("layout.html").Funcs(funcs(cat[lang], a)).
			ParseFS(templateFS, "templates/layout.html", "templates/partials.html")
		if err != nil {
			return nil, fmt.Errorf("web: templates: %w", err)
		}
		p.set[lang] = map[string]*template.Template{}
		for _, name := range names {
			name = path.Base(name)
			if name == "layout.html" || name == "partials.html" {
				continue
			}
			t, err := template.Must(base.Clone()).ParseFS(templateFS, "templates/"+name)
			if err != nil {
				return nil, fmt.Errorf("web: template %s: %w", name, err)
			}
			p.set[lang][strings.TrimSuffix(name, ".html")] = t
		}
	}
	return p, nil
}

// funcs are the template functions of one language.
func funcs(l *locale, a *assets) template.FuncMap {
	return template.FuncMap{
		"T":         l.T,
		"datetime":  l.DateTime,
		"date":      l.Date,
		"day":       l.Day,
		"remaining": l.Remaining,
		"asset":     a.url,
		"rfc3339":   func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
		"evaluation": func(h liaison.Handling, scheme string) string {
			return evaluationWords(l, h, scheme)
		},
		"code":    func(c string) string { return codeWords(l, c) },
		"area":    func(a liaison.CrimeArea) string { return l.T("area." + string(a)) },
		"state":   func(s any) string { return l.T("state." + fmt.Sprint(s)) },
		"role":    func(r liaison.Role) string { return l.T("role." + string(r)) },
		"prio":    func(p liaison.Priority) string { return l.T("priority." + string(p)) },
		"join":    strings.Join,
		"short":   shortID,
		"has":     func(list []string, s string) bool { return slices.Contains(list, s) },
		"langOf":  func(code string) string { return l.T("lang." + code) },
		"clockOf": clockOf,
		"hv":      func(h liaison.Handling, scheme string) handlingView { return handlingView{h, scheme} },
		"inboxRows": func(ms []liaison.Message, zone *time.Location) inboxRows {
			return inboxRows{Messages: ms, Zone: zone}
		},
	}
}

// page is what every template is executed with.
type page struct {
	Lang  string
	Title string // translated
	S     *session
	Nav   []navLink
	Path  string
	Flash string
	Zone  *time.Location
	Now   time.Time
	Langs []string
	Data  any
}

// view builds the page of the request: language, zone, navigation.
func (s *Server) view(r *http.Request, ss *session, titleKey string, data any) *page {
	lang := negotiate(sessionLang(ss), r)
	p := &page{
		Lang: lang, S: ss, Path: r.URL.Path, Zone: s.zone(ss),
		Now: s.node.Now(), Langs: langs, Data: data,
	}
	p.Title = s.pages.cat[lang].T(titleKey)
	if ss != nil && ss.Officer != nil && !ss.Enrol {
		p.Nav = navFor(ss.Officer.Role, r.URL.Path)
	}
	return p
}

func sessionLang(ss *session) string {
	if ss == nil {
		return ""
	}
	return ss.Lang
}

// zone is the officer's time zone, else the node's.
func (s *Server) zone(ss *session) *time.Location {
	if ss != nil && ss.Zone != "" {
		if loc, err := time.LoadLocation(ss.Zone); err == nil {
			return loc
		}
	}
	return s.opts.Zone
}

// render executes the page template name (or, when block is not empty,
// only that block of it, for htmx) and writes it with status.
func (s *Server) render(w http.ResponseWriter, status int, name, block string, p *page) {
	t := s.pages.set[p.Lang][name]
	if t == nil {
		s.log.Error("web: no template", "name", name)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	if block == "" {
		block = "layout"
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, block, p); err != nil {
		s.log.Error("web: render", "page", name, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Language", p.Lang)
	h.Add("Vary", "Accept-Language")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// locale returns the catalog of the page's language, for text built in Go.
func (s *Server) locale(p *page) *locale { return s.pages.cat[p.Lang] }

func shortID(id string) string {
	if len(id) > 8 {
		return id[len(id)-8:]
	}
	return id
}
