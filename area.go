package liaison

import (
	"fmt"
	"slices"
	"strconv"
)

// CrimeArea is the domain a case belongs to.
type CrimeArea string

// The crime areas of DESIGN.md. An arrangement names the subset in its scope.
const (
	AreaDrugs          CrimeArea = "drugs"
	AreaOrganisedCrime CrimeArea = "organised_crime"
	AreaCyber          CrimeArea = "cyber"
	AreaFraud          CrimeArea = "fraud"
	AreaImmigration    CrimeArea = "immigration"
	AreaTerrorism      CrimeArea = "terrorism"
)

// CrimeAreas lists every known crime area.
var CrimeAreas = []CrimeArea{AreaDrugs, AreaOrganisedCrime, AreaCyber, AreaFraud, AreaImmigration, AreaTerrorism}

// Valid reports whether a is one of CrimeAreas.
func (a CrimeArea) Valid() bool { return slices.Contains(CrimeAreas, a) }

func areaNames() []string {
	s := make([]string, len(CrimeAreas))
	for i, a := range CrimeAreas {
		s[i] = string(a)
	}
	return s
}

func quote(s string) string {
	if len(s) > 64 {
		s = s[:64] + "..."
	}
	return strconv.Quote(s)
}

func indexed(field string, i int) string { return fmt.Sprintf("%s[%d]", field, i) }
