package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"

	"github.com/BurntSushi/toml"
)

// storeLine is the store setting: a top-level key, which comes before the
// first [table] of the file.
var storeLine = regexp.MustCompile(`^\s*store\s*=`)

// repoint sets the store of the node's configuration to dsn, keeping the
// rest of the file as the administrator left it, comments included, and
// keeps the old file as m.backup. The new file replaces the old one by a
// rename, so a crash leaves one or the other whole.
func (m *migration) repoint(dsn string) error {
	path := filepath.Join(m.dir, configFile)
	old, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	updated, err := setStore(old, dsn)
	if err != nil {
		return fmt.Errorf("rewrite %s: %w", path, err)
	}
	if err := writeFile(m.backup, old, os.O_EXCL); err != nil {
		return fmt.Errorf("keep the old configuration: %w", err)
	}
	tmp := path + ".new"
	if err := writeFile(tmp, updated, os.O_TRUNC); err != nil {
		return fmt.Errorf("rewrite %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("rewrite %s: %w", path, err)
	}
	return syncDir(m.dir)
}

// setStore returns the configuration raw with its store set to dsn. It
// checks that the result reads back as raw did, but for the store.
func setStore(raw []byte, dsn string) ([]byte, error) {
	var line bytes.Buffer
	if err := toml.NewEncoder(&line).Encode(struct {
		Store string `toml:"store"`
	}{dsn}); err != nil {
		return nil, err
	}
	var out bytes.Buffer
	found, inTable := false, false
	for _, l := range bytes.SplitAfter(raw, []byte("\n")) {
		inTable = inTable || bytes.HasPrefix(bytes.TrimSpace(l), []byte("["))
		if found || inTable || !storeLine.Match(l) {
			out.Write(l)
			continue
		}
		found = true
		out.Write(bytes.TrimRight(line.Bytes(), "\n"))
		switch { // the line ending, as it was
		case bytes.HasSuffix(l, []byte("\r\n")):
			out.WriteString("\r\n")
		case bytes.HasSuffix(l, []byte("\n")):
			out.WriteString("\n")
		}
	}
	if !found {
		return nil, fmt.Errorf("no store setting before the first table")
	}
	var was, now Config
	if _, err := toml.Decode(string(raw), &was); err != nil {
		return nil, err
	}
	if _, err := toml.Decode(out.String(), &now); err != nil {
		return nil, fmt.Errorf("the rewritten file does not read: %w", err)
	}
	was.Store = dsn
	if !reflect.DeepEqual(was, now) {
		return nil, fmt.Errorf("the rewritten file does not read back as the old one with the new store")
	}
	return out.Bytes(), nil
}

// writeFile writes data to a new file at path, mode 0600 (it may hold the
// database's password), and syncs it. flag is os.O_EXCL to refuse an
// existing file, os.O_TRUNC to replace it.
func writeFile(path string, data []byte, flag int) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|flag, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
