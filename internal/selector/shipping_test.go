package selector

import (
	"testing"

	"github.com/liaison-project/liaison"
)

func TestNormalizeShipping(t *testing.T) {
	v, k := liaison.EntityVesselIMO, liaison.EntityContainer
	runNormalize(t, []normalizeTest{
		{name: "OKIMO", in: ent(v, "IMO 9074729"), want: ent(v, "IMO9074729")},
		{name: "OKIMOBare", in: ent(v, "9074729"), want: ent(v, "IMO9074729")},
		{name: "OKIMOLower", in: ent(v, "imo9074729"), want: ent(v, "IMO9074729")},
		{name: "ErrIMOCheck", in: ent(v, "IMO 9074728"), errs: valueErr("invalid IMO check digit: got 8, want 9")},
		{name: "ErrIMOShort", in: ent(v, "IMO 907472"), errs: valueErr("is not an IMO number: want IMO and seven digits")},
		{name: "ErrIMOLetters", in: ent(v, "IMO 90747X9"), errs: valueErr("is not an IMO number")},
		{name: "ErrIMOMMSI", in: ent(v, "419000123"), errs: valueErr("is not an IMO number")},
		{name: "OKContainer", in: ent(k, "CSQU3054383"), want: ent(k, "CSQU3054383")},
		{name: "OKContainerSpaced", in: ent(k, "csqu 305438-3"), want: ent(k, "CSQU3054383")},
		{name: "OKContainerCheck10", in: ent(k, "MSKU0000080"), want: ent(k, "MSKU0000080")}, // remainder 10 counts as 0
		{name: "ErrContainerCheck", in: ent(k, "CSQU3054384"), errs: valueErr("invalid container check digit: got 4, want 3")},
		{name: "ErrContainerCategory", in: ent(k, "CSQX3054383"), errs: valueErr(`has category 'X'; ISO 6346 has U, J and Z`)},
		{name: "ErrContainerShape", in: ent(k, "CSQ3054383"), errs: valueErr("is not a container number: want four letters and seven digits")},
	})
}
