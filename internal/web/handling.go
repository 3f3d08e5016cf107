package web

import (
	"strings"

	"github.com/liaison-project/liaison"
)

// evaluationWords says a handling's evaluation in words under the
// arrangement's scheme: "B2: usually reliable source, probably true".
// Empty when the content carries no evaluation.
func evaluationWords(l *locale, h liaison.Handling, scheme string) string {
	if h.SourceReliability == "" && h.InfoCredibility == "" {
		return ""
	}
	if scheme != liaison.EvalEuropol {
		scheme = liaison.EvalAdmiralty
	}
	src, info := l.T("eval.none"), l.T("eval.none")
	if h.SourceReliability != "" {
		src = l.T("eval." + scheme + ".source." + h.SourceReliability)
	}
	if h.InfoCredibility != "" {
		info = l.T("eval." + scheme + ".info." + h.InfoCredibility)
	}
	return l.T("eval.summary", h.SourceReliability+h.InfoCredibility, src, info)
}

// codeWords says a handling code in words; a free "other:" code shows its
// text.
func codeWords(l *locale, c string) string {
	if text, ok := strings.CutPrefix(c, liaison.CodeOtherPrefix); ok {
		return l.T("code.other", strings.TrimSpace(text))
	}
	return l.T("code." + c)
}

// evalScale returns a scheme's source and information grades, as the
// arrangement's validation knows them.
func evalScale(scheme string) (sources, infos []string) {
	a := liaison.Arrangement{Evaluation: scheme}
	return a.EvaluationScale()
}
