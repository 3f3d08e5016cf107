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

// Subject categories: whom personal data is about. An arrangement says
// which categories may cross for which crime area and legal basis.
const (
	SubjectSuspect = "suspect"
	SubjectVictim  = "victim"
	SubjectWitness = "witness"
	SubjectOther   = "other"
)

// Subjects lists the subject categories of personal data.
var Subjects = []string{SubjectSuspect, SubjectVictim, SubjectWitness, SubjectOther}

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
	// arrangement's scheme (Admiralty 6x6: A–F and 1–6). Required when
	// Intelligence is true.
	SourceReliability string `json:"source_reliability,omitempty"`
	InfoCredibility   string `json:"info_credibility,omitempty"`
	// CrimeArea is the crime area the content concerns.
	CrimeArea CrimeArea `json:"crime_area"`
	// LegalBasis names an instrument of the arrangement by its id; required
	// when PersonalData is true.
	LegalBasis string `json:"legal_basis,omitempty"`
	// PersonalData says whether the content concerns identifiable people.
	PersonalData bool `json:"personal_data"`
	// Subjects are the categories of the people the personal data is
	// about (see Subjects); required when PersonalData is true.
	Subjects []string `json:"subjects,omitempty"`
	// Intelligence marks content that is intelligence rather than fact
	// established by an authority: it must carry an evaluation.
	Intelligence bool `json:"intelligence,omitempty"`
	// RetainUntil is the date (YYYY-MM-DD) after which the content is purged;
	// empty means the arrangement's default.
	RetainUntil string `json:"retain_until,omitempty"`
}
