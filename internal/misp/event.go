package misp

// Event is one MISP event as read by [Decode] (MISP core format section
// 2.2 "Event"). Path is where it stood in the input, the prefix of every
// path in a report about it. Identifiers MISP assigns per server (id,
// org_id, ...) are not read: they mean nothing on another server.
type Event struct {
	Path      string
	UUID      string
	Info      string
	Date      string // YYYY-MM-DD
	Timestamp string // Unix seconds, as MISP writes it
	// ThreatLevel (1 high ... 4 undefined), Analysis (0 initial, 1
	// ongoing, 2 complete) and Distribution (0 organisation only ... 4
	// sharing group) are kept as MISP writes them.
	ThreatLevel  string
	Analysis     string
	Distribution string
	Published    bool
	Attributes   []Attribute
	Objects      []Object
	Tags         []Tag
	Galaxies     []Galaxy
	// Skipped lists parts of the event that are read but not carried
	// (event reports, sightings, ...), for the report.
	Skipped []Skip
}

// Attribute is a MISP attribute (section 2.3), of the event or of an
// object (ObjectRelation then names its role in the object).
type Attribute struct {
	Path           string
	UUID           string
	Type           string
	Category       string
	Value          string
	ToIDs          bool
	Comment        string
	Timestamp      string
	FirstSeen      string
	LastSeen       string
	ObjectRelation string
	Deleted        bool
	Tags           []Tag
	Galaxies       []Galaxy
	Skipped        []Skip
}

// Object is a MISP object (section 2.4): a named template instance
// grouping attributes.
type Object struct {
	Path         string
	UUID         string
	Name         string
	MetaCategory string
	Comment      string
	Timestamp    string
	Deleted      bool
	Attributes   []Attribute
}

// Tag is a MISP tag (section 2.5); only its name travels.
type Tag struct {
	Path string
	Name string
}

// Galaxy is a MISP galaxy attached to an event or attribute (section
// 2.6) with the clusters of it that apply.
type Galaxy struct {
	Path     string
	UUID     string
	Type     string
	Name     string
	Clusters []Cluster
}

// Cluster is one value of a galaxy (section 2.7 "GalaxyCluster").
type Cluster struct {
	Path        string
	UUID        string
	Type        string
	Value       string
	Description string
	TagName     string
}

// Skip is a part of the input read but not carried, with why.
type Skip struct {
	Path   string
	Reason string
}
