package stix

import (
	"strings"

	"github.com/liaison-project/liaison"
)

// target says what a reference may point to: named types, or categories.
type target struct {
	types []string
	cats  []Category
}

func onlyTypes(types ...string) target { return target{types: types} }

// Categories a reference to "any SDO" accepts: the specification's SDOs,
// custom objects, and types it does not know (new types defined by an
// extension definition, whose category an identifier cannot tell).
var (
	anySDO      = target{cats: []Category{CategorySDO, CategoryCustom, CategoryUnknown}}
	anySCO      = target{cats: []Category{CategorySCO, CategoryCustom, CategoryUnknown}}
	anySDOorSCO = target{cats: []Category{CategorySDO, CategorySCO, CategoryCustom, CategoryUnknown}}
)

func (t target) allows(typ string) bool {
	if contains(t.types, typ) {
		return true
	}
	c := CategoryOf(typ)
	for _, x := range t.cats {
		if x == c {
			return true
		}
	}
	return false
}

func (t target) String() string {
	var parts []string
	parts = append(parts, t.types...)
	for _, c := range t.cats {
		switch c {
		case CategorySDO:
			parts = append(parts, "an SDO")
		case CategorySCO:
			parts = append(parts, "an SCO")
		}
	}
	return strings.Join(parts, " or ")
}

// refTargets fixes the target of reference properties where the
// specification does (STIX 2.1 sections 3.2, 4, 5, 6, 7). Keys are
// "type.property"; "*.property" applies to every type.
var refTargets = map[string]target{
	"*.created_by_ref":                         onlyTypes("identity"),
	"*.object_marking_refs":                    onlyTypes("marking-definition"),
	"relationship.source_ref":                  anySDOorSCO,
	"relationship.target_ref":                  anySDOorSCO,
	"sighting.sighting_of_ref":                 anySDO,
	"sighting.observed_data_refs":              onlyTypes("observed-data"),
	"sighting.where_sighted_refs":              onlyTypes("identity", "location"),
	"observed-data.object_refs":                {types: []string{"relationship"}, cats: anySCO.cats},
	"malware.sample_refs":                      onlyTypes("file", "artifact"),
	"malware.operating_system_refs":            onlyTypes("software"),
	"malware-analysis.host_vm_ref":             onlyTypes("software"),
	"malware-analysis.operating_system_ref":    onlyTypes("software"),
	"malware-analysis.installed_software_refs": onlyTypes("software"),
	"malware-analysis.sample_ref":              onlyTypes("file", "network-traffic", "artifact"),
	"malware-analysis.analysis_sco_refs":       anySCO,
	"extension-definition.created_by_ref":      onlyTypes("identity"),
	"domain-name.resolves_to_refs":             onlyTypes("ipv4-addr", "ipv6-addr", "domain-name"),
	"ipv4-addr.resolves_to_refs":               onlyTypes("mac-addr"),
	"ipv4-addr.belongs_to_refs":                onlyTypes("autonomous-system"),
	"ipv6-addr.resolves_to_refs":               onlyTypes("mac-addr"),
	"ipv6-addr.belongs_to_refs":                onlyTypes("autonomous-system"),
	"email-addr.belongs_to_ref":                onlyTypes("user-account"),
	"email-message.from_ref":                   onlyTypes("email-addr"),
	"email-message.sender_ref":                 onlyTypes("email-addr"),
	"email-message.to_refs":                    onlyTypes("email-addr"),
	"email-message.cc_refs":                    onlyTypes("email-addr"),
	"email-message.bcc_refs":                   onlyTypes("email-addr"),
	"email-message.raw_email_ref":              onlyTypes("artifact"),
	"file.parent_directory_ref":                onlyTypes("directory"),
	"file.contains_refs":                       anySCO,
	"file.content_ref":                         onlyTypes("artifact"),
	"directory.contains_refs":                  onlyTypes("file", "directory"),
	"network-traffic.src_ref":                  onlyTypes("ipv4-addr", "ipv6-addr", "mac-addr", "domain-name"),
	"network-traffic.dst_ref":                  onlyTypes("ipv4-addr", "ipv6-addr", "mac-addr", "domain-name"),
	"network-traffic.src_payload_ref":          onlyTypes("artifact"),
	"network-traffic.dst_payload_ref":          onlyTypes("artifact"),
	"network-traffic.encapsulates_refs":        onlyTypes("network-traffic"),
	"network-traffic.encapsulated_by_ref":      onlyTypes("network-traffic"),
	"process.opened_connection_refs":           onlyTypes("network-traffic"),
	"process.creator_user_ref":                 onlyTypes("user-account"),
	"process.image_ref":                        onlyTypes("file"),
	"process.parent_ref":                       onlyTypes("process"),
	"process.child_refs":                       onlyTypes("process"),
	"windows-registry-key.creator_user_ref":    onlyTypes("user-account"),
}

// checkRefs checks every top-level property named *_ref (an identifier)
// or *_refs (a non-empty list of identifiers), the naming rule of STIX 2.1
// section 3.1, against the targets the specification fixes.
func (o *Object) checkRefs(f *liaison.Fields) {
	for _, p := range o.Props {
		single := strings.HasSuffix(p.Name, "_ref")
		if !single && !strings.HasSuffix(p.Name, "_refs") {
			continue
		}
		t, fixed := refTargets[o.Type+"."+p.Name]
		if !fixed {
			t, fixed = refTargets["*."+p.Name]
		}
		if !fixed {
			t = target{}
		}
		if single {
			s, ok := jsonString(p.Value)
			if !ok {
				f.Add(p.Name, "must be an identifier string, not "+jsonKind(p.Value))
				continue
			}
			checkRef(f, p.Name, s, t)
			continue
		}
		if p.Name == "object_marking_refs" {
			// read by readCommon; checked here for targets.
			for i, s := range o.ObjectMarkingRefs {
				checkRef(f, index(p.Name, i), s, t)
			}
			continue
		}
		n := 0
		if !eachElement(p.Value, func(i int, e []byte) {
			n++
			s, ok := jsonString(e)
			if !ok {
				f.Add(index(p.Name, i), "must be an identifier string, not "+jsonKind(e))
				return
			}
			checkRef(f, index(p.Name, i), s, t)
		}) {
			f.Add(p.Name, "must be a list of identifiers, not "+jsonKind(p.Value))
		} else if n == 0 {
			f.Add(p.Name, "must not be an empty list")
		}
	}
}

// checkRef checks one reference; a zero target accepts any type.
func checkRef(f *liaison.Fields, path, ref string, t target) {
	if p := ValidIdentifier(ref); p != "" {
		f.Add(path, p)
		return
	}
	if len(t.types) == 0 && len(t.cats) == 0 {
		return
	}
	typ, _, _ := SplitIdentifier(ref)
	if !t.allows(typ) {
		f.Add(path, "must reference "+t.String()+", not "+typ)
	}
}
