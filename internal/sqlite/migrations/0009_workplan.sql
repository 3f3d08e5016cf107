-- 0009_workplan: the shared workplan (issue 6 items 6 to 8): objectives,
-- their actions, and progress notes on the actions. Each row carries the
-- id the creating node assigned, the same on every node that holds it.
-- An action's fields are written by its owning party only, each change
-- with a higher version; notes are only ever added. overdue_told is this
-- node's own: the due day for which its officers were told the action is
-- overdue ('' for none).
CREATE TABLE workplan_objectives (
	id            TEXT PRIMARY KEY,
	arrangement   TEXT NOT NULL,
	title         TEXT NOT NULL,
	lead_party    TEXT NOT NULL,
	lead_agency   TEXT NOT NULL,
	lead_officer  TEXT NOT NULL,
	by_party      TEXT NOT NULL,
	by_agency     TEXT NOT NULL,
	by_officer    TEXT NOT NULL,
	by_officer_id TEXT NOT NULL,
	created       TEXT NOT NULL
);

CREATE TABLE workplan_actions (
	id                  TEXT PRIMARY KEY,
	objective_id        TEXT NOT NULL REFERENCES workplan_objectives (id),
	title               TEXT NOT NULL,
	owner_party         TEXT NOT NULL,
	owner_agency        TEXT NOT NULL,
	owner_officer       TEXT NOT NULL,
	counterpart_party   TEXT NOT NULL,
	counterpart_agency  TEXT NOT NULL,
	counterpart_officer TEXT NOT NULL,
	due                 TEXT NOT NULL,
	status              TEXT NOT NULL CHECK (status IN ('planned', 'in_progress', 'done', 'blocked', 'dropped')),
	links               TEXT NOT NULL,
	version             INTEGER NOT NULL,
	created             TEXT NOT NULL,
	updated             TEXT NOT NULL,
	by_party            TEXT NOT NULL,
	by_agency           TEXT NOT NULL,
	by_officer          TEXT NOT NULL,
	by_officer_id       TEXT NOT NULL,
	overdue_told        TEXT NOT NULL
);
CREATE INDEX workplan_actions_objective ON workplan_actions (objective_id, id);

CREATE TABLE workplan_notes (
	id                TEXT PRIMARY KEY,
	action_id         TEXT NOT NULL REFERENCES workplan_actions (id),
	author_party      TEXT NOT NULL,
	author_agency     TEXT NOT NULL,
	author_officer    TEXT NOT NULL,
	author_officer_id TEXT NOT NULL,
	at                TEXT NOT NULL,
	text              TEXT NOT NULL
);
CREATE INDEX workplan_notes_action ON workplan_notes (action_id, at, id);
