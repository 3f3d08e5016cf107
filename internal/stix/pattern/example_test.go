package pattern_test

import (
	"fmt"

	"github.com/liaison-project/liaison/internal/stix/pattern"
)

func ExampleParse() {
	e, err := pattern.Parse("[file:hashes.'SHA-256' == 'ab'] FOLLOWEDBY ([a:b = 1] OR [c:d = 2]) WITHIN 60 SECONDS")
	fmt.Println(pattern.String(e), err)
	// Output: [file:hashes.'SHA-256' = 'ab'] FOLLOWEDBY ([a:b = 1] OR [c:d = 2]) WITHIN 60 SECONDS <nil>
}

func ExampleSyntaxError() {
	_, err := pattern.Parse("[file:name = 'a']\nAND [file:size > true]")
	fmt.Println(err)
	// Output: pattern 2:18 (byte 35): expected an orderable literal (number, string, h'', b'' or t''), found 'true'
}
