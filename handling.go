package liaison

// TLP 2.0 labels (FIRST, Traffic Light Protocol version 2.0, 2022).
const (
	TLPClear       = "CLEAR"
	TLPGreen       = "GREEN"
	TLPAmber       = "AMBER"
	TLPAmberStrict = "AMBER+STRICT"
	TLPRed         = "RED"
)

// TLPLabels lists the TLP 2.0 labels from least to most restricted.
var TLPLabels = []string{TLPClear, TLPGreen, TLPAmber, TLPAmberStrict, TLPRed}

// Handling codes of DESIGN.md. A code may also be "other:" followed by text.
const (
	CodeLawEnforcementOnly    = "law-enforcement-only"
	CodeNoJudicialUse         = "no-judicial-use"
	CodeNoOnwardDissemination = "no-onward-dissemination"
	CodeOtherPrefix           = "other:"
)

// HandlingCodes lists the fixed handling codes (without the free "other:" form).
var HandlingCodes = []string{CodeLawEnforcementOnly, CodeNoJudicialUse, CodeNoOnwardDissemination}

// Handling is the set of conditions attached to information. It travels
// with every case and message and is checked on both sides of the border.
type Handling struct {
	// Classification is a label from the originating party's scheme in the
	// arrangement ("PROTECTED B", "RESTRICTED").
	Classification string `json:"classification"`
	// TLP is a TLP 2.0 label.
	TLP string `json:"tlp"`
	// Codes are handling codes: see HandlingCodes, or "other:" and text.
	Codes []string `json:"codes"`
	// SourceReliability and InfoCredibility are the evaluation under the
	// arrangement's scheme (Admiralty 6x6: A–F and 1–6). Empty when the
	// content is not intelligence.
	SourceReliability string `json:"source_reliability,omitempty"`
	InfoCredibility   string `json:"info_credibility,omitempty"`
	// CrimeArea is the crime area the content concerns.
	CrimeArea CrimeArea `json:"crime_area"`
	// LegalBasis names an instrument of the arrangement by its id; required
	// when PersonalData is true.
	LegalBasis string `json:"legal_basis,omitempty"`
	// PersonalData says whether the content concerns identifiable people.
	PersonalData bool `json:"personal_data"`
	// RetainUntil is the date (YYYY-MM-DD) after which the content is purged;
	// empty means the arrangement's default.
	RetainUntil string `json:"retain_until,omitempty"`
}
