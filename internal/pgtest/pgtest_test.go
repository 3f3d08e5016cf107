package pgtest

import (
	"os"
	"testing"

	"github.com/jackc/pgx/v5"
)

func TestMain(m *testing.M) { os.Exit(Main(m)) }

func TestNewDatabase(t *testing.T) {
	// Two databases are two: a table made in one is not in the other.
	a, b := NewDatabase(t), NewDatabase(t)
	if a == b {
		t.Fatalf("NewDatabase twice = %s both times", a)
	}
	ca, err := pgx.Connect(t.Context(), a)
	if err != nil {
		t.Fatal(err)
	}
	defer ca.Close(t.Context())
	if _, err := ca.Exec(t.Context(), `CREATE TABLE only_in_a (x int)`); err != nil {
		t.Fatal(err)
	}
	cb, err := pgx.Connect(t.Context(), b)
	if err != nil {
		t.Fatal(err)
	}
	defer cb.Close(t.Context())
	var n int
	if err := cb.QueryRow(t.Context(), `SELECT count(*) FROM pg_tables WHERE tablename = 'only_in_a'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Error("a table created in one database shows in another")
	}
	// The server keeps real durability.
	var fsync string
	if err := cb.QueryRow(t.Context(), `SHOW fsync`).Scan(&fsync); err != nil {
		t.Fatal(err)
	}
	if fsync != "on" {
		t.Errorf("fsync = %s, want on", fsync)
	}
}

func TestNewest(t *testing.T) {
	got := newest([]string{"/usr/lib/postgresql/9.6/bin", "/usr/lib/postgresql/16/bin", "/usr/lib/postgresql/10/bin", "/usr/lib/postgresql/15/bin"})
	if want := "/usr/lib/postgresql/16/bin"; got != want {
		t.Errorf("newest = %s, want %s", got, want)
	}
}

func TestSanitize(t *testing.T) {
	for in, want := range map[string]string{
		"TestStore/Officer/OK": "teststore_officer_ok",
		"Test#01 ünï":          "test_01___n__", // byte by byte
	} {
		if got := sanitize(in); got != want {
			t.Errorf("sanitize(%q) = %q, want %q", in, got, want)
		}
	}
	long := sanitize(string(make([]byte, 200)))
	if len(long) > 50 {
		t.Errorf("sanitize(200 bytes) is %d bytes long, want at most 50", len(long))
	}
}
