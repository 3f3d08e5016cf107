package match

import (
	"encoding/json"
	"time"
)

// ReadIndicator reads the properties the index needs from a STIX
// indicator's JSON text; the caller sets Collection, TLP and Agency. The
// error names the first property that cannot be read.
func ReadIndicator(raw []byte) (Indicator, error) {
	var v struct {
		ID          string `json:"id"`
		Modified    string `json:"modified"`
		Name        string `json:"name"`
		Pattern     string `json:"pattern"`
		PatternType string `json:"pattern_type"`
		ValidFrom   string `json:"valid_from"`
		ValidUntil  string `json:"valid_until"`
		Revoked     bool   `json:"revoked"`
	}
	if err := json.Unmarshal(raw, &v); err != nil {
		return Indicator{}, err
	}
	ind := Indicator{ID: v.ID, Name: v.Name, Pattern: v.Pattern, PatternType: v.PatternType, Revoked: v.Revoked}
	for _, t := range []struct {
		name string
		s    string
		dst  *time.Time
	}{{"modified", v.Modified, &ind.Modified}, {"valid_from", v.ValidFrom, &ind.ValidFrom}, {"valid_until", v.ValidUntil, &ind.ValidUntil}} {
		if t.s == "" {
			continue
		}
		tm, err := time.Parse(time.RFC3339Nano, t.s)
		if err != nil {
			return Indicator{}, lineError(t.name + " is not an RFC 3339 time: " + quote(t.s))
		}
		*t.dst = tm
	}
	return ind, nil
}
