package liaison

// MISPIssue is one part of a MISP event that a conversion could not carry
// as it stood: the JSON path of the part in the input
// (`Event.Attribute[3]`, `response[1].Event.Object[0].Attribute[2]`,
// `Event.Tag[0]`) and why.
type MISPIssue struct {
	Path   string `json:"path"`
	Reason string `json:"reason"`
}

// MISPReport is what one MISP import or export did: counts of what was
// read and written, and every part that could not be mapped. A part is
// never left out of the output without an entry in Unmapped.
type MISPReport struct {
	// Read from the input.
	Events     int `json:"events"`
	Attributes int `json:"attributes"` // object attributes included
	Objects    int `json:"objects"`
	Tags       int `json:"tags"`
	Clusters   int `json:"galaxy_clusters"`

	// Written to the output.
	Indicators    int `json:"indicators"`
	ObservedData  int `json:"observed_data"`
	Observables   int `json:"observables"`
	DomainObjects int `json:"domain_objects"`
	Relationships int `json:"relationships"`
	Custom        int `json:"custom"`

	// Unmapped lists, in input order, every part carried only in part
	// (kept as a custom object or property) or not at all.
	Unmapped []MISPIssue `json:"unmapped"`
}

// MISPImport is the answer to a MISP import: the conversion report and
// the status of adding the converted objects to the collection, as a
// TAXII add-objects request would have answered.
type MISPImport struct {
	Report MISPReport  `json:"report"`
	Status *STIXStatus `json:"status"`
}
