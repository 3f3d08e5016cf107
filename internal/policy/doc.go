// Package policy evaluates each party's domestic rules: Cedar policy files
// that a node's administrators edit without code changes, evaluated with
// [github.com/cedar-policy/cedar-go]. The guard asks them after the
// arrangement's own terms; they can only narrow what the arrangement
// allows.
//
// A node loads its directory with [Load] (or keeps it current with a
// [Watcher]) and asks [Set.Decide] one [Request] at a time. The answer, an
// [Outcome], says allow or deny with reasons an officer can read, whether a
// supervisor's approval would lift the deny, whether the refusal must be
// escalated, the caveats that travel with an allowed release, and which
// policies decided, for the audit entry.
//
// # Model
//
// A request is put to Cedar as principal, action, resource and context:
//
//   - principal: Officer::"<officer id>" with attributes role, agency,
//     party (strings) and areas (set of crime areas); when a peer node's
//     envelope is received there is no officer and the principal is
//     Node::"<sending party>" with attribute party.
//   - action: Action::"send", "receive", "read", "disseminate", "export" or
//     "purge". A receive's principal may be a Node or an Officer, every
//     other action's is an Officer.
//   - resource: Content::"item" with attributes classification (the
//     originator's label), level (the arrangement's common level it maps
//     to, "" if unknown), rank (long: its position in the arrangement's
//     levels, 0 the lowest, -1 unknown), tlp, codes (set of handling codes),
//     area (the crime area), personal_data (bool), subjects (set of
//     "suspect", "victim", "witness", "other"), legal_basis (an instrument
//     id of the arrangement), intelligence (bool), source_reliability,
//     info_credibility and from (the originating party).
//   - context: to (set of receiving parties), party (this node's party),
//     risk ("", "none", "mitigated" or "substantial": the mistreatment-risk
//     assessment recorded for the disclosure), approved (bool: a supervisor
//     other than the author approved), to_agency and purpose (of a
//     dissemination), mla_ref (the mutual legal assistance request an
//     export as evidence rests on).
//
// Every attribute is always present, "" or empty when unknown, so policies
// need no "has" tests. [Schema] returns the model as a Cedar schema.
//
// # Annotations
//
// A policy may carry these annotations and no others:
//
//   - @reason("...") on a forbid (required): the sentence the refused
//     officer reads.
//   - @approval("supervisor") on a forbid: a supervisor's approval lifts
//     it; the policy should test context.approved.
//   - @escalate("supervisor") on a forbid: refuse, and tell the
//     supervisors.
//   - @caveat("...") on a permit: a condition that travels with the
//     release when the permit matched.
//   - @id("...") on either: a name for the administrators.
//
// # Decisions
//
// Cedar's rules hold: a matching forbid denies, else a matching permit
// allows, else deny ("no policy of party ca permits send"); so a party's
// directory needs a base permit. A directory with no policy at all allows
// everything (the arrangement's terms still apply in the guard). A forbid
// that fails to evaluate denies, naming itself. Outcome.Approval is set
// when every deciding forbid carries @approval and the same request with
// Approved set would be allowed.
//
// # Validation
//
// [Load] refuses, naming "file.cedar:line:column": syntax errors; policies
// that do not type-check against the schema (an unknown attribute, an
// officer attribute on a receive without "principal is Officer", a string
// compared with a long); actions other than the six; annotation keys other
// than the five; @approval or @escalate on a permit, or with a role other
// than "supervisor"; @caveat on a forbid; and a forbid without @reason.
// Files are read in name order, at most [MaxFiles] of at most [MaxFileSize]
// bytes each.
//
// The example rules of the India–Canada arrangement are in the package
// examples/policies, one file per law.
package policy
