package policy

import (
	_ "embed"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	cedar "github.com/cedar-policy/cedar-go"
	xast "github.com/cedar-policy/cedar-go/x/exp/ast"
	"github.com/cedar-policy/cedar-go/x/exp/schema"
	"github.com/cedar-policy/cedar-go/x/exp/schema/validate"
	"github.com/liaison-project/liaison"
)

//go:embed schema.cedarschema
var schemaText []byte

// validator checks policies against the schema of the package doc. It is
// built once from the embedded schema and never changes.
var validator = func() *validate.Validator {
	var s schema.Schema
	s.SetFilename("schema.cedarschema")
	if err := s.UnmarshalCedar(schemaText); err != nil {
		panic("policy: embedded schema: " + err.Error())
	}
	r, err := s.Resolve()
	if err != nil {
		panic("policy: embedded schema: " + err.Error())
	}
	return validate.New(r, validate.WithStrict())
}()

// Schema returns the Cedar schema policies are validated against, for
// administrators and their editors.
func Schema() []byte { return slices.Clone(schemaText) }

// check validates one parsed policy of file display (whose bytes are data)
// and reads its annotations into a rule.
func check(display string, data []byte, p *cedar.Policy) (*rule, []liaison.FieldError) {
	pos := p.Position()
	var fields []liaison.FieldError
	problem := func(needle, format string, args ...any) {
		line, col := pos.Line, pos.Column
		if needle != "" {
			line, col = locate(data, pos, needle)
		}
		fields = append(fields, liaison.FieldError{Field: at(display, line, col), Problem: fmt.Sprintf(format, args...)})
	}

	ru := &rule{policy: p, source: p, forbid: p.Effect() == cedar.Forbid}
	for _, a := range p.AST().Annotations {
		key, value := string(a.Key), string(a.Value)
		switch key {
		case annReason:
			ru.reason = value
		case annCaveat:
			ru.caveat = value
		case annApproval, annEscalate:
			if value != string(liaison.RoleSupervisor) {
				problem("@"+key, "@%s(%q): the only role that approves or hears an escalation is \"supervisor\"", key, value)
			}
			ru.approval = ru.approval || key == annApproval
			ru.escalate = ru.escalate || key == annEscalate
			if !ru.forbid {
				problem("@"+key, "@%s on a permit: only a forbid can be lifted by approval or escalate", key)
			}
		case annID:
		default:
			problem("@"+key, "unknown annotation @%s; known are @reason, @approval, @escalate, @caveat, @id", key)
		}
	}
	switch {
	case ru.forbid && strings.TrimSpace(ru.reason) == "":
		problem("", "forbid without @reason(\"...\"): the officer refused must be told why")
	case ru.forbid && ru.caveat != "":
		problem("@"+annCaveat, "@caveat on a forbid: caveats go on the permit that allows")
	case ru.approval && ru.escalate:
		problem("@"+annEscalate, "@approval and @escalate together: an escalated refusal is not lifted by approval")
	}

	actionsOK := true
	for _, uid := range actionsOf(p.AST().Action) {
		if uid.Type != typeAction || !slices.Contains(Actions, string(uid.ID)) {
			actionsOK = false
			problem(`"`+string(uid.ID)+`"`, "unknown action %s; the actions are %s", uid, strings.Join(Actions, ", "))
		}
	}
	if actionsOK {
		// The validator reports per policy and per action; point at the
		// attribute or type it names, once.
		seen := map[string]bool{}
		for _, err := range validatePolicy(p) {
			err = forAction.ReplaceAllString(err, "")
			if strings.Contains(err, "entity type `Node`") {
				err += " (a receive has no officer: test `principal is Officer` first)"
			}
			needle := ""
			if m := backticked.FindStringSubmatch(err); m != nil {
				needle = m[1]
				if strings.HasPrefix(err, "attribute") {
					needle = "." + needle
				}
			}
			key := needle
			if key == "" {
				key = err
			}
			if seen[key] {
				continue
			}
			seen[key] = true
			problem(needle, "%s", err)
		}
	}
	return ru, fields
}

var (
	backticked = regexp.MustCompile("`([^`]+)`")
	forAction  = regexp.MustCompile(` for Action::"[^"]*"`)
)

// actionsOf returns the action entities a policy's scope names.
func actionsOf(scope xast.IsActionScopeNode) []cedar.EntityUID {
	switch s := scope.(type) {
	case xast.ScopeTypeEq:
		return []cedar.EntityUID{s.Entity}
	case xast.ScopeTypeIn:
		return []cedar.EntityUID{s.Entity}
	case xast.ScopeTypeInSet:
		return s.Entities
	}
	return nil
}

// validatePolicy type-checks p against the schema. The validator lives in
// cedar-go's experimental tree; a panic in it is a refusal, not a crash.
func validatePolicy(p *cedar.Policy) (errs []string) {
	defer func() {
		if r := recover(); r != nil {
			errs = []string{fmt.Sprintf("cannot be validated against the schema: %v", r)}
		}
	}()
	err := validator.Policy("", (*xast.Policy)(p.AST()))
	if err == nil {
		return nil
	}
	var joined interface{ Unwrap() []error }
	if errors.As(err, &joined) {
		for _, e := range joined.Unwrap() {
			errs = append(errs, e.Error())
		}
		return errs
	}
	return []string{err.Error()}
}
