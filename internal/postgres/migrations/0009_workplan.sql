-- 0009_workplan: the shared workplan (issue 6 items 6 to 8). It holds what
-- internal/sqlite's 0009_workplan.sql holds, in PostgreSQL's types.
--
-- Objectives, their actions, and progress notes on the actions. Each row
-- carries the id the creating node assigned, the same on every node that
-- holds it. An action's fields are written by its owning party only, each
-- change with a higher version; notes are only ever added. overdue_told is
-- this node's own: the due day for which its officers were told the action
-- is overdue ('' for none).
CREATE TABLE workplan_objectives (
	id            text COLLATE "C" NOT NULL,
	arrangement   text NOT NULL,
	title         text NOT NULL,
	lead_party    text NOT NULL,
	lead_agency   text NOT NULL,
	lead_officer  text NOT NULL,
	by_party      text NOT NULL,
	by_agency     text NOT NULL,
	by_officer    text NOT NULL,
	by_officer_id text NOT NULL,
	created       timestamptz NOT NULL,
	CONSTRAINT workplan_objectives_pkey PRIMARY KEY (id)
);

CREATE TABLE workplan_actions (
	id                  text COLLATE "C" NOT NULL,
	objective_id        text COLLATE "C" NOT NULL REFERENCES workplan_objectives (id),
	title               text NOT NULL,
	owner_party         text NOT NULL,
	owner_agency        text NOT NULL,
	owner_officer       text NOT NULL,
	counterpart_party   text NOT NULL,
	counterpart_agency  text NOT NULL,
	counterpart_officer text NOT NULL,
	due                 text NOT NULL,
	status              text NOT NULL CHECK (status IN ('planned', 'in_progress', 'done', 'blocked', 'dropped')),
	links               json NOT NULL,
	version             bigint NOT NULL,
	created             timestamptz NOT NULL,
	updated             timestamptz NOT NULL,
	by_party            text NOT NULL,
	by_agency           text NOT NULL,
	by_officer          text NOT NULL,
	by_officer_id       text NOT NULL,
	overdue_told        text NOT NULL,
	CONSTRAINT workplan_actions_pkey PRIMARY KEY (id)
);
CREATE INDEX workplan_actions_objective ON workplan_actions (objective_id, id);

CREATE TABLE workplan_notes (
	id                text COLLATE "C" NOT NULL,
	action_id         text COLLATE "C" NOT NULL REFERENCES workplan_actions (id),
	author_party      text NOT NULL,
	author_agency     text NOT NULL,
	author_officer    text NOT NULL,
	author_officer_id text NOT NULL,
	at                timestamptz NOT NULL,
	text              text NOT NULL,
	CONSTRAINT workplan_notes_pkey PRIMARY KEY (id)
);
CREATE INDEX workplan_notes_action ON workplan_notes (action_id, at, id);
