package node

import "testing"

func TestPassword(t *testing.T) {
	h := hashPassword("correct horse battery")
	for _, tc := range []struct {
		phc, pw string
		want    bool
	}{
		{h, "correct horse battery", true},
		{h, "correct horse batterY", false},
		{h[:len(h)-2], "correct horse battery", false},
		{"$argon2i$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA", "x", false},
		{"$argon2id$v=19$m=99999999,t=2,p=1$c2FsdA$aGFzaA", "x", false}, // cost beyond what is read
		{"", "", false},
	} {
		if got := checkPassword(tc.phc, tc.pw); got != tc.want {
			t.Errorf("checkPassword(%.40q, %q) = %v, want %v", tc.phc, tc.pw, got, tc.want)
		}
	}
	if hashPassword("same") == hashPassword("same") {
		t.Error("two hashes of one password are equal: the salt is not random")
	}
}

// BenchmarkCheckPassword measures one sign-in's password check, the cost
// an attacker pays per guess too.
func BenchmarkCheckPassword(b *testing.B) {
	h := hashPassword("correct horse battery")
	b.ReportAllocs()
	for b.Loop() {
		checkPassword(h, "correct horse battery")
	}
}
