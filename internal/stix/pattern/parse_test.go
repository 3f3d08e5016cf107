package pattern

import (
	"reflect"
	"strings"
	"testing"
)

// Valid patterns: the examples of STIX 2.1 section 9 and the corner cases
// of the grammar. want is the canonical print ("" when it is the input).
var validPatterns = []struct{ in, want string }{
	{in: "[ipv4-addr:value = '198.51.100.1/32']"},
	{in: "[file:hashes.'SHA-256' = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f']"},
	{in: "[file:hashes.MD5 = '79054025255fb1a26e4bc422aef54eb4']"},
	{in: "[domain-name:value = 'example.com' OR domain-name:value = 'example.net']"},
	{in: "[email-message:from_ref.value MATCHES '.+\\\\@example\\\\.com$' AND email-message:body_multipart[*].body_raw_ref.name MATCHES '^Final Report.+\\\\.exe$']"},
	{in: "[file:hashes.'SHA-256' = 'x'] FOLLOWEDBY [network-traffic:dst_ref.value = '198.51.100.5']"},
	{in: "([file:name = 'a'] AND [file:name = 'b']) REPEATS 5 TIMES"},
	{in: "[file:name = 'foo.dll'] WITHIN 300 SECONDS"},
	{in: "[file:name = 'foo.dll'] WITHIN 1.5 SECONDS"},
	{in: "[network-traffic:dst_port = 22] START t'2016-06-01T00:00:00Z' STOP t'2016-07-01T00:00:00Z'"},
	{in: "[network-traffic:dst_ref.type = 'ipv4-addr' AND network-traffic:dst_ref.value = '203.0.113.33/32']"},
	{in: "[user-account:account_type = 'unix' AND user-account:user_id = '1007' AND user-account:account_login = 'Peter'] AND [process:opened_connection_refs[*].dst_port = 22]"},
	{in: "[windows-registry-key:key = 'HKEY_LOCAL_MACHINE\\\\System\\\\Foo\\\\Bar']"},
	{in: "[x509-certificate:issuer = 'CN=WEBMAIL' AND x509-certificate:serial_number = '4c:0b:1d:19:74:86:a7:66:b4:1a:bf:40:27:21:76:28']"},
	{in: "[artifact:mime_type = 'application/vnd.tcpdump.pcap' AND artifact:payload_bin MATCHES '\\\\xd4\\\\xc3\\\\xb2\\\\xa1\\\\x02\\\\x00\\\\x04\\\\x00']"},
	{in: "[file:size > 1024]"},
	{in: "[file:size >= 1024 AND file:size <= 2048]"},
	{in: "[file:size < -1]"},
	{in: "[file:size != 0]"},
	{in: "[file:size <> 0]", want: "[file:size != 0]"},
	{in: "[file:size == 0]", want: "[file:size = 0]"},
	{in: "[file:name IN ('a', 'b', 'c')]"},
	{in: "[file:name NOT IN ('a')]"},
	{in: "[file:name IN ()]"},
	{in: "[file:name LIKE 'foo%']"},
	{in: "[file:name NOT LIKE 'foo_']"},
	{in: "[ipv4-addr:value ISSUBSET '198.51.100.0/24']"},
	{in: "[ipv4-addr:value NOT ISSUPERSET '198.51.100.0/24']"},
	{in: "[EXISTS windows-registry-key:values]"},
	{in: "[file:is_encrypted = true]"},
	{in: "[file:is_encrypted != false]"},
	{in: "[file:magic_number_hex = h'ffd8']"},
	{in: "[artifact:payload_bin = b'SGVsbG8=']"},
	{in: "[file:created > t'2016-01-01T00:00:00.000Z']"},
	{in: "[file:ratio = 0.5]"},
	{in: "[file:ratio = .5]", want: "[file:ratio = 0.5]"},
	{in: "[file:ratio = -0.25]"},
	{in: "[file:size = +7]", want: "[file:size = 7]"},
	{in: "[file:name = 'it\\'s']"},
	{in: "[file:extensions.'windows-pebinary-ext'.sections[0].entropy > 7.0]"},
	{in: "[process:child_refs[-1].name = 'x']"},
	{in: "[file:'name' = 'x']", want: "[file:name = 'x']"},
	{in: "[file:x.'IN' = 1]"},
	{in: "[a:b = 1] AND [c:d = 2] OR [e:f = 3]", want: "[a:b = 1] AND [c:d = 2] OR [e:f = 3]"},
	{in: "[a:b = 1] AND ([c:d = 2] OR [e:f = 3])"},
	{in: "([a:b = 1] AND [c:d = 2]) OR [e:f = 3]", want: "[a:b = 1] AND [c:d = 2] OR [e:f = 3]"},
	{in: "[a:b = 1] FOLLOWEDBY ([c:d = 2] FOLLOWEDBY [e:f = 3])"},
	{in: "[a:b = 1 AND (c:d = 2 OR e:f = 3)]"},
	{in: "[(a:b = 1)]", want: "[a:b = 1]"},
	{in: "[a:b = 1] WITHIN 10 SECONDS REPEATS 2 TIMES"},
	{in: "([a:b = 1] OR [c:d = 2]) WITHIN 10 SECONDS"},
	{in: "  [a:b = 1] /* a comment */ AND // to the end of the line\n [c:d = 2]  ", want: "[a:b = 1] AND [c:d = 2]"},
	{in: "[a:b = 1]\u00a0AND\u3000[c:d = 2]", want: "[a:b = 1] AND [c:d = 2]"},
}

var invalidPatterns = []struct{ in, msg string }{
	{"", "1:1 (byte 0): expected '[' or '('"},
	{"[]", "1:2 (byte 1): expected an object path"},
	{"[file:name = 'x'", "1:17 (byte 16): expected ']' or AND or OR, found the end"},
	{"file:name = 'x'", "expected '[' or '('"},
	{"[file:name = 'x'] AND", "1:22 (byte 21): expected '[' or '('"},
	{"[file:name = 'x'] and [file:name = 'y']", "1:19 (byte 18): expected AND, OR, FOLLOWEDBY"},
	{"[file:name 'x']", "expected a comparison operator"},
	{"[file:name = x]", "expected a literal, found 'x'"},
	{"[file = 'x']", "expected ':' after the object type"},
	{"[file: = 'x']", "expected a property name after ':'"},
	{"[file:hashes.SHA-256 = 'x']", "has a hyphen: quote it"},
	{"[file:name = 'x]", "string not closed"},
	{"[file:name = 'a\\x']", `invalid escape in string`},
	{"[file:size > true]", "expected an orderable literal"},
	{"[file:name LIKE 5]", "expected a string literal after LIKE"},
	{"[file:name MATCHES]", "expected a string literal after MATCHES"},
	{"[file:name IN 'a']", "expected '(' to start the set after IN"},
	{"[file:name IN ('a', 1)]", "a set's values must all be of one kind"},
	{"[file:name IN ('a' 'b')]", "expected ',' or ')'"},
	{"[file:size = 007]", "an integer may not start with 0"},
	{"[file:size = 99999999999999999999]", "integer out of range"},
	{"[file:size = 1.]", "expected a digit after the decimal point"},
	{"[file:magic = h'abc']", "even number of hex digits"},
	{"[file:magic = h'zz']", "only hex digits"},
	{"[file:magic = b'SGVsbG8']", "not padded base64"},
	{"[file:created = t'2016-01-01']", "timestamp literal must be"},
	{"[file:created = t'2016-01-01T00:00:00+01:00']", "timestamp literal must be"},
	{"[file:created = t'2016-13-01T00:00:00Z']", "timestamp literal must be"},
	{"[a:b = 1] WITHIN SECONDS", "a positive number of seconds after WITHIN"},
	{"[a:b = 1] WITHIN 0 SECONDS", "greater than 0"},
	{"[a:b = 1] WITHIN -5 SECONDS", "a positive number of seconds"},
	{"[a:b = 1] WITHIN 5", "expected SECONDS"},
	{"[a:b = 1] REPEATS 0 TIMES", "from 1"},
	{"[a:b = 1] REPEATS 1.5 TIMES", "a positive whole number after REPEATS"},
	{"[a:b = 1] REPEATS 2", "expected TIMES"},
	{"[a:b = 1] START '2016-01-01T00:00:00Z' STOP t'2017-01-01T00:00:00Z'", "a timestamp t'...' after START"},
	{"[a:b = 1] START t'2017-01-01T00:00:00Z' STOP t'2016-01-01T00:00:00Z'", "STOP must be later than START"},
	{"[a:b = 1] START t'2016-01-01T00:00:00Z'", "expected STOP"},
	{"[a:b[x] = 1]", "a list index"},
	{"[a:b[1 = 1]", "']' after the list index"},
	{"[a:b = 1]]", "expected AND, OR, FOLLOWEDBY"},
	{"([a:b = 1]", "expected ')'"},
	{"[a:b = 1 AND]", "expected an object path"},
	{"[a:b = 1] /* open", "comment not closed"},
	{"[a:b = 1] # x", `unexpected character '#'`},
	{"[EXISTS]", "expected an object path"},
	{"[a:b NOT EXISTS c:d]", "expected a comparison operator"},
	{"[a:b = 1]\n  AND [c:d ~ 2]", "2:12 (byte 21): unexpected character '~'"},
	{strings.Repeat("(", 200) + "[a:b = 1]" + strings.Repeat(")", 200), "nested deeper than 100"},
	{"[" + strings.Repeat("(", 200) + "a:b = 1" + strings.Repeat(")", 200) + "]", "nested deeper than 100"},
}

func TestParseValid(t *testing.T) {
	for _, tc := range validPatterns {
		t.Run(tc.in, func(t *testing.T) {
			e, err := Parse(tc.in)
			if err != nil {
				t.Fatalf("Parse(%q) = %v, want a tree", tc.in, err)
			}
			want := tc.want
			if want == "" {
				want = tc.in
			}
			if got := String(e); got != want {
				t.Errorf("String(Parse(%q)) = %q, want %q", tc.in, got, want)
			}
			e2, err := Parse(String(e))
			if err != nil {
				t.Fatalf("Parse(String(...)) = %v", err)
			}
			if !reflect.DeepEqual(e, e2) {
				t.Errorf("Parse(String(Parse(%q))) gives another tree", tc.in)
			}
		})
	}
}

func TestParseInvalid(t *testing.T) {
	for _, tc := range invalidPatterns {
		t.Run(tc.in, func(t *testing.T) {
			_, err := Parse(tc.in)
			if err == nil {
				t.Fatalf("Parse(%q) = ok, want an error with %q", tc.in, tc.msg)
			}
			se, ok := err.(*SyntaxError)
			if !ok {
				t.Fatalf("Parse(%q) error is %T, want *SyntaxError", tc.in, err)
			}
			if !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("Parse(%q) = %q, want it to contain %q", tc.in, err, tc.msg)
			}
			if se.Offset < 0 || se.Offset > len(tc.in) || se.Line < 1 || se.Column < 1 {
				t.Errorf("Parse(%q): position %d %d:%d out of range", tc.in, se.Offset, se.Line, se.Column)
			}
		})
	}
}

func TestParseTree(t *testing.T) {
	e, err := Parse("[file:hashes.'SHA-256' = 'ab' AND file:parent_directory_ref.path[*] != 'c'] WITHIN 60 SECONDS")
	if err != nil {
		t.Fatal(err)
	}
	want := &Qualified{
		Expr: &Observation{Comparison: &ComparisonOp{Op: "AND",
			Left: &Test{Path: ObjectPath{Type: "file", Steps: []Step{{Kind: KeyStep, Key: "hashes"}, {Kind: KeyStep, Key: "SHA-256"}}},
				Op: "=", Value: Literal{Kind: StringLit, Str: "ab"}},
			Right: &Test{Path: ObjectPath{Type: "file", Steps: []Step{{Kind: KeyStep, Key: "parent_directory_ref"}, {Kind: KeyStep, Key: "path"}, {Kind: AnyStep}}},
				Op: "!=", Value: Literal{Kind: StringLit, Str: "c"}},
		}},
		Qualifier: Qualifier{Kind: "WITHIN", Seconds: 60},
	}
	if !reflect.DeepEqual(e, want) {
		t.Errorf("Parse = %#v, want %#v", e, want)
	}
}
