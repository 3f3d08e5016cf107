package misp

import (
	"strings"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/stix"
)

// tlpTags maps the MISP taxonomy's TLP tags (taxonomy "tlp", versions 1.0
// and 2.0) to TLP 2.0 labels. tlp:white is TLP 1.0's name for what TLP
// 2.0 calls CLEAR.
var tlpTags = map[string]string{
	"tlp:white":        liaison.TLPClear,
	"tlp:clear":        liaison.TLPClear,
	"tlp:green":        liaison.TLPGreen,
	"tlp:amber":        liaison.TLPAmber,
	"tlp:amber+strict": liaison.TLPAmberStrict,
	"tlp:red":          liaison.TLPRed,
}

// tlpTag returns the MISP tag of a TLP 2.0 label ("tlp:amber+strict").
func tlpTag(label string) string { return "tlp:" + strings.ToLower(label) }

// tagged is what a list of tags says: labels (every tag but TLP ones,
// as written) and TLP 2.0 marking-definition ids.
type tagged struct {
	labels   []string
	markings []string
}

// readTags sorts tags into labels and markings. A tag that starts with
// tlp: but is not one of the known levels is kept as a label and
// reported, so it is not mistaken for a handling rule that was applied.
func (c *converter) readTags(tags []Tag) tagged {
	var t tagged
	for _, tag := range tags {
		c.rep.Tags++
		name := strings.TrimSpace(tag.Name)
		if name == "" {
			c.issue(tag.Path, "a tag without a name")
			continue
		}
		if l, ok := tlpTags[strings.ToLower(name)]; ok {
			t.markings = appendNew(t.markings, stix.TLPMarkingID(l))
			continue
		}
		if strings.HasPrefix(strings.ToLower(name), "tlp:") {
			c.issue(tag.Path, "unknown TLP level "+name+"; kept as a label, no marking applied")
		}
		t.labels = appendNew(t.labels, name)
	}
	return t
}

func appendNew(list []string, s ...string) []string {
	for _, x := range s {
		found := false
		for _, y := range list {
			if x == y {
				found = true
				break
			}
		}
		if !found {
			list = append(list, x)
		}
	}
	return list
}
