package misp

import (
	"time"

	"github.com/google/uuid"
	"github.com/liaison-project/liaison/internal/stix"
)

// galaxyTypes maps MISP galaxy types (MISP/misp-galaxy, clusters/*.json)
// to the STIX domain object type a cluster of it describes. Other galaxy
// types (sectors, countries, tools of other taxonomies ...) have no STIX
// type and are kept as x_misp_galaxy.
var galaxyTypes = map[string]string{
	"threat-actor":                           "threat-actor",
	"mitre-threat-actor":                     "threat-actor",
	"attack-pattern":                         "attack-pattern",
	"mitre-attack-pattern":                   "attack-pattern",
	"mitre-enterprise-attack-attack-pattern": "attack-pattern",
	"mitre-mobile-attack-attack-pattern":     "attack-pattern",
	"mitre-pre-attack-attack-pattern":        "attack-pattern",
	"intrusion-set":                          "intrusion-set",
	"mitre-intrusion-set":                    "intrusion-set",
	"mitre-enterprise-attack-intrusion-set":  "intrusion-set",
	"malware":                                "malware",
	"mitre-malware":                          "malware",
	"mitre-enterprise-attack-malware":        "malware",
	"malpedia":                               "malware",
	"ransomware":                             "malware",
	"banker":                                 "malware",
	"botnet":                                 "malware",
	"rat":                                    "malware",
	"stealer":                                "malware",
	"backdoor":                               "malware",
	"android":                                "malware",
	"tool":                                   "tool",
	"mitre-tool":                             "tool",
	"mitre-enterprise-attack-tool":           "tool",
	"mitre-course-of-action":                 "course-of-action",
	"mitre-enterprise-attack-course-of-action": "course-of-action",
}

// clusterTime is the created and modified of galaxy objects. A cluster
// is reference data shared by many events; dating it by the event would
// make each event a new version of the same object.
var clusterTime = stix.FormatTimestamp(time.Unix(0, 0))

// galaxies converts galaxies: clusters of a known type become domain
// objects (written once, whichever event names them), whose ids are
// returned; the others are returned as x_misp_galaxy values, and
// reported.
func (c *converter) galaxies(sc *scope, gals []Galaxy) ([]string, []any) {
	var (
		refs   []string
		custom []any
	)
	for _, g := range gals {
		typ, known := galaxyTypes[g.Type]
		if !known {
			var cl []any
			for _, k := range g.Clusters {
				c.rep.Clusters++
				cl = append(cl, map[string]any{"uuid": k.UUID, "type": k.Type, "value": k.Value, "description": k.Description, "tag_name": k.TagName})
			}
			custom = append(custom, map[string]any{"uuid": g.UUID, "type": g.Type, "name": g.Name, "clusters": cl})
			c.issue(g.Path, "galaxy type "+g.Type+" has no STIX object type; kept as x_misp_galaxy")
			continue
		}
		for _, k := range g.Clusters {
			c.rep.Clusters++
			if k.Value == "" {
				c.issue(k.Path, "a cluster without a value; not carried")
				continue
			}
			id, ok := stixID(typ, k.UUID, g.Type+"\x00"+k.Value)
			if !ok {
				c.issue(k.Path+".uuid", "missing or not a UUID; the id is derived from the galaxy type and value")
			}
			o := map[string]any{"type": typ, "spec_version": "2.1", "id": id, "created": clusterTime, "modified": clusterTime,
				"name": k.Value, "x_misp_galaxy_type": g.Type}
			if k.Description != "" {
				o["description"] = k.Description
			}
			if k.TagName != "" {
				o["labels"] = []string{k.TagName}
			}
			if typ == "malware" {
				o["is_family"] = true
			}
			if len(sc.markings) > 0 {
				o["object_marking_refs"] = sc.markings
			}
			if c.emit(o) {
				c.rep.DomainObjects++
			}
			refs = append(refs, id)
		}
	}
	return refs, custom
}

// relate writes a relationship from an attribute's object to a galaxy
// object: an indicator indicates what it is evidence of (STIX 2.1
// section 4.7, relationships of indicator); anything else is related-to.
func (c *converter) relate(from map[string]any, target, created, modified string) string {
	src := from["id"].(string)
	rel := "related-to"
	if from["type"] == "indicator" {
		switch t, _, _ := stix.SplitIdentifier(target); t {
		case "attack-pattern", "intrusion-set", "malware", "threat-actor", "tool":
			rel = "indicates"
		}
	}
	id := "relationship--" + uuid.NewSHA1(mispNamespace, []byte(src+" "+rel+" "+target)).String()
	o := map[string]any{"type": "relationship", "spec_version": "2.1", "id": id, "created": created, "modified": modified,
		"relationship_type": rel, "source_ref": src, "target_ref": target}
	if m, ok := from["object_marking_refs"]; ok {
		o["object_marking_refs"] = m
	}
	if c.emit(o) {
		c.rep.Relationships++
	}
	return id
}
