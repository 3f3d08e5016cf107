package selector

import (
	"strings"
	"testing"

	"github.com/liaison-project/liaison"
)

func TestNormalizePersonName(t *testing.T) {
	n := liaison.EntityPersonName
	runNormalize(t, []normalizeTest{
		{name: "OK", in: ent(n, "  Rajesh   Kumar\tSharma "), want: ent(n, "Rajesh Kumar Sharma")},
		{name: "OKNFC", in: ent(n, "Rene\u0301 Tremblay"), want: ent(n, "Ren\u00e9 Tremblay")},
		{name: "OKDevanagari", in: ent(n, "राजेश कुमार"), want: ent(n, "राजेश कुमार")},
		{name: "OK200", in: ent(n, strings.Repeat("é", 200)), want: ent(n, strings.Repeat("é", 200))},
		{name: "ErrControl", in: ent(n, "Raj\x07esh"), errs: valueErr("contains a control character")},
		{name: "ErrLong", in: ent(n, strings.Repeat("é", 201)), errs: valueErr("a name of 201 characters, more than 200")},
	})
}
