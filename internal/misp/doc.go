// Package misp converts MISP events to STIX 2.1 and back (issue 7 item
// 6). It is pure: no I/O, no clock; the same input gives the same bytes.
//
// # Sources
//
// The MISP core format is A. Dulaunoy and A. Iklody, "MISP core format",
// draft-dulaunoy-misp-core-format (IETF Internet-Draft, CIRCL), which
// describes Event, Attribute, Object, Tag, Galaxy and GalaxyCluster. The
// mapping follows the spirit of the MISP project's own converter
// (MISP/misp-stix, documentation/misp_attributes_to_stix21.md): to_ids
// attributes become indicators, the others observed data; the labels
// `misp:type="..."` and `misp:category="..."` carry the MISP type.
// STIX is OASIS, STIX Version 2.1 (2021); deterministic SCO ids follow
// its section 2.9.
//
// # Reading
//
// [Decode] reads one event (`{"Event": {...}}`), a list of them, or
// MISP's API answer (`{"response": [...]}`), within [MaxBytes] and the
// other limits, and names the JSON path of any problem.
//
// # Converting
//
// [Convert] turns events into STIX objects and a [liaison.MISPReport];
// [Export] turns STIX objects back into MISP events. See
// docs/design/misp.md for what maps to what.
package misp
