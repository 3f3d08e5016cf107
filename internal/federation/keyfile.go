package federation

import (
	"crypto/ed25519"
	"crypto/hpke"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"

	"github.com/liaison-project/liaison"
)

// Files under DIR/keys.
const (
	keysDir     = "keys"
	signingFile = "signing.pem"
	hpkeFile    = "hpke.pem"
	certFile    = "tls.crt"
	tlsKeyFile  = "tls.key"

	hpkePEMType   = "LIAISON HPKE PRIVATE KEY"
	hpkePEMKEM    = "KEM-ID"
	maxKeyFile    = 64 << 10
	privateMode   = 0o600
	publicMode    = 0o644
	keysDirectory = 0o700
)

// Save writes the keys under dir/keys (created with mode 0700): signing.pem
// (PKCS#8), hpke.pem, tls.key (PKCS#8) with mode 0600, and tls.crt. It
// never overwrites: if any of the files exists it returns ECONFLICT and
// writes nothing. Save MUST NOT return nil before the files are durable.
func (k *Keys) Save(dir string) error {
	kd := filepath.Join(dir, keysDir)
	signing, err := x509.MarshalPKCS8PrivateKey(k.Signing)
	if err != nil {
		return fmt.Errorf("save keys: signing key: %w", err)
	}
	hb, err := k.HPKE.Bytes()
	if err != nil {
		return fmt.Errorf("save keys: hpke key: %w", err)
	}
	tlsKey, err := x509.MarshalPKCS8PrivateKey(k.TLS.PrivateKey)
	if err != nil {
		return fmt.Errorf("save keys: tls key: %w", err)
	}
	files := []struct {
		name  string
		mode  fs.FileMode
		block *pem.Block
	}{
		{signingFile, privateMode, &pem.Block{Type: "PRIVATE KEY", Bytes: signing}},
		{hpkeFile, privateMode, &pem.Block{Type: hpkePEMType, Headers: map[string]string{hpkePEMKEM: fmt.Sprintf("0x%04x", k.HPKE.KEM().ID())}, Bytes: hb}},
		{certFile, publicMode, &pem.Block{Type: "CERTIFICATE", Bytes: k.TLS.Leaf.Raw}},
		{tlsKeyFile, privateMode, &pem.Block{Type: "PRIVATE KEY", Bytes: tlsKey}},
	}
	if err := os.MkdirAll(kd, keysDirectory); err != nil {
		return fmt.Errorf("save keys: %w", err)
	}
	if err := os.Chmod(kd, keysDirectory); err != nil {
		return fmt.Errorf("save keys: %w", err)
	}
	for _, f := range files {
		p := filepath.Join(kd, f.name)
		if _, err := os.Lstat(p); err == nil {
			return liaison.Errorf(liaison.ECONFLICT, "save keys: %s exists; refusing to overwrite keys", p)
		}
	}
	var written []string
	for _, f := range files {
		p := filepath.Join(kd, f.name)
		if err := writeNew(p, f.mode, pem.EncodeToMemory(f.block)); err != nil {
			for _, w := range written {
				os.Remove(w)
			}
			if errors.Is(err, fs.ErrExist) {
				return liaison.Errorf(liaison.ECONFLICT, "save keys: %s exists; refusing to overwrite keys", p)
			}
			return fmt.Errorf("save keys: %w", err)
		}
		written = append(written, p)
	}
	return syncDir(kd)
}

// writeNew creates p, failing if it exists, and syncs it.
func writeNew(p string, mode fs.FileMode, data []byte) error {
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, mode)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(p)
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		os.Remove(p)
		return err
	}
	return f.Close()
}

func syncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("save keys: %w", err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("save keys: %w", err)
	}
	return nil
}

// LoadKeys reads the keys [Keys.Save] wrote under dir/keys. It refuses,
// with EINVALID naming the file, a private key file that group or others
// may read or write, and returns ENOTFOUND when a file is missing.
func LoadKeys(dir string) (*Keys, error) {
	kd := filepath.Join(dir, keysDir)
	signingPEM, err := readKeyFile(filepath.Join(kd, signingFile), true)
	if err != nil {
		return nil, err
	}
	hpkePEM, err := readKeyFile(filepath.Join(kd, hpkeFile), true)
	if err != nil {
		return nil, err
	}
	certPEM, err := readKeyFile(filepath.Join(kd, certFile), false)
	if err != nil {
		return nil, err
	}
	tlsKeyPEM, err := readKeyFile(filepath.Join(kd, tlsKeyFile), true)
	if err != nil {
		return nil, err
	}

	k := new(Keys)
	if k.Signing, err = parseSigningKey(signingPEM); err != nil {
		return nil, fmt.Errorf("load keys: %s: %w", filepath.Join(kd, signingFile), err)
	}
	if k.HPKE, err = parseHPKEKey(hpkePEM); err != nil {
		return nil, fmt.Errorf("load keys: %s: %w", filepath.Join(kd, hpkeFile), err)
	}
	if k.TLS, err = tls.X509KeyPair(certPEM, tlsKeyPEM); err != nil {
		return nil, fmt.Errorf("load keys: %s, %s: %w", filepath.Join(kd, certFile), filepath.Join(kd, tlsKeyFile), err)
	}
	if k.TLS.Leaf == nil {
		if k.TLS.Leaf, err = x509.ParseCertificate(k.TLS.Certificate[0]); err != nil {
			return nil, fmt.Errorf("load keys: %s: %w", filepath.Join(kd, certFile), err)
		}
	}
	return k, nil
}

// readKeyFile reads p, checking the mode of the file it opened (not of
// whatever the path names a moment later) when private is set.
func readKeyFile(p string, private bool) ([]byte, error) {
	f, err := os.Open(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, &liaison.Error{Code: liaison.ENOTFOUND, Message: fmt.Sprintf("load keys: %s is missing (liaison init creates the keys)", p), Err: err}
	} else if err != nil {
		return nil, fmt.Errorf("load keys: %w", err)
	}
	defer f.Close()
	if private && runtime.GOOS != "windows" {
		fi, err := f.Stat()
		if err != nil {
			return nil, fmt.Errorf("load keys: %w", err)
		}
		if perm := fi.Mode().Perm(); perm&0o077 != 0 {
			return nil, liaison.Errorf(liaison.EINVALID, "load keys: %s has mode %04o, open to group or others; run chmod 600 %s", p, perm, p)
		}
	}
	b, err := io.ReadAll(io.LimitReader(f, maxKeyFile+1))
	if err != nil {
		return nil, fmt.Errorf("load keys: %w", err)
	}
	if len(b) > maxKeyFile {
		return nil, liaison.Errorf(liaison.EINVALID, "load keys: %s is larger than %d bytes", p, maxKeyFile)
	}
	return b, nil
}

func parseSigningKey(data []byte) (ed25519.PrivateKey, error) {
	block, _ := pem.Decode(data)
	if block == nil || block.Type != "PRIVATE KEY" {
		return nil, errors.New("no PRIVATE KEY PEM block")
	}
	key, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil, err
	}
	sk, ok := key.(ed25519.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("key is %T, want Ed25519", key)
	}
	return sk, nil
}

func parseHPKEKey(data []byte) (hpke.PrivateKey, error) {
	block, _ := pem.Decode(data)
	if block == nil || block.Type != hpkePEMType {
		return nil, fmt.Errorf("no %s PEM block", hpkePEMType)
	}
	id, err := strconv.ParseUint(strings.TrimPrefix(strings.ToLower(block.Headers[hpkePEMKEM]), "0x"), 16, 16)
	if err != nil {
		return nil, fmt.Errorf("%s header %q is not a KEM id", hpkePEMKEM, block.Headers[hpkePEMKEM])
	}
	if id != kemID {
		return nil, fmt.Errorf("KEM 0x%04x is not MLKEM768-X25519 (0x%04x)", id, kemID)
	}
	return hpke.MLKEM768X25519().NewPrivateKey(block.Bytes)
}
