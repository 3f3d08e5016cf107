package liaison

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Limits on handling codes. A code list is short in practice; the bounds
// keep a hostile envelope from carrying megabytes of "other:" text.
const (
	maxCodes     = 16
	maxOtherText = 200
)

// Validate checks h against the terms of a, for content sent by party. It
// returns nil or an EINVALID [*Error] whose field names have no prefix
// ("tlp", "codes[1]"); callers add theirs with [Fields.Prefix]. Each
// problem lists the allowed values where there is a closed set.
//
// Validate checks form, not permission: a classification above the
// arrangement's ceiling is valid here and refused by the guard, and
// RetainUntil is not compared with the clock.
func (h *Handling) Validate(a *Arrangement, party string) error {
	if a == nil {
		return Errorf(EINVALID, "no arrangement to validate handling against")
	}
	var f Fields
	h.validateClassification(&f, a, party)
	switch {
	case h.TLP == "":
		f.Add("tlp", "required", TLPLabels...)
	case !slices.Contains(TLPLabels, h.TLP):
		f.Add("tlp", "unknown label "+quote(h.TLP), TLPLabels...)
	}
	h.validateCodes(&f)
	h.validateEvaluation(&f, a)
	areas := make([]string, len(a.CrimeAreas))
	for i, c := range a.CrimeAreas {
		areas[i] = string(c)
	}
	switch {
	case h.CrimeArea == "":
		f.Add("crime_area", "required", areas...)
	case !a.Covers(h.CrimeArea):
		f.Add("crime_area", "crime area "+quote(string(h.CrimeArea))+" is not in the arrangement's scope", areas...)
	}
	h.validateLegalBasis(&f, a, party)
	h.validateSubjects(&f)
	if h.RetainUntil != "" {
		if _, err := time.Parse(time.DateOnly, h.RetainUntil); err != nil {
			f.Add("retain_until", "not a date in the form YYYY-MM-DD: "+quote(h.RetainUntil))
		}
	}
	return f.Err()
}

func (h *Handling) validateClassification(f *Fields, a *Arrangement, party string) {
	labels := a.Labels(party)
	switch {
	case !a.HasParty(party):
		f.Add("classification", fmt.Sprintf("%s is not a party to the arrangement", quote(party)))
	case len(labels) == 0:
		f.Add("classification", fmt.Sprintf("the arrangement has no classification scheme for party %s", quote(party)))
	case h.Classification == "":
		f.Add("classification", "required", labels...)
	case !slices.Contains(labels, h.Classification):
		f.Add("classification", fmt.Sprintf("unknown label %s in the scheme of party %s", quote(h.Classification), quote(party)), labels...)
	}
}

func (h *Handling) validateCodes(f *Fields) {
	allowed := append(slices.Clone(HandlingCodes), CodeOtherPrefix+"TEXT")
	if len(h.Codes) > maxCodes {
		f.Add("codes", fmt.Sprintf("%d codes, more than %d", len(h.Codes), maxCodes))
		return
	}
	for i, c := range h.Codes {
		field := indexed("codes", i)
		if slices.Contains(h.Codes[:i], c) {
			f.Add(field, "duplicate code "+quote(c))
			continue
		}
		if slices.Contains(HandlingCodes, c) {
			continue
		}
		text, ok := strings.CutPrefix(c, CodeOtherPrefix)
		if !ok {
			f.Add(field, "unknown code "+quote(c), allowed...)
			continue
		}
		if problem := otherText(text); problem != "" {
			f.Add(field, problem)
		}
	}
}

// otherText says what is wrong with the free text of an "other:" code, or
// returns "" when nothing is.
func otherText(text string) string {
	switch {
	case strings.TrimSpace(text) == "":
		return `"other:" must be followed by text`
	case !utf8.ValidString(text):
		return `text after "other:" is not valid UTF-8`
	case utf8.RuneCountInString(text) > maxOtherText:
		return fmt.Sprintf(`text after "other:" is longer than %d characters`, maxOtherText)
	case strings.IndexFunc(text, unicode.IsControl) >= 0:
		return `text after "other:" contains a control character`
	}
	return ""
}

func (h *Handling) validateEvaluation(f *Fields, a *Arrangement) {
	sources, infos := a.EvaluationScale()
	if sources == nil {
		f.Add("source_reliability", "the arrangement names an unknown evaluation scheme "+quote(a.Evaluation), EvalAdmiralty, EvalEuropol)
		return
	}
	sr, ic := h.SourceReliability, h.InfoCredibility
	switch {
	case sr == "" && ic == "" && h.Intelligence:
		f.Add("source_reliability", "required for intelligence", sources...)
		f.Add("info_credibility", "required for intelligence", infos...)
		return
	case sr == "" && ic == "":
		return
	case sr == "":
		f.Add("source_reliability", "required when info_credibility is set", sources...)
	case ic == "":
		f.Add("info_credibility", "required when source_reliability is set", infos...)
	}
	if sr != "" && !slices.Contains(sources, sr) {
		f.Add("source_reliability", "unknown grade "+quote(sr)+" for evaluation scheme "+evalName(a), sources...)
	}
	if ic != "" && !slices.Contains(infos, ic) {
		f.Add("info_credibility", "unknown grade "+quote(ic)+" for evaluation scheme "+evalName(a), infos...)
	}
}

func evalName(a *Arrangement) string {
	if a.Evaluation == "" {
		return EvalAdmiralty
	}
	return a.Evaluation
}

func (h *Handling) validateLegalBasis(f *Fields, a *Arrangement, party string) {
	var ids []string
	for _, in := range a.LegalBases(party) {
		ids = append(ids, in.ID)
	}
	switch {
	case h.LegalBasis == "":
		if h.PersonalData {
			f.Add("legal_basis", "required when personal_data is true", ids...)
		}
	case !slices.Contains(ids, h.LegalBasis):
		if in, ok := a.InstrumentByID(h.LegalBasis); ok {
			f.Add("legal_basis", fmt.Sprintf("instrument %s is domestic law of party %s and cannot be the legal basis for party %s", quote(in.ID), quote(in.Party), quote(party)), ids...)
		} else {
			f.Add("legal_basis", "unknown instrument "+quote(h.LegalBasis), ids...)
		}
	}
}

func (h *Handling) validateSubjects(f *Fields) {
	switch {
	case h.PersonalData && len(h.Subjects) == 0:
		f.Add("subjects", "required when personal_data is true: whom the data is about", Subjects...)
	case !h.PersonalData && len(h.Subjects) > 0:
		f.Add("subjects", "set only when personal_data is true")
	}
	for i, s := range h.Subjects {
		field := indexed("subjects", i)
		switch {
		case !slices.Contains(Subjects, s):
			f.Add(field, "unknown subject category "+quote(s), Subjects...)
		case slices.Contains(h.Subjects[:i], s):
			f.Add(field, "duplicate subject category "+quote(s))
		}
	}
}
