package node

import (
	"fmt"
	"strconv"

	"github.com/liaison-project/liaison"
)

func strQuote(s string) string {
	if len(s) > 64 {
		s = s[:64] + "..."
	}
	return strconv.Quote(s)
}

func fieldIndex(field string, i int) string { return fmt.Sprintf("%s[%d]", field, i) }

func areaNames() []string {
	s := make([]string, len(liaison.CrimeAreas))
	for i, a := range liaison.CrimeAreas {
		s[i] = string(a)
	}
	return s
}
