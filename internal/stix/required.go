package stix

// required lists, per type, the properties the specification marks
// required beyond the common ones (STIX 2.1 sections 4 to 7). Rules that
// are more than "present" (one of several, pairs) are in checkRequired.
var required = map[string][]string{
	"attack-pattern":       {"name"},
	"campaign":             {"name"},
	"course-of-action":     {"name"},
	"grouping":             {"context", "object_refs"},
	"identity":             {"name"},
	"incident":             {"name"},
	"indicator":            {"pattern", "pattern_type", "valid_from"},
	"infrastructure":       {"name"},
	"intrusion-set":        {"name"},
	"malware":              {"is_family"},
	"malware-analysis":     {"product"},
	"note":                 {"content", "object_refs"},
	"observed-data":        {"first_observed", "last_observed", "number_observed"},
	"opinion":              {"opinion", "object_refs"},
	"report":               {"name", "published", "object_refs"},
	"threat-actor":         {"name"},
	"tool":                 {"name"},
	"vulnerability":        {"name"},
	"relationship":         {"relationship_type", "source_ref", "target_ref"},
	"sighting":             {"sighting_of_ref"},
	"language-content":     {"object_ref", "contents"},
	"extension-definition": {"created_by_ref", "name", "schema", "version", "extension_types"},
	"autonomous-system":    {"number"},
	"directory":            {"path"},
	"domain-name":          {"value"},
	"email-addr":           {"value"},
	"email-message":        {"is_multipart"},
	"ipv4-addr":            {"value"},
	"ipv6-addr":            {"value"},
	"mac-addr":             {"value"},
	"mutex":                {"name"},
	"network-traffic":      {"protocols"},
	"software":             {"name"},
	"url":                  {"value"},
}

// timestampProps are SDO and SRO properties of type timestamp whose form
// is checked (any precision; section 2.14).
var timestampProps = []string{
	"valid_from", "valid_until", "first_seen", "last_seen", "published",
	"first_observed", "last_observed", "start_time", "stop_time",
	"analysis_started", "analysis_ended", "submitted", "object_modified",
}
