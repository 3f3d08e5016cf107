package web

import (
	"embed"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
	"golang.org/x/text/language"

	"github.com/liaison-project/liaison"
)

//go:embed i18n/*.toml
var catalogFS embed.FS

// langs are the languages of the UI, the default first: those an
// officer's preference may name.
var langs = liaison.Languages

// matcher matches Accept-Language against langs, in the same order.
var matcher = language.NewMatcher([]language.Tag{language.English, language.French, language.Hindi})

// locale is one language's catalog: message keys to text. Text holds
// placeholders {0}, {1}… for the arguments.
type locale struct {
	lang string
	msgs map[string]string
}

// T returns the text of key with args in place of {0}, {1}…; a key the
// catalog lacks comes back as itself (a test fails on any).
func (l *locale) T(key string, args ...any) string {
	s, ok := l.msgs[key]
	if !ok {
		s = key
	}
	if len(args) == 0 || !strings.Contains(s, "{") {
		return s
	}
	pairs := make([]string, 0, 2*len(args))
	for i, a := range args {
		pairs = append(pairs, "{"+strconv.Itoa(i)+"}", fmt.Sprint(a))
	}
	return strings.NewReplacer(pairs...).Replace(s)
}

// loadCatalogs reads the embedded catalogs, one per language.
func loadCatalogs() (map[string]*locale, error) {
	out := make(map[string]*locale, len(langs))
	for _, lang := range langs {
		b, err := catalogFS.ReadFile("i18n/" + lang + ".toml")
		if err != nil {
			return nil, fmt.Errorf("web: catalog %s: %w", lang, err)
		}
		msgs := map[string]string{}
		if _, err := toml.Decode(string(b), &msgs); err != nil {
			return nil, fmt.Errorf("web: catalog %s: %w", lang, err)
		}
		out[lang] = &locale{lang: lang, msgs: msgs}
	}
	return out, nil
}

// negotiate picks the language: the officer's preference when it is one
// of langs, else the best match of the browser's Accept-Language, else
// English.
func negotiate(pref string, r *http.Request) string {
	for _, l := range langs {
		if pref == l {
			return l
		}
	}
	tags, _, err := language.ParseAcceptLanguage(r.Header.Get("Accept-Language"))
	if err != nil || len(tags) == 0 {
		return langs[0]
	}
	_, i, conf := matcher.Match(tags...)
	if conf == language.No {
		return langs[0]
	}
	return langs[i]
}
