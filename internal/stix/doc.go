// Package stix decodes and validates STIX 2.1 objects and bundles without
// losing a byte of what the sender wrote.
//
// # Sources
//
// The rules are those of OASIS, STIX Version 2.1, OASIS Standard, 10 June
// 2021 (sections 2 "Common Data Types", 3 "STIX General Concepts" and
// "Common Properties", 4–6 the object types, 7 "Data Markings", 8 "Bundle",
// 9 "Patterning", 11 "Customizing STIX"), with the JSON schemas of
// oasis-open/cti-stix2-json-schemas where the prose is loose, and the TLP 2.0
// marking definitions that OASIS publishes for FIRST's TLP 2.0 in
// oasis-open/cti-stix-common-objects (extension-definition-specifications/tlp-2.0).
//
// # Lossless
//
// [Decode] keeps the object's bytes ([Object.Raw]) and each top-level
// property as a sub-slice of them, in the order the sender wrote them
// ([Object.Props]). Custom properties and extensions are never re-encoded:
// what a store keeps and a TAXII server serves is what arrived.
//
// # Validation
//
// Every problem is reported as a [liaison.FieldError] named by its JSON path
// (for example "object_marking_refs[1]" or
// "granular_markings[0].marking_ref"), all problems of one object in one
// [liaison.Invalid] error, so a sender fixes everything in one go.
//
// # Custom objects
//
// A type the specification does not define is accepted only when it is a
// custom object of the deprecated STIX 2.1 mechanism (section 11.2: the type
// starts with "x-") or an object of a new type defined by an extension
// definition (section 7.3: its extensions name an extension-definition--UUID
// whose extension_type is new-sdo, new-sco or new-sro). Any other unknown type
// is refused, so that a misspelt type ("indicater") does not slip through as
// an object nobody will ever find.
package stix
