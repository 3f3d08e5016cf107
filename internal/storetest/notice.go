package storetest

import (
	"testing"
	"time"

	"github.com/liaison-project/liaison"
)

func notice(event, officer string, d int) liaison.Notice {
	return liaison.Notice{
		EventID: event, Officer: officer, Kind: "request.reminder", Object: id('r', 1), CaseID: id('c', 1),
		Area: liaison.AreaDrugs, Priority: liaison.PriorityUrgent, Text: "Request is due in 4 hours",
		Time: at(d), Created: at(d),
	}
}

func testNotices(t *testing.T, open Open) {
	s := open(t)
	ctx := t.Context()
	var added int
	mustUpdate(t, s, func(tx liaison.Tx) error {
		var err error
		added, err = tx.AddNotices([]liaison.Notice{notice("e1", "o1", 0), notice("e1", "o2", 0), notice("e2", "o1", 1)})
		return err
	})
	if added != 3 {
		t.Errorf("AddNotices = %d, want 3", added)
	}
	// The same event told again adds nothing: one notice per event per officer.
	mustUpdate(t, s, func(tx liaison.Tx) error {
		var err error
		added, err = tx.AddNotices([]liaison.Notice{notice("e1", "o1", 5), notice("e3", "o1", 2)})
		return err
	})
	if added != 1 {
		t.Errorf("AddNotices again = %d, want 1", added)
	}
	ns, next, err := s.Notices(ctx, liaison.NoticeFilter{Officer: "o1"})
	wantNoError(t, "Notices", err)
	if len(ns) != 3 || next != "" {
		t.Fatalf("Notices(o1) = %d notices, next %q; want 3, \"\"", len(ns), next)
	}
	want := notice("e1", "o1", 0)
	want.ID = ns[0].ID
	diff(t, "first notice", ns[0], want)
	if !(ns[0].ID < ns[1].ID && ns[1].ID < ns[2].ID) || ns[1].EventID != "e2" || ns[2].EventID != "e3" {
		t.Errorf("Notices(o1) order = %v, %v, %v; want e1, e2, e3 by increasing id", ns[0].EventID, ns[1].EventID, ns[2].EventID)
	}

	page, next, err := s.Notices(ctx, liaison.NoticeFilter{Officer: "o1", Limit: 2})
	wantNoError(t, "Notices page 1", err)
	if len(page) != 2 || next == "" {
		t.Fatalf("Notices(limit 2) = %d, next %q; want 2 and a cursor", len(page), next)
	}
	page, next, err = s.Notices(ctx, liaison.NoticeFilter{Officer: "o1", Limit: 2, After: next})
	wantNoError(t, "Notices page 2", err)
	if len(page) != 1 || next != "" || page[0].EventID != "e3" {
		t.Errorf("Notices page 2 = %v, next %q; want e3 only", page, next)
	}
	_, _, err = s.Notices(ctx, liaison.NoticeFilter{Officer: "o1", After: "garbage"})
	wantCode(t, "Notices(bad cursor)", err, liaison.EINVALID)

	// An officer reads only their own notices.
	err = s.Update(ctx, func(tx liaison.Tx) error { return tx.ReadNotice("o2", ns[0].ID, at(10)) })
	wantCode(t, "ReadNotice(another's)", err, liaison.ENOTFOUND)
	mustUpdate(t, s, func(tx liaison.Tx) error { return tx.ReadNotice("o1", ns[0].ID, at(10)) })
	mustUpdate(t, s, func(tx liaison.Tx) error { return tx.ReadNotice("o1", ns[0].ID, at(20)) })
	unread, _, err := s.Notices(ctx, liaison.NoticeFilter{Officer: "o1", Unread: true})
	wantNoError(t, "Notices(unread)", err)
	if len(unread) != 2 {
		t.Errorf("unread = %d, want 2", len(unread))
	}
	all, _, _ := s.Notices(ctx, liaison.NoticeFilter{Officer: "o1"})
	if all[0].Read == nil || !all[0].Read.Equal(at(10)) {
		t.Errorf("read = %v, want %v (the first read)", all[0].Read, at(10))
	}
	var count int
	mustUpdate(t, s, func(tx liaison.Tx) error {
		var err error
		count, err = tx.ReadNotices("o1", at(2), at(30))
		return err
	})
	if count != 1 {
		t.Errorf("ReadNotices(before +2s) = %d, want 1 (e2)", count)
	}
	mustUpdate(t, s, func(tx liaison.Tx) error {
		var err error
		count, err = tx.ReadNotices("o1", time.Time{}, at(30))
		return err
	})
	if count != 1 {
		t.Errorf("ReadNotices(all) = %d, want 1 (e3)", count)
	}
	o2, _, _ := s.Notices(ctx, liaison.NoticeFilter{Officer: "o2", Unread: true})
	if len(o2) != 1 {
		t.Errorf("o2 unread = %d, want 1: another officer's reads change nothing", len(o2))
	}
}

func testSubscription(t *testing.T, open Open) {
	s := open(t)
	ctx := t.Context()
	_, err := s.Subscription(ctx, "o1")
	wantCode(t, "Subscription(none)", err, liaison.ENOTFOUND)
	sub := liaison.Subscription{
		Officer: "o1", Priorities: []liaison.Priority{liaison.PriorityUrgent}, Areas: []liaison.CrimeArea{liaison.AreaCyber},
		Cases: []string{id('c', 1)}, Email: true, Digest: liaison.DigestHourly, Address: "o1@example.org", TimeZone: "Asia/Kolkata", Updated: at(0),
	}
	mustUpdate(t, s, func(tx liaison.Tx) error { return tx.PutSubscription(&sub) })
	got, err := s.Subscription(ctx, "o1")
	wantNoError(t, "Subscription", err)
	diff(t, "subscription", *got, sub)
	sub2 := liaison.DefaultSubscription("o1")
	sub2.Updated = at(1)
	mustUpdate(t, s, func(tx liaison.Tx) error { return tx.PutSubscription(&sub2) })
	got, _ = s.Subscription(ctx, "o1")
	diff(t, "replaced subscription", *got, sub2)
	mustUpdate(t, s, func(tx liaison.Tx) error {
		subs, err := tx.Subscriptions()
		if err != nil {
			return err
		}
		diff(t, "Subscriptions", subs, []liaison.Subscription{sub2})
		return nil
	})
	bad := sub
	bad.Digest = "weekly"
	err = s.Update(ctx, func(tx liaison.Tx) error { return tx.PutSubscription(&bad) })
	wantCode(t, "PutSubscription(weekly)", err, liaison.EINVALID)
}

func testClaimMail(t *testing.T, open Open) {
	s := open(t)
	ctx := t.Context()
	a := notice("e1", "o1", 0)
	a.Mail, a.MailAfter = liaison.MailQueued, ptr(at(0))
	b := notice("e2", "o1", 0)
	b.Mail, b.MailAfter = liaison.MailDigest, ptr(at(3600))
	c := notice("e3", "o1", 0) // no mail
	mustUpdate(t, s, func(tx liaison.Tx) error { _, err := tx.AddNotices([]liaison.Notice{a, b, c}); return err })
	claim := func(now time.Time) []liaison.Notice {
		t.Helper()
		var ns []liaison.Notice
		mustUpdate(t, s, func(tx liaison.Tx) error {
			var err error
			ns, err = tx.ClaimMail(now, now.Add(time.Minute), 10)
			return err
		})
		return ns
	}
	got := claim(at(1))
	if len(got) != 1 || got[0].EventID != "e1" || got[0].Mail != liaison.MailQueued {
		t.Fatalf("ClaimMail(+1s) = %v, want e1 queued", got)
	}
	if got := claim(at(2)); len(got) != 0 {
		t.Errorf("ClaimMail while claimed = %v, want none", got)
	}
	if got := claim(at(61)); len(got) != 1 {
		t.Errorf("ClaimMail after the claim lapsed = %d, want 1", len(got))
	}
	mustUpdate(t, s, func(tx liaison.Tx) error { return tx.SetMail(got[0].ID, liaison.MailSent, got[0].MailAfter, 1) })
	if got := claim(at(3600)); len(got) != 1 || got[0].EventID != "e2" || got[0].Mail != liaison.MailDigest {
		t.Errorf("ClaimMail(+1h) = %v, want the digest e2 alone", got)
	}
	err := s.Update(ctx, func(tx liaison.Tx) error { return tx.SetMail(99999, liaison.MailSent, nil, 1) })
	wantCode(t, "SetMail(none)", err, liaison.ENOTFOUND)
}

func testHooks(t *testing.T, open Open) {
	s := open(t)
	ctx := t.Context()
	item := func(hook, event string) liaison.HookItem {
		return liaison.HookItem{Hook: hook, EventID: event, Kind: "approval.pending", Body: []byte(`{"id":"` + event + `"}`),
			State: liaison.HookQueued, Next: at(0), Created: at(0)}
	}
	mustUpdate(t, s, func(tx liaison.Tx) error {
		return tx.QueueHooks([]liaison.HookItem{item("https://a", "e1"), item("https://b", "e1")})
	})
	mustUpdate(t, s, func(tx liaison.Tx) error { return tx.QueueHooks([]liaison.HookItem{item("https://a", "e1")}) })
	var got []liaison.HookItem
	mustUpdate(t, s, func(tx liaison.Tx) error {
		var err error
		got, err = tx.ClaimHooks(at(1), at(60), 10)
		return err
	})
	if len(got) != 2 {
		t.Fatalf("ClaimHooks = %d items, want 2 (one per webhook per event)", len(got))
	}
	want := item("https://a", "e1")
	want.ID = got[0].ID
	diff(t, "hook item", got[0], want)
	mustUpdate(t, s, func(tx liaison.Tx) error {
		if err := tx.SetHook(got[0].ID, liaison.HookQueued, 1, at(120)); err != nil {
			return err
		}
		return tx.SetHook(got[1].ID, liaison.HookDelivered, 1, at(1))
	})
	mustUpdate(t, s, func(tx liaison.Tx) error {
		var err error
		got, err = tx.ClaimHooks(at(119), at(200), 10)
		return err
	})
	if len(got) != 0 {
		t.Errorf("ClaimHooks before the retry = %v, want none", got)
	}
	mustUpdate(t, s, func(tx liaison.Tx) error {
		var err error
		got, err = tx.ClaimHooks(at(120), at(200), 10)
		return err
	})
	if len(got) != 1 || got[0].Attempts != 1 {
		t.Errorf("ClaimHooks at the retry = %v, want the one item, attempted once", got)
	}
	err := s.Update(ctx, func(tx liaison.Tx) error { return tx.SetHook(99999, liaison.HookFailed, 1, at(0)) })
	wantCode(t, "SetHook(none)", err, liaison.ENOTFOUND)

	ds := []liaison.NotifyDelivery{
		{Channel: liaison.ChannelEmail, Target: "o1@example.org", Officer: "o1", Ref: "notices 1", Attempt: 1, Time: at(0), OK: true, Status: "250"},
		{Channel: liaison.ChannelEmail, Target: "o1@example.org", Officer: "o1", Ref: "notices 2,3", Attempt: 1, Time: at(1), OK: true, Status: "250", Digest: true},
		{Channel: liaison.ChannelWebhook, Target: "https://a", Ref: "e1", Attempt: 1, Time: at(2), Status: "503", Error: "503 Service Unavailable"},
	}
	mustUpdate(t, s, func(tx liaison.Tx) error {
		for i := range ds {
			if err := tx.AddNotifyDelivery(&ds[i]); err != nil {
				return err
			}
		}
		return nil
	})
	log, next, err := s.NotifyDeliveries(ctx, liaison.NotifyDeliveryFilter{Limit: 2})
	wantNoError(t, "NotifyDeliveries", err)
	if len(log) != 2 || next == "" {
		t.Fatalf("NotifyDeliveries(limit 2) = %d, next %q", len(log), next)
	}
	diff(t, "newest delivery", log[0], ds[2])
	log, next, err = s.NotifyDeliveries(ctx, liaison.NotifyDeliveryFilter{Limit: 2, After: next})
	wantNoError(t, "NotifyDeliveries page 2", err)
	if len(log) != 1 || next != "" {
		t.Errorf("page 2 = %d, next %q; want 1, \"\"", len(log), next)
	}
	log, _, _ = s.NotifyDeliveries(ctx, liaison.NotifyDeliveryFilter{Channel: liaison.ChannelWebhook})
	if len(log) != 1 {
		t.Errorf("webhook deliveries = %d, want 1", len(log))
	}
	n, err := s.MailsSent(ctx, "o1", at(0))
	wantNoError(t, "MailsSent", err)
	if n != 1 {
		t.Errorf("MailsSent = %d, want 1 (digests do not count)", n)
	}
	if n, _ := s.MailsSent(ctx, "o1", at(1)); n != 0 {
		t.Errorf("MailsSent since +1s = %d, want 0", n)
	}
}
