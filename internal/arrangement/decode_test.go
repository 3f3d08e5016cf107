package arrangement

import (
	"strings"
	"testing"

	"github.com/liaison-project/liaison"
)

func TestParseDecodeErrors(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		want string // the whole message
	}{
		{"ErrSyntax", strings.Replace(base, `ceiling = "MID"`, `ceiling = MID`, 1),
			`arrangement line 6: expected value but found "MID" instead (key ceiling)`},
		{"ErrUnterminatedString", strings.Replace(base, `id = "treaty"`, `id = "treaty`, 1),
			"arrangement line 15: "},
		{"ErrDuplicateKey", strings.Replace(base, "version = 2", "version = 2\nversion = 3", 1),
			"arrangement line 3: "},
		{"ErrType", strings.Replace(base, "version = 2", `version = "two"`, 1),
			`arrangement line 2: incompatible types: TOML value has type string; destination has type integer (key version)`},
		{"ErrTypeInTable", strings.Replace(base, `urgent = "8h"`, `urgent = 8`, 1),
			`arrangement line 10: incompatible types: TOML value has type int64; destination has type string (key deadlines.urgent)`},
		{"ErrNotUTF8", "name = \"\xff\"\n", "arrangement line 1: "},
		{"ErrOverflow", strings.Replace(base, "version = 2", "version = 99999999999999999999", 1),
			"arrangement line 2: "},
		{"ErrTooLarge", strings.Repeat("#", MaxSize+1),
			"arrangement file is 262145 bytes, more than the limit of 262144 (256 KiB)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Parse([]byte(tt.doc))
			if a != nil || liaison.ErrorCode(err) != liaison.EINVALID {
				t.Fatalf("Parse() = %v, %v; want nil and an %s error", a, err, liaison.EINVALID)
			}
			if msg := liaison.ErrorMessage(err); !strings.HasPrefix(msg, tt.want) {
				t.Errorf("message %q, want it to begin %q", msg, tt.want)
			}
		})
	}
}

func TestParseAtLimit(t *testing.T) {
	doc := base + "# "
	doc += strings.Repeat("x", MaxSize-len(doc)-1) + "\n"
	if len(doc) != MaxSize {
		t.Fatalf("test document is %d bytes, want %d", len(doc), MaxSize)
	}
	if _, err := Parse([]byte(doc)); err != nil {
		t.Errorf("Parse(%d bytes) = %v, want nil", MaxSize, err)
	}
}
