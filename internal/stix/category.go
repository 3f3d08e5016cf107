package stix

// Category is the kind of a STIX object (STIX 2.1 section 2 and 3).
type Category int

// The categories. CategoryUnknown is the zero value: a type that is neither
// defined by the specification nor a custom object.
const (
	CategoryUnknown             Category = iota
	CategorySDO                          // STIX Domain Object (section 4)
	CategorySCO                          // STIX Cyber-observable Object (section 6)
	CategorySRO                          // STIX Relationship Object (section 5)
	CategoryMarkingDefinition            // marking-definition (section 7.2)
	CategoryExtensionDefinition          // extension-definition (section 7.3)
	CategoryLanguageContent              // language-content (section 7.1)
	CategoryBundle                       // bundle (section 8)
	CategoryCustom                       // custom object, type "x-..." (section 11.2)
)

var categoryNames = [...]string{"unknown", "sdo", "sco", "sro", "marking-definition", "extension-definition", "language-content", "bundle", "custom"}

// String returns the category's short name, such as "sdo".
func (c Category) String() string {
	if c < 0 || int(c) >= len(categoryNames) {
		return "unknown"
	}
	return categoryNames[c]
}

// The object types of STIX 2.1, by category (sections 4, 5, 6, 7, 8).
var (
	sdoTypes = []string{
		"attack-pattern", "campaign", "course-of-action", "grouping", "identity",
		"incident", "indicator", "infrastructure", "intrusion-set", "location",
		"malware", "malware-analysis", "note", "observed-data", "opinion",
		"report", "threat-actor", "tool", "vulnerability",
	}
	scoTypes = []string{
		"artifact", "autonomous-system", "directory", "domain-name", "email-addr",
		"email-message", "file", "ipv4-addr", "ipv6-addr", "mac-addr", "mutex",
		"network-traffic", "process", "software", "url", "user-account",
		"windows-registry-key", "x509-certificate",
	}
	sroTypes = []string{"relationship", "sighting"}
)

var categories = func() map[string]Category {
	m := map[string]Category{
		"marking-definition":   CategoryMarkingDefinition,
		"extension-definition": CategoryExtensionDefinition,
		"language-content":     CategoryLanguageContent,
		"bundle":               CategoryBundle,
	}
	for _, t := range sdoTypes {
		m[t] = CategorySDO
	}
	for _, t := range scoTypes {
		m[t] = CategorySCO
	}
	for _, t := range sroTypes {
		m[t] = CategorySRO
	}
	return m
}()

// CategoryOf returns the category of an object type from the
// specification's lists: CategoryCustom for a type starting with "x-",
// CategoryUnknown for any other type the specification does not define.
// An object of a new type defined by an extension definition gets its
// category from that extension; see [Object.Category].
func CategoryOf(typ string) Category {
	if c, ok := categories[typ]; ok {
		return c
	}
	if len(typ) > 2 && typ[:2] == "x-" {
		return CategoryCustom
	}
	return CategoryUnknown
}
