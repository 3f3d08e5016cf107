package stix

import (
	"bytes"
	"encoding/json"
	"strconv"

	"github.com/liaison-project/liaison"
)

// readCommon reads the common properties (STIX 2.1 section 3.2) into the
// typed fields, recording values of the wrong JSON kind.
func (o *Object) readCommon(f *liaison.Fields) {
	for _, p := range o.Props {
		v := []byte(p.Value)
		switch p.Name {
		case "type":
			o.Type = str(f, p.Name, v)
		case "id":
			o.ID = str(f, p.Name, v)
		case "spec_version":
			o.SpecVersion = str(f, p.Name, v)
		case "created":
			o.CreatedText = str(f, p.Name, v)
		case "modified":
			o.ModifiedText = str(f, p.Name, v)
		case "created_by_ref":
			o.CreatedByRef = str(f, p.Name, v)
		case "revoked":
			o.Revoked = boolean(f, p.Name, v)
		case "labels":
			o.Labels = strList(f, p.Name, v)
		case "confidence":
			n, ok := integer(f, p.Name, v)
			if ok && (n < 0 || n > 100) {
				f.Add(p.Name, "must be an integer from 0 to 100")
			}
			if ok {
				c := int(n)
				o.Confidence = &c
			}
		case "lang":
			o.Lang = str(f, p.Name, v)
		case "external_references":
			o.readExternalReferences(f, v)
		case "object_marking_refs":
			o.ObjectMarkingRefs = strList(f, p.Name, v)
		case "granular_markings":
			o.readGranularMarkings(f, v)
		case "extensions":
			if !eachMember(v, func(name string, value []byte) {
				o.Extensions = append(o.Extensions, Property{Name: name, Value: value})
			}) {
				f.Add(p.Name, "must be an object, not "+jsonKind(v))
			}
		}
	}
}

func (o *Object) readExternalReferences(f *liaison.Fields, v []byte) {
	const name = "external_references"
	if !eachElement(v, func(i int, e []byte) {
		path := name + "[" + strconv.Itoa(i) + "]"
		r := ExternalReference{Raw: e}
		if !eachMember(e, func(k string, kv []byte) {
			switch k {
			case "source_name":
				r.SourceName = str(f, path+"."+k, kv)
			case "description":
				r.Description = str(f, path+"."+k, kv)
			case "url":
				r.URL = str(f, path+"."+k, kv)
			case "external_id":
				r.ExternalID = str(f, path+"."+k, kv)
			}
		}) {
			f.Add(path, "must be an object, not "+jsonKind(e))
			return
		}
		if r.SourceName == "" {
			f.Add(path+".source_name", "required")
		}
		// Section 2.5: besides source_name, at least one of
		// description, url or external_id MUST be present.
		if r.Description == "" && r.URL == "" && r.ExternalID == "" {
			f.Add(path, "needs at least one of description, url or external_id")
		}
		o.ExternalReferences = append(o.ExternalReferences, r)
	}) {
		f.Add(name, "must be a list, not "+jsonKind(v))
		return
	}
	if len(o.ExternalReferences) == 0 {
		f.Add(name, "must not be an empty list")
	}
}

func (o *Object) readGranularMarkings(f *liaison.Fields, v []byte) {
	const name = "granular_markings"
	n := 0
	if !eachElement(v, func(i int, e []byte) {
		n++
		path := name + "[" + strconv.Itoa(i) + "]"
		var g GranularMarking
		hasSelectors := false
		if !eachMember(e, func(k string, kv []byte) {
			switch k {
			case "lang":
				g.Lang = str(f, path+"."+k, kv)
			case "marking_ref":
				g.MarkingRef = str(f, path+"."+k, kv)
			case "selectors":
				hasSelectors = true
				g.Selectors = strList(f, path+"."+k, kv)
			}
		}) {
			f.Add(path, "must be an object, not "+jsonKind(e))
			return
		}
		if !hasSelectors {
			f.Add(path+".selectors", "required")
		}
		switch {
		case g.Lang == "" && g.MarkingRef == "":
			f.Add(path, "needs one of lang or marking_ref")
		case g.Lang != "" && g.MarkingRef != "":
			f.Add(path, "must have lang or marking_ref, not both")
		case g.MarkingRef != "":
			checkRef(f, path+".marking_ref", g.MarkingRef, onlyTypes("marking-definition"))
		}
		o.GranularMarkings = append(o.GranularMarkings, g)
	}) {
		f.Add(name, "must be a list, not "+jsonKind(v))
		return
	}
	if n == 0 {
		f.Add(name, "must not be an empty list")
	}
}

// str reads a JSON string, recording a problem for any other kind.
func str(f *liaison.Fields, path string, v []byte) string {
	s, ok := jsonString(v)
	if !ok {
		f.Add(path, "must be a string, not "+jsonKind(v))
	}
	return s
}

func boolean(f *liaison.Fields, path string, v []byte) bool {
	switch string(v) {
	case "true":
		return true
	case "false":
		return false
	}
	f.Add(path, "must be true or false, not "+jsonKind(v))
	return false
}

// integer reads a JSON number that is a whole number in int64 range.
func integer(f *liaison.Fields, path string, v []byte) (int64, bool) {
	if len(v) == 0 || !(v[0] == '-' || v[0] >= '0' && v[0] <= '9') {
		f.Add(path, "must be an integer, not "+jsonKind(v))
		return 0, false
	}
	n, err := strconv.ParseInt(string(v), 10, 64)
	if err != nil {
		// 1.0 and 1e2 are JSON numbers with integer values.
		fl, ferr := strconv.ParseFloat(string(v), 64)
		if ferr != nil || fl != float64(int64(fl)) || bytes.ContainsAny(v, ".eE") && fl > 1<<53 {
			f.Add(path, "must be an integer")
			return 0, false
		}
		n = int64(fl)
	}
	return n, true
}

// strList reads a non-empty list of strings.
func strList(f *liaison.Fields, path string, v []byte) []string {
	var out []string
	if !eachElement(v, func(i int, e []byte) {
		s, ok := jsonString(e)
		if !ok {
			f.Add(path+"["+strconv.Itoa(i)+"]", "must be a string, not "+jsonKind(e))
			return
		}
		out = append(out, s)
	}) {
		f.Add(path, "must be a list, not "+jsonKind(v))
		return nil
	}
	if len(out) == 0 && bytes.Equal(bytes.TrimSpace(v[1:len(v)-1]), nil) {
		f.Add(path, "must not be an empty list")
	}
	return out
}

// rawIsObject reports whether a valid JSON value is an object.
func rawIsObject(v json.RawMessage) bool { return len(v) > 0 && v[0] == '{' }
