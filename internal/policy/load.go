package policy

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	cedar "github.com/cedar-policy/cedar-go"
	xast "github.com/cedar-policy/cedar-go/x/exp/ast"
	"github.com/liaison-project/liaison"
)

// Limits on what Load reads: policy files are edited by administrators,
// but a runaway file must not exhaust the node.
const (
	MaxFileSize = 1 << 20 // bytes per file
	MaxFiles    = 1000    // files per directory
)

// Annotation keys a policy may carry; any other is refused at load time, so
// that a misspelt @reasn does not silently drop the officer's reason.
const (
	annReason   = "reason"
	annApproval = "approval"
	annEscalate = "escalate"
	annCaveat   = "caveat"
	annID       = "id"
)

// Load reads every *.cedar file of dir, in the order of their names, and
// validates them (see the package doc). A missing or empty dir gives an
// empty Set. Problems in the files are returned together as one
// liaison.EINVALID error whose fields are "dir/file.cedar:line:column";
// failing to read them is any other error.
func Load(dir string) (*Set, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return &Set{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("load policies: %w", err)
	}
	return load(entries, func(name string) (string, io.ReadCloser, error) {
		display := filepath.Join(dir, name)
		f, err := os.Open(display)
		return display, f, err
	})
}

// LoadFS is Load on a directory of fsys, such as the embedded examples.
func LoadFS(fsys fs.FS, dir string) (*Set, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if errors.Is(err, fs.ErrNotExist) {
		return &Set{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("load policies: %w", err)
	}
	return load(entries, func(name string) (string, io.ReadCloser, error) {
		display := path.Join(dir, name)
		f, err := fsys.Open(display)
		return display, f, err
	})
}

// Parse builds a Set from one file's bytes; name is used in errors and in
// the policy ids. It is Load for one file, and what the fuzzer drives.
func Parse(name string, data []byte) (*Set, error) {
	s := &Set{byID: map[cedar.PolicyID]*rule{}}
	if fields := s.add(name, path.Base(filepath.ToSlash(name)), data); len(fields) > 0 {
		return nil, invalid(fields)
	}
	return s, nil
}

func load(entries []fs.DirEntry, open func(name string) (string, io.ReadCloser, error)) (*Set, error) {
	var names []string
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".cedar") && !strings.HasPrefix(e.Name(), ".") {
			names = append(names, e.Name())
		}
	}
	slices.Sort(names)
	if len(names) > MaxFiles {
		return nil, liaison.Errorf(liaison.EINVALID, "load policies: %d files, more than %d", len(names), MaxFiles)
	}
	s := &Set{byID: map[cedar.PolicyID]*rule{}}
	var fields []liaison.FieldError
	sum := sha256.New()
	defer func() { sum.Sum(s.digest[:0]) }()
	for _, name := range names {
		display, f, err := open(name)
		if err != nil {
			return nil, fmt.Errorf("load policies: %w", err)
		}
		data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("load policies: read %s: %w", display, err)
		}
		if len(data) > MaxFileSize {
			fields = append(fields, liaison.FieldError{Field: display, Problem: fmt.Sprintf("larger than %d bytes", MaxFileSize)})
			continue
		}
		fmt.Fprintf(sum, "%s\n%d\n", name, len(data))
		sum.Write(data)
		fields = append(fields, s.add(display, name, data)...)
	}
	if len(fields) > 0 {
		return nil, invalid(fields)
	}
	return s, nil
}

// invalid is the error of a load that found problems: an EINVALID error
// whose text is the problems alone, "file:line:col: problem; ...".
func invalid(fields []liaison.FieldError) error {
	return &liaison.Error{Code: liaison.EINVALID, Fields: fields}
}

// add parses and checks one file, appending its policies to s, and returns
// its problems. display names the file in errors, base in policy ids.
func (s *Set) add(display, base string, data []byte) []liaison.FieldError {
	list, err := cedar.NewPolicyListFromBytes(display, data)
	if err != nil {
		line, col, msg := parseError(err)
		return []liaison.FieldError{{Field: at(display, line, col), Problem: msg}}
	}
	var fields []liaison.FieldError
	for _, p := range list {
		ru, problems := check(display, data, p)
		fields = append(fields, problems...)
		if len(problems) > 0 {
			continue
		}
		pos := p.Position()
		ru.id = cedar.PolicyID(base + ":" + strconv.Itoa(pos.Line))
		if _, dup := s.byID[ru.id]; dup {
			// Two policies start on one line: tell them apart by column.
			ru.id += cedar.PolicyID(":" + strconv.Itoa(pos.Column))
		}
		s.rules = append(s.rules, ru)
		s.byID[ru.id] = ru
		s.index(ru)
		s.needs.add(p)
	}
	return fields
}

// index files ru under the actions its scope admits and strips the action
// scope from the policy it evaluates.
func (s *Set) index(ru *rule) {
	if s.byAction == nil {
		s.byAction = make([][]*rule, len(Actions))
	}
	named := actionsOf(ru.policy.AST().Action)
	for i, a := range Actions {
		if named == nil || slices.Contains(named, actionUIDs[a]) {
			s.byAction[i] = append(s.byAction[i], ru)
		}
	}
	if named != nil {
		p := *ru.policy.AST()
		p.Action = xast.ScopeTypeAll{}
		ru.policy = cedar.NewPolicyFromAST(&p)
	}
}

func at(file string, line, col int) string {
	switch {
	case line <= 0:
		return file
	case col <= 0:
		return file + ":" + strconv.Itoa(line)
	}
	return file + ":" + strconv.Itoa(line) + ":" + strconv.Itoa(col)
}

// cedar-go reports positions as "<input>:line:col", with the offending
// token quoted after it for parser errors.
var (
	errPos   = regexp.MustCompile(`<input>:(\d+):(\d+):? ?`)
	errExact = regexp.MustCompile(`^"(?:[^"\\]|\\.)*": exact got (.*) want (.*)$`)
	errToken = regexp.MustCompile(`^("(?:[^"\\]|\\.)*"): (.*)$`)
)

// parseError turns a cedar-go parse error into a line, a column and a
// message without cedar-go's own prefixes.
func parseError(err error) (line, col int, msg string) {
	msg = err.Error()
	loc := errPos.FindStringSubmatchIndex(msg)
	if loc == nil {
		return 0, 0, msg
	}
	line, _ = strconv.Atoi(msg[loc[2]:loc[3]])
	col, _ = strconv.Atoi(msg[loc[4]:loc[5]])
	msg = msg[loc[1]:]
	if m := errExact.FindStringSubmatch(msg); m != nil {
		return line, col, "syntax error: expected " + strconv.Quote(m[2]) + ", found " + strconv.Quote(m[1])
	}
	if m := errToken.FindStringSubmatch(msg); m != nil {
		return line, col, "syntax error near " + m[1] + ": " + m[2]
	}
	return line, col, "syntax error: " + msg
}

// locate returns the line and column of the first needle in data at or
// after offset, or the position of the policy when there is none: an
// annotation or an action is easier to find by its own line.
func locate(data []byte, pos cedar.Position, needle string) (int, int) {
	if pos.Offset < 0 || pos.Offset > len(data) {
		return pos.Line, pos.Column
	}
	i := bytes.Index(data[pos.Offset:], []byte(needle))
	if i < 0 {
		return pos.Line, pos.Column
	}
	i += pos.Offset
	line := 1 + bytes.Count(data[:i], []byte("\n"))
	col := 1 + len([]rune(string(data[bytes.LastIndexByte(data[:i], '\n')+1:i])))
	return line, col
}
