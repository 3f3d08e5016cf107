package arrangement

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/liaison-project/liaison"
)

// ParseWorkplan reads a starter workplan file:
//
//	name = "India–Canada shared workplan"
//	start = "2026-01-15"                 # due days count from here
//
//	[[objectives]]
//	key = "precursors"                   # unique in the file; ids derive from it
//	title = "Drug and fentanyl-precursor information sharing"
//	lead = { party = "in", agency = "ncb" }
//
//	  [[objectives.actions]]
//	  key = "contacts"                   # unique within its objective
//	  title = "Name one precursor contact on each side"
//	  owner = { party = "ca", agency = "rcmp" }
//	  counterpart = { party = "in", agency = "ncb" }
//	  due_days = 30
//
// It refuses unknown keys, and names each problem by its key
// ("objectives[2].actions[0].due_days"). Whether the parties are those of
// an arrangement is the node's to check when it seeds the plan.
func ParseWorkplan(raw []byte) (*liaison.WorkplanSeed, error) {
	if len(raw) > MaxSize {
		return nil, liaison.Errorf(liaison.EINVALID, "workplan file is %d bytes, more than the limit of %d (256 KiB)", len(raw), MaxSize)
	}
	var doc struct {
		Name       string `toml:"name"`
		Start      string `toml:"start"`
		Objectives []struct {
			Key     string `toml:"key"`
			Title   string `toml:"title"`
			Lead    side   `toml:"lead"`
			Actions []struct {
				Key         string `toml:"key"`
				Title       string `toml:"title"`
				Owner       side   `toml:"owner"`
				Counterpart side   `toml:"counterpart"`
				DueDays     int    `toml:"due_days"`
			} `toml:"actions"`
		} `toml:"objectives"`
	}
	md, err := toml.Decode(string(raw), &doc)
	if err != nil {
		if e, ok := decodeError(err).(*liaison.Error); ok {
			e.Message = strings.Replace(e.Message, "arrangement", "workplan", 1)
			return nil, e
		}
		return nil, err
	}
	var f liaison.Fields
	for _, k := range md.Undecoded() {
		f.Add(k.String(), "unknown key")
	}
	s := &liaison.WorkplanSeed{Name: strings.TrimSpace(doc.Name), Start: doc.Start}
	if s.Name == "" {
		f.Add("name", "required")
	}
	if _, err := time.Parse(time.DateOnly, s.Start); err != nil {
		f.Add("start", "must be a date YYYY-MM-DD")
	}
	if len(doc.Objectives) == 0 || len(doc.Objectives) > 200 {
		f.Add("objectives", "must hold 1 to 200 objectives")
	}
	keys := map[string]bool{}
	for i, o := range doc.Objectives {
		at := "objectives[" + strconv.Itoa(i) + "]"
		seedKey(&f, at+".key", o.Key, keys)
		seedTitle(&f, at+".title", o.Title)
		so := liaison.SeedObjective{Key: o.Key, Title: strings.TrimSpace(o.Title), Lead: o.Lead.side(&f, at+".lead")}
		if len(o.Actions) > 50 {
			f.Add(at+".actions", "more than 50 actions")
		}
		actionKeys := map[string]bool{}
		for j, a := range o.Actions {
			aat := at + ".actions[" + strconv.Itoa(j) + "]"
			seedKey(&f, aat+".key", a.Key, actionKeys)
			seedTitle(&f, aat+".title", a.Title)
			if a.DueDays < 0 || a.DueDays > 3660 {
				f.Add(aat+".due_days", "must be 0 to 3660 days")
			}
			sa := liaison.SeedAction{
				Key: a.Key, Title: strings.TrimSpace(a.Title), DueDays: a.DueDays,
				Owner: a.Owner.side(&f, aat+".owner"), Counterpart: a.Counterpart.side(&f, aat+".counterpart"),
			}
			if sa.Owner.Party != "" && sa.Owner.Party == sa.Counterpart.Party {
				f.Add(aat+".counterpart.party", "must be another party than the owner")
			}
			so.Actions = append(so.Actions, sa)
		}
		s.Objectives = append(s.Objectives, so)
	}
	if len(f) > 0 {
		e := liaison.Invalid(f...)
		e.Message = "invalid workplan"
		return nil, e
	}
	return s, nil
}

type side struct {
	Party   string `toml:"party"`
	Agency  string `toml:"agency"`
	Officer string `toml:"officer"`
}

func (s side) side(f *liaison.Fields, at string) liaison.Side {
	if !liaison.ValidParty(s.Party) {
		f.Add(at+".party", "must be a party code")
	}
	if !liaison.ValidAgencyCode(s.Agency) {
		f.Add(at+".agency", "must be lower-case letters, digits and dashes, at most 32")
	}
	if len(s.Officer) > 200 {
		f.Add(at+".officer", "longer than 200 bytes")
	}
	return liaison.Side{Party: s.Party, Agency: s.Agency, Officer: s.Officer}
}

var seedKeyRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,63}$`)

func seedKey(f *liaison.Fields, at, key string, seen map[string]bool) {
	switch {
	case !seedKeyRE.MatchString(key):
		f.Add(at, "must be lower-case letters, digits and dashes, at most 64")
	case seen[key]:
		f.Add(at, "repeats key "+strconv.Quote(key))
	}
	seen[key] = true
}

func seedTitle(f *liaison.Fields, at, title string) {
	if t := strings.TrimSpace(title); t == "" || len(t) > 300 {
		f.Add(at, "must be 1 to 300 bytes")
	}
}
