// Package match finds the STIX indicators that observables hit (issue 7
// item 7): an in-memory index of indicator patterns, and a decoder of
// observables sent as JSON lines. It is pure: no I/O, no clock (the caller
// passes the time), no store.
//
// # Index
//
// Comparisons analysts write most are indexed in hash maps keyed by
// normalised values, so a lookup costs a few map probes whatever the
// number of indicators:
//
//   - ipv4-addr:value and ipv6-addr:value, = or ISSUBSET, an address or a
//     CIDR block: one map per address family keyed by prefix length and
//     masked address; an observed address is looked up once per prefix
//     length that some indicator uses. "=" to a CIDR block means
//     membership, as analysts mean it.
//   - domain-name:value =: an observed name hits an indicator on the name
//     itself and on every parent domain, so x.evil.com hits evil.com (the
//     issue's "domains with subdomains"). Names are compared lower-cased
//     without a trailing dot; internationalised names are compared as
//     written (no IDNA mapping).
//   - url:value =: compared after RFC 3986 section 6.2.2 and 6.2.3
//     normalisation (see [NormalizeURL]).
//   - email-addr:value =: the domain part lower-cased, the local part as
//     written (RFC 5321 leaves it to the receiving host).
//   - file:hashes.MD5, SHA-1, SHA-256, SHA-512, SHA3-256, SHA3-512 =: hex
//     compared case-insensitively; the algorithm name is read without
//     regard to case, hyphens or underscores ('SHA-256', SHA256, sha256).
//
// IN on those paths is indexed as one comparison per member. A pattern is
// indexed by its anchors: every branch of an OR (comparison or
// observation), one side of an AND within an observation (the other side
// is then verified against the observable), both sides of an observation
// AND or FOLLOWEDBY. A pattern without anchors (LIKE, MATCHES, !=, <, >,
// NOT, EXISTS, other paths) goes to the evaluate list, kept per object
// type and evaluated for every observable of that type, with any of its
// comparisons as anchor.
//
// # Answers
//
// An observable is one object. A comparison on another object type, or
// on a property the observable does not carry, is unknown rather than
// false: another object of the same observation might satisfy it. An
// indicator is a hit when its pattern is true for the observable alone;
// it is partial, with the reason, when an anchor is true but the pattern
// cannot be decided from one observable: unknown comparisons, an
// observation AND or FOLLOWEDBY (several observations), or a qualifier
// (WITHIN, REPEATS and START/STOP need the observations' times). A
// partial answer is never counted as a hit.
//
// Only the latest version of an indicator counts; a revoked latest
// version removes the indicator; an indicator hits only from valid_from
// and before valid_until.
//
// # Limits of evaluation
//
// MATCHES uses Go's RE2 syntax: a PCRE expression RE2 cannot compile is
// unknown. LIKE follows SQL (% and _). Comparisons of binary, hex and
// timestamp literals with observed values compare the observed text.
// Object references (_ref) are not followed.
package match
