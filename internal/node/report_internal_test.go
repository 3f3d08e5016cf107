package node

import "testing"

func TestRemoval(t *testing.T) {
	for action, want := range map[string]bool{
		"message.recall": true, "message.recall-purged": true, "message.recall-kept": true,
		"recall.receive": true, "recall-answer.receive": true, "recall.refuse": true,
		"message.purge": true, "case.purge": true, "purged.refuse": true, "message.keep": true,
		"message.send": false, "message.hold": false, "message.read": false, "report.read": false,
		"message.handling": false, "audit.alarm": false,
	} {
		if got := removal(action); got != want {
			t.Errorf("removal(%q) = %v, want %v", action, got, want)
		}
	}
}
