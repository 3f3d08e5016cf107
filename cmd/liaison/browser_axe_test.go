package main

import (
	_ "embed"
	"fmt"
	"strings"

	"github.com/chromedp/chromedp"
)

// axeScript is axe-core, vendored from the npm registry (see
// DEPENDENCIES.md), injected into the pages under test.
//
//go:embed testdata/axe/axe.min.js
var axeScript string

// axeTags are the rule sets the pages must pass: WCAG 2.0, 2.1 and 2.2,
// levels A and AA.
var axeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"}

// axeViolation is one failed axe-core rule, with the elements that fail it.
type axeViolation struct {
	ID      string   `json:"id"`
	Impact  string   `json:"impact"`
	Help    string   `json:"help"`
	Targets []string `json:"targets"`
}

func (v axeViolation) String() string {
	return fmt.Sprintf("%s (%s): %s: %s", v.ID, v.Impact, v.Help, strings.Join(v.Targets, ", "))
}

// axe runs axe-core on the page as it is and returns the serious and
// critical violations of the WCAG 2.x A and AA rules.
func (b *tab) axe() []axeViolation {
	b.t.Helper()
	loaded := step(b, "look for axe-core", chromedp.Evaluate[bool](`typeof window.axe === "object"`))
	if !loaded {
		step(b, "inject axe-core", chromedp.Evaluate[chromedp.Void](axeScript))
	}
	run := fmt.Sprintf(`axe.run(document, {runOnly: %s}).then(r => r.violations
		.filter(v => v.impact === "serious" || v.impact === "critical")
		.map(v => ({id: v.id, impact: v.impact, help: v.help,
			targets: v.nodes.map(n => n.target.join(" "))})))`, jsStrings(axeTags))
	return step(b, "run axe-core", chromedp.Evaluate[[]axeViolation](run, chromedp.EvalAwaitPromise))
}

// checkAxe fails the test with every serious or critical violation axe
// finds on the page, and every fault the page recorded (see checkFaults),
// naming the route.
func (b *tab) checkAxe(route string) {
	b.t.Helper()
	b.checkFaults(route)
	for _, v := range b.axe() {
		b.t.Errorf("axe on %s: %s", route, v)
	}
}

func jsStrings(s []string) string {
	q := make([]string, len(s))
	for i, v := range s {
		q[i] = fmt.Sprintf("%q", v)
	}
	return "[" + strings.Join(q, ",") + "]"
}
