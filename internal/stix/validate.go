package stix

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/stix/pattern"
)

// extensionTypes are the values of extension_type (STIX 2.1 section 7.3,
// extension-type-enum).
var extensionTypes = []string{"new-sdo", "new-sco", "new-sro", "property-extension", "toplevel-property-extension"}

// validate checks what the specification requires of the object, once the
// common properties are read.
func (o *Object) validate(f *liaison.Fields) {
	if _, ok := o.Get("type"); !ok {
		f.Add("type", "required")
	} else if p := ValidType(o.Type); p != "" {
		f.Add("type", p)
	}
	if _, ok := o.Get("id"); !ok {
		f.Add("id", "required")
	} else if p := ValidIdentifier(o.ID); p != "" {
		f.Add("id", p)
	} else if typ, _, _ := SplitIdentifier(o.ID); typ != o.Type && o.Type != "" {
		f.Add("id", "type prefix "+quote(typ)+" does not match type "+quote(o.Type))
	}
	o.Category = CategoryOf(o.Type)
	o.checkExtensions(f)
	if o.Category == CategoryUnknown && o.Type != "" && ValidType(o.Type) == "" {
		f.Add("type", "unknown type "+quote(o.Type)+": a custom object's type must start with x-, or the object must name an extension-definition of extension_type new-sdo, new-sco or new-sro")
	}
	o.checkVersioning(f)
	o.checkPropertyNames(f)
	o.checkRefs(f)
	o.checkRequired(f)
	if o.Lang != "" && !validLang(o.Lang) {
		f.Add("lang", "not an RFC 5646 language tag")
	}
}

// checkExtensions validates the extensions property (STIX 2.1 sections 7.3
// and 11.3) and gives a new type its category.
func (o *Object) checkExtensions(f *liaison.Fields) {
	if v, ok := o.Get("extensions"); ok && rawIsObject(v) && len(o.Extensions) == 0 {
		f.Add("extensions", "must not be empty")
	}
	for _, e := range o.Extensions {
		path := "extensions." + e.Name
		if !rawIsObject(e.Value) {
			f.Add(path, "must be an object, not "+jsonKind(e.Value))
			continue
		}
		typ, _, _ := SplitIdentifier(e.Name)
		switch {
		case typ == "extension-definition":
			if p := ValidIdentifier(e.Name); p != "" {
				f.Add(path, "extension key: "+p)
				continue
			}
		case strings.HasSuffix(e.Name, "-ext") && ValidType(e.Name) == "":
			// A predefined SCO extension (archive-ext, ntfs-ext, ...) or a
			// deprecated custom extension (section 11.3).
			checkNestedRefs(f, path, e.Value)
			continue
		default:
			f.Add(path, "extension key must be an extension-definition identifier or a name ending in -ext")
			continue
		}
		checkNestedRefs(f, path, e.Value)
		v, ok := getMember(e.Value, "extension_type")
		if !ok {
			continue
		}
		et, isStr := jsonString(v)
		if !isStr || !contains(extensionTypes, et) {
			f.Add(path+".extension_type", "unknown extension type", extensionTypes...)
			continue
		}
		if o.Category == CategoryUnknown {
			switch et {
			case "new-sdo":
				o.Category = CategorySDO
			case "new-sco":
				o.Category = CategorySCO
			case "new-sro":
				o.Category = CategorySRO
			}
		}
	}
}

// checkNestedRefs applies the *_ref and *_refs naming rule (section 3.1)
// to the members of one extension: their values must be identifiers.
func checkNestedRefs(f *liaison.Fields, path string, obj []byte) {
	eachMember(obj, func(name string, v []byte) {
		switch {
		case strings.HasSuffix(name, "_ref"):
			s, ok := jsonString(v)
			if !ok {
				f.Add(path+"."+name, "must be an identifier string, not "+jsonKind(v))
				return
			}
			checkRef(f, path+"."+name, s, target{})
		case strings.HasSuffix(name, "_refs"):
			if !eachElement(v, func(i int, e []byte) {
				s, ok := jsonString(e)
				if !ok {
					f.Add(index(path+"."+name, i), "must be an identifier string, not "+jsonKind(e))
					return
				}
				checkRef(f, index(path+"."+name, i), s, target{})
			}) {
				f.Add(path+"."+name, "must be a list of identifiers, not "+jsonKind(v))
			}
		}
	})
}

// checkVersioning checks spec_version, created and modified (STIX 2.1
// sections 3.2 and 3.6).
func (o *Object) checkVersioning(f *liaison.Fields) {
	_, hasSpec := o.Get("spec_version")
	_, hasCreated := o.Get("created")
	_, hasModified := o.Get("modified")
	var needSpec, needCreated, needModified bool
	switch o.Category {
	case CategorySDO, CategorySRO, CategoryLanguageContent, CategoryExtensionDefinition:
		needSpec, needCreated, needModified = true, true, true
	case CategoryMarkingDefinition:
		needSpec, needCreated = true, true
	case CategoryCustom:
		// A custom object of section 11.2 may be SDO-like or SCO-like;
		// what it carries must still be right, and a versioned one needs
		// both timestamps.
		needCreated, needModified = hasCreated || hasModified, hasCreated || hasModified
	}
	switch {
	case hasSpec && o.SpecVersion != "2.1":
		f.Add("spec_version", "must be \"2.1\", not "+quote(o.SpecVersion), "2.1")
	case !hasSpec && needSpec:
		f.Add("spec_version", "required", "2.1")
	}
	if needCreated && !hasCreated {
		f.Add("created", "required")
	}
	if needModified && !hasModified {
		f.Add("modified", "required")
	}
	if o.Category == CategorySCO {
		// SCOs have no created or modified of their own (section 6);
		// anything under those names is left as sent.
		return
	}
	if hasCreated && o.CreatedText != "" {
		o.Created = millis(f, "created", o.CreatedText)
	}
	if hasModified && o.ModifiedText != "" {
		o.Modified = millis(f, "modified", o.ModifiedText)
	}
	if !o.Created.IsZero() && !o.Modified.IsZero() && o.Modified.Before(o.Created) {
		f.Add("modified", "earlier than created")
	}
}

// millis parses created or modified, which MUST be precise to at least the
// millisecond (STIX 2.1 section 3.2).
func millis(f *liaison.Fields, path, s string) time.Time {
	t, digits, p := ParseTimestamp(s)
	if p != "" {
		f.Add(path, p)
		return time.Time{}
	}
	if digits < 3 {
		f.Add(path, "must have at least millisecond precision (three digits after the seconds)")
	}
	return t
}

// commonNames are properties readCommon reads; checkPropertyNames leaves
// them to it.
var commonNames = map[string]bool{
	"type": true, "id": true, "spec_version": true, "created": true, "modified": true,
	"created_by_ref": true, "revoked": true, "labels": true, "confidence": true, "lang": true,
	"external_references": true, "object_marking_refs": true, "granular_markings": true,
	"extensions": true,
}

// checkPropertyNames applies the naming rule to every top-level property:
// predefined names obey it, and custom ones (section 11.1) must. The x_
// prefix is recommended, not required, so a name without it is accepted.
func (o *Object) checkPropertyNames(f *liaison.Fields) {
	for _, p := range o.Props {
		if commonNames[p.Name] {
			continue
		}
		if prob := validPropertyName(p.Name); prob != "" {
			f.Add(p.Name, prob)
		}
	}
}

// checkRequired checks the properties each type requires, and the rules
// between them (sections 4 to 7).
func (o *Object) checkRequired(f *liaison.Fields) {
	for _, name := range required[o.Type] {
		if _, ok := o.Get(name); !ok {
			f.Add(name, "required for "+o.Type)
		}
	}
	for _, name := range timestampProps {
		if v, ok := o.Get(name); ok && o.Category != CategorySCO {
			if s := str(f, name, v); s != "" {
				if _, _, p := ParseTimestamp(s); p != "" {
					f.Add(name, p)
				}
			}
		}
	}
	o.checkOrder(f, "valid_from", "valid_until", true)
	o.checkOrder(f, "first_seen", "last_seen", false)
	o.checkOrder(f, "first_observed", "last_observed", false)
	o.checkOrder(f, "start_time", "stop_time", true)
	switch o.Type {
	case "indicator":
		o.checkIndicator(f)
	case "malware":
		if v, ok := o.Get("is_family"); ok && boolean(f, "is_family", v) {
			if _, ok := o.Get("name"); !ok {
				f.Add("name", "required for a malware family (is_family true)")
			}
		}
	case "location":
		_, region := o.Get("region")
		_, country := o.Get("country")
		_, lat := o.Get("latitude")
		_, long := o.Get("longitude")
		if lat != long {
			f.Add("latitude", "latitude and longitude go together")
		}
		if !region && !country && !(lat && long) {
			f.Add("$", "a location needs region, country, or latitude and longitude")
		}
	case "observed-data":
		_, objs := o.Get("objects")
		_, refs := o.Get("object_refs")
		if objs == refs {
			f.Add("object_refs", "an observed-data needs exactly one of object_refs and objects")
		}
		if v, ok := o.Get("number_observed"); ok {
			if n, ok := integer(f, "number_observed", v); ok && (n < 1 || n > 999999999) {
				f.Add("number_observed", "must be from 1 to 999,999,999")
			}
		}
	case "malware-analysis":
		_, result := o.Get("result")
		_, scos := o.Get("analysis_sco_refs")
		if !result && !scos {
			f.Add("result", "a malware-analysis needs result or analysis_sco_refs")
		}
	case "marking-definition":
		o.checkMarkingDefinition(f)
	}
}

// checkOrder checks that the later of two timestamps is not before the
// earlier one (strictly after when strict).
func (o *Object) checkOrder(f *liaison.Fields, first, last string, strict bool) {
	a, ok1 := o.Get(first)
	b, ok2 := o.Get(last)
	if !ok1 || !ok2 {
		return
	}
	as, _ := jsonString(a)
	bs, _ := jsonString(b)
	ta, _, p1 := ParseTimestamp(as)
	tb, _, p2 := ParseTimestamp(bs)
	if p1 != "" || p2 != "" {
		return
	}
	if tb.Before(ta) || strict && tb.Equal(ta) {
		if strict {
			f.Add(last, "must be later than "+first)
		} else {
			f.Add(last, "earlier than "+first)
		}
	}
}

func (o *Object) checkIndicator(f *liaison.Fields) {
	pv, ok := o.Get("pattern")
	if !ok {
		return
	}
	pat := str(f, "pattern", pv)
	tv, ok := o.Get("pattern_type")
	if !ok {
		return
	}
	if pt := str(f, "pattern_type", tv); pt != "stix" || pat == "" {
		if pt == "stix" {
			f.Add("pattern", "empty pattern")
		}
		return
	}
	if _, err := pattern.Parse(pat); err != nil {
		var se *pattern.SyntaxError
		if errors.As(err, &se) {
			f.Add("pattern", "at "+strconv.Itoa(se.Line)+":"+strconv.Itoa(se.Column)+" (byte "+strconv.Itoa(se.Offset)+"): "+se.Msg)
		} else {
			f.Add("pattern", err.Error())
		}
	}
}

// checkMarkingDefinition: a marking definition carries definition_type and
// definition (section 7.2.1), or, in the TLP 2.0 and other extension
// styles, extensions (section 7.2.1 as amended by the extension mechanism).
func (o *Object) checkMarkingDefinition(f *liaison.Fields) {
	o.checkTLPDefinition(f)
	dt, hasType := o.Get("definition_type")
	def, hasDef := o.Get("definition")
	if !hasType && !hasDef {
		if len(o.Extensions) == 0 {
			f.Add("definition_type", "a marking definition needs definition_type and definition, or extensions")
		}
		return
	}
	if hasType != hasDef {
		f.Add("definition", "definition_type and definition go together")
		return
	}
	if !rawIsObject(def) {
		f.Add("definition", "must be an object, not "+jsonKind(def))
		return
	}
	switch t := str(f, "definition_type", dt); t {
	case "tlp":
		v, _ := getMember(def, "tlp")
		s, _ := jsonString(v)
		if !contains([]string{"white", "green", "amber", "red"}, s) {
			f.Add("definition.tlp", "unknown TLP 1.0 colour", "white", "green", "amber", "red")
		}
	case "statement":
		v, ok := getMember(def, "statement")
		if _, isStr := jsonString(v); !ok || !isStr {
			f.Add("definition.statement", "required, a string")
		}
	}
}

// validLang is a light check of an RFC 5646 tag: subtags of 1 to 8
// letters or digits joined by hyphens, the first of letters.
func validLang(s string) bool {
	for i, sub := range strings.Split(s, "-") {
		if len(sub) < 1 || len(sub) > 8 {
			return false
		}
		for j := 0; j < len(sub); j++ {
			c := sub[j] | 0x20
			letter := c >= 'a' && c <= 'z'
			if !letter && !(i > 0 && sub[j] >= '0' && sub[j] <= '9') {
				return false
			}
		}
	}
	return true
}

// getMember returns the value of member name of a JSON object.
func getMember(obj []byte, name string) ([]byte, bool) {
	var out []byte
	found := false
	eachMember(obj, func(k string, v []byte) {
		if !found && k == name {
			out, found = v, true
		}
	})
	return out, found
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func index(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }
