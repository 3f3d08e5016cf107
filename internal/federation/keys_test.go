package federation

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/x509"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/liaison-project/liaison"
)

func TestGenerateKeys(t *testing.T) {
	k, err := GenerateKeys("in", "New Delhi liaison node", []string{"liaison.example.in", "203.0.113.7", "localhost"})
	if err != nil {
		t.Fatalf("GenerateKeys: %v", err)
	}
	leaf := k.TLS.Leaf
	if leaf == nil {
		t.Fatal("TLS.Leaf is nil")
	}
	if _, ok := k.TLS.PrivateKey.(*ecdsa.PrivateKey); !ok {
		t.Errorf("TLS key is %T, want *ecdsa.PrivateKey", k.TLS.PrivateKey)
	}
	if got, want := leaf.DNSNames, []string{"liaison.example.in", "localhost"}; !slices.Equal(got, want) {
		t.Errorf("DNSNames = %v, want %v", got, want)
	}
	for _, ip := range []string{"203.0.113.7", "127.0.0.1", "::1"} {
		if !slices.ContainsFunc(leaf.IPAddresses, net.ParseIP(ip).Equal) {
			t.Errorf("IPAddresses = %v, want %s among them", leaf.IPAddresses, ip)
		}
	}
	if leaf.Subject.CommonName != "in New Delhi liaison node" || !slices.Equal(leaf.Subject.Organization, []string{"in"}) {
		t.Errorf("Subject = %v", leaf.Subject)
	}
	if d := leaf.NotAfter.Sub(time.Now()); d < 5*364*24*time.Hour || d > 5*366*24*time.Hour {
		t.Errorf("NotAfter = %v, want about five years from now", leaf.NotAfter)
	}
	if !slices.Contains(leaf.ExtKeyUsage, x509.ExtKeyUsageServerAuth) || !slices.Contains(leaf.ExtKeyUsage, x509.ExtKeyUsageClientAuth) {
		t.Errorf("ExtKeyUsage = %v, want server and client auth", leaf.ExtKeyUsage)
	}
	if err := leaf.CheckSignature(leaf.SignatureAlgorithm, leaf.RawTBSCertificate, leaf.Signature); err != nil {
		t.Errorf("certificate is not self-signed: %v", err)
	}
	c := k.Card("in", "New Delhi liaison node", "https://liaison.example.in:8443")
	if err := CheckCard(c); err != nil {
		t.Errorf("CheckCard(k.Card()) = %v", err)
	}
}

func TestGenerateKeysRefuses(t *testing.T) {
	_, err := GenerateKeys("India", "x", nil)
	wantErr(t, err, liaison.EINVALID, `party "India" is not a party code`)
	_, err = GenerateKeys("in", "", nil)
	wantErr(t, err, liaison.EINVALID, "name must be 1 to 200 bytes")
	_, err = GenerateKeys("in", "x", []string{"bad host!"})
	wantErr(t, err, liaison.EINVALID, `host "bad host!" is neither`)
}

func TestSaveLoadKeys(t *testing.T) {
	dir := t.TempDir()
	k := MustKeys(t, 0)
	if err := k.Save(dir); err != nil {
		t.Fatalf("Save: %v", err)
	}
	if runtime.GOOS != "windows" {
		for name, want := range map[string]os.FileMode{
			"keys": os.ModeDir | 0o700, "keys/signing.pem": 0o600, "keys/hpke.pem": 0o600,
			"keys/tls.key": 0o600, "keys/tls.crt": 0o644,
		} {
			fi, err := os.Stat(filepath.Join(dir, name))
			if err != nil {
				t.Fatal(err)
			}
			// A umask may take bits away, never add them.
			if got := fi.Mode() & (os.ModeDir | os.ModePerm); got&^want != 0 || got&0o700 != want&0o700 {
				t.Errorf("mode of %s = %v, want %v", name, got, want)
			}
		}
	}
	hpkePEM, _ := os.ReadFile(filepath.Join(dir, "keys", "hpke.pem"))
	if !bytes.Contains(hpkePEM, []byte("LIAISON HPKE PRIVATE KEY")) || !bytes.Contains(hpkePEM, []byte("KEM-ID: 0x647a")) {
		t.Errorf("hpke.pem =\n%s", hpkePEM)
	}

	got, err := LoadKeys(dir)
	if err != nil {
		t.Fatalf("LoadKeys: %v", err)
	}
	if !got.Signing.Equal(k.Signing) {
		t.Error("signing key differs after LoadKeys")
	}
	wantHPKE, _ := k.HPKE.Bytes()
	gotHPKE, _ := got.HPKE.Bytes()
	if !bytes.Equal(gotHPKE, wantHPKE) || !bytes.Equal(got.HPKE.PublicKey().Bytes(), k.HPKE.PublicKey().Bytes()) {
		t.Error("HPKE key differs after LoadKeys")
	}
	if got.TLS.Leaf == nil || !got.TLS.Leaf.Equal(k.TLS.Leaf) {
		t.Error("TLS certificate differs after LoadKeys")
	}
	if !got.TLS.PrivateKey.(*ecdsa.PrivateKey).Equal(k.TLS.PrivateKey) {
		t.Error("TLS key differs after LoadKeys")
	}

	t.Run("ErrOverwrite", func(t *testing.T) {
		before, _ := os.ReadFile(filepath.Join(dir, "keys", "signing.pem"))
		err := MustKeys(t, 1).Save(dir)
		wantErr(t, err, liaison.ECONFLICT, "exists; refusing to overwrite keys")
		after, _ := os.ReadFile(filepath.Join(dir, "keys", "signing.pem"))
		if !bytes.Equal(before, after) {
			t.Error("Save changed an existing key file")
		}
	})
	t.Run("ErrOverwriteOne", func(t *testing.T) {
		dir := t.TempDir()
		os.MkdirAll(filepath.Join(dir, "keys"), 0o700)
		os.WriteFile(filepath.Join(dir, "keys", "tls.key"), []byte("old"), 0o600)
		err := MustKeys(t, 1).Save(dir)
		wantErr(t, err, liaison.ECONFLICT, "tls.key exists")
		if _, err := os.Stat(filepath.Join(dir, "keys", "signing.pem")); err == nil {
			t.Error("Save wrote signing.pem although it refused")
		}
	})
	t.Run("ErrMode", func(t *testing.T) {
		if runtime.GOOS == "windows" {
			t.Skip("no Unix modes")
		}
		p := filepath.Join(dir, "keys", "hpke.pem")
		if err := os.Chmod(p, 0o644); err != nil {
			t.Fatal(err)
		}
		defer os.Chmod(p, 0o600)
		_, err := LoadKeys(dir)
		wantErr(t, err, liaison.EINVALID, p+" has mode 0644")
		wantErr(t, err, liaison.EINVALID, "chmod 600 "+p)
	})
	t.Run("ErrMissing", func(t *testing.T) {
		_, err := LoadKeys(t.TempDir())
		wantErr(t, err, liaison.ENOTFOUND, "signing.pem is missing")
	})
	t.Run("ErrWrongKEM", func(t *testing.T) {
		p := filepath.Join(dir, "keys", "hpke.pem")
		orig, _ := os.ReadFile(p)
		defer os.WriteFile(p, orig, 0o600)
		os.WriteFile(p, bytes.Replace(orig, []byte("0x647a"), []byte("0x0020"), 1), 0o600)
		_, err := LoadKeys(dir)
		wantErr(t, err, liaison.EINTERNAL, "KEM 0x0020 is not MLKEM768-X25519")
	})
}

var (
	genOnce sync.Once
	genKeys [3]*Keys
	genErr  error
)

// MustKeys returns one of three generated key sets (0: "in", 1: "ca",
// 2: "xx"), generated once per test binary.
func MustKeys(tb testing.TB, i int) *Keys {
	tb.Helper()
	genOnce.Do(func() {
		for j, party := range []string{"in", "ca", "xx"} {
			if genKeys[j], genErr = GenerateKeys(party, "node "+party, []string{"liaison." + party + ".example"}); genErr != nil {
				return
			}
		}
	})
	if genErr != nil {
		tb.Fatal(genErr)
	}
	return genKeys[i]
}
