package misp

import "encoding/json"

// The MISP event JSON Export writes (MISP core format sections 2.2 to
// 2.7), members in the order MISP itself writes them.
type (
	outEvents struct {
		Response []outWrap `json:"response"`
	}
	outWrap struct {
		Event *outEvent `json:"Event"`
	}
	outEvent struct {
		UUID         string      `json:"uuid"`
		Info         string      `json:"info"`
		Date         string      `json:"date"`
		Timestamp    string      `json:"timestamp"`
		ThreatLevel  string      `json:"threat_level_id"`
		Analysis     string      `json:"analysis"`
		Distribution string      `json:"distribution"`
		Published    bool        `json:"published"`
		Tag          []outTag    `json:"Tag,omitempty"`
		Attribute    []outAttr   `json:"Attribute"`
		Object       []outObject `json:"Object"`
		Galaxy       []outGalaxy `json:"Galaxy,omitempty"`
	}
	outTag struct {
		Name string `json:"name"`
	}
	outAttr struct {
		UUID           string   `json:"uuid"`
		Type           string   `json:"type"`
		Category       string   `json:"category"`
		ObjectRelation string   `json:"object_relation,omitempty"`
		Value          string   `json:"value"`
		ToIDs          bool     `json:"to_ids"`
		Comment        string   `json:"comment"`
		Timestamp      string   `json:"timestamp"`
		FirstSeen      string   `json:"first_seen,omitempty"`
		LastSeen       string   `json:"last_seen,omitempty"`
		Tag            []outTag `json:"Tag,omitempty"`
	}
	outObject struct {
		UUID         string    `json:"uuid"`
		Name         string    `json:"name"`
		MetaCategory string    `json:"meta-category"`
		Comment      string    `json:"comment"`
		Timestamp    string    `json:"timestamp"`
		Attribute    []outAttr `json:"Attribute"`
	}
	outGalaxy struct {
		Type          string       `json:"type"`
		Name          string       `json:"name"`
		UUID          string       `json:"uuid,omitempty"`
		GalaxyCluster []outCluster `json:"GalaxyCluster"`
	}
	outCluster struct {
		UUID        string `json:"uuid"`
		Type        string `json:"type"`
		Value       string `json:"value"`
		Description string `json:"description"`
		TagName     string `json:"tag_name"`
	}
)

// stixObj is what Export reads of a STIX object; it was validated when
// stored.
type stixObj struct {
	Type        string            `json:"type"`
	ID          string            `json:"id"`
	Modified    string            `json:"modified"`
	Created     string            `json:"created"`
	Name        string            `json:"name"`
	Description string            `json:"description"`
	Published   string            `json:"published"`
	Labels      []string          `json:"labels"`
	Markings    []string          `json:"object_marking_refs"`
	Pattern     string            `json:"pattern"`
	PatternType string            `json:"pattern_type"`
	ObjectRefs  []string          `json:"object_refs"`
	SourceRef   string            `json:"source_ref"`
	TargetRef   string            `json:"target_ref"`
	Value       json.RawMessage   `json:"value"`
	Number      json.RawMessage   `json:"number"`
	Key         string            `json:"key"`
	Subject     string            `json:"subject"`
	Hashes      map[string]string `json:"hashes"`

	XAttr         *xAttr   `json:"x_misp_attribute"`
	XObject       *xObject `json:"x_misp_object"`
	XGalaxyType   string   `json:"x_misp_galaxy_type"`
	XGalaxy       []xGal   `json:"x_misp_galaxy"`
	XThreatLevel  string   `json:"x_misp_threat_level_id"`
	XAnalysis     string   `json:"x_misp_analysis"`
	XDistribution string   `json:"x_misp_distribution"`
	XPublished    bool     `json:"x_misp_published"`
}

type xAttr struct {
	UUID           string   `json:"uuid"`
	Type           string   `json:"type"`
	Category       string   `json:"category"`
	ObjectRelation string   `json:"object_relation"`
	Value          string   `json:"value"`
	ToIDs          bool     `json:"to_ids"`
	Comment        string   `json:"comment"`
	FirstSeen      string   `json:"first_seen"`
	LastSeen       string   `json:"last_seen"`
	Tags           []string `json:"tags"`
}

type xObject struct {
	UUID         string  `json:"uuid"`
	Name         string  `json:"name"`
	MetaCategory string  `json:"meta-category"`
	Comment      string  `json:"comment"`
	Attributes   []xAttr `json:"attributes"`
}

type xGal struct {
	UUID     string       `json:"uuid"`
	Type     string       `json:"type"`
	Name     string       `json:"name"`
	Clusters []outCluster `json:"clusters"`
}
