-- 0017_inbox_state: the inbox lists unread messages first, over however
-- many are held, and read ones newest first.
CREATE INDEX messages_inbound_state ON messages (inbound, state, pos);
