package pattern

import "testing"

func BenchmarkParse(b *testing.B) {
	for _, bc := range []struct{ name, src string }{
		{"Simple", "[ipv4-addr:value = '198.51.100.1/32']"},
		{"Hash", "[file:hashes.'SHA-256' = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f']"},
		{"Complex", "([email-message:from_ref.value MATCHES '.+\\\\@example\\\\.com$' AND email-message:body_multipart[*].body_raw_ref.name MATCHES '^Final Report.+\\\\.exe$'] FOLLOWEDBY [network-traffic:dst_ref.value IN ('198.51.100.1', '198.51.100.2') AND network-traffic:dst_port = 443]) WITHIN 600 SECONDS"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(bc.src)))
			for b.Loop() {
				if _, err := Parse(bc.src); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
