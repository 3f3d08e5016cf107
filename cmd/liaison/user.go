package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/mail"
	"strings"

	"github.com/liaison-project/liaison"
)

func runUserAdd(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "user add", "--dir DIR --name NAME --agency AGENCY --role ROLE [--areas drugs,cyber] [--email ADDR] [--login NAME --password-stdin]",
		"Create an officer of this node and print a new API token on standard output,\nnothing else. The token is shown once; the node keeps only its hash.")
	dir := fs.String("dir", "", "the node's directory")
	name := fs.String("name", "", "the officer's name")
	agency := fs.String("agency", "", "agency code, e.g. ncb, rcmp, cbsa (created if new)")
	agencyName := fs.String("agency-name", "", "the agency's full name, when it is new")
	role := fs.String("role", "", "liaison, analyst, supervisor, auditor or admin")
	areas := fs.String("areas", "", "comma-separated crime areas: "+strings.Join(areaList(), ","))
	email := fs.String("email", "", "the officer's e-mail address, for notices by mail (optional)")
	login := fs.String("login", "", "the officer's web UI login (optional; with --password-stdin)")
	pwStdin := fs.Bool("password-stdin", false, "read the officer's web UI password from the first line of standard input")
	if err := parse(e, fs, args, 0); err != nil {
		return err
	}
	if (*login == "") != !*pwStdin {
		fmt.Fprintf(fs.Output(), "liaison user add: --login and --password-stdin go together\n")
		fs.Usage()
		return errUsage
	}
	var password string
	if *pwStdin {
		var err error
		if password, err = readPassword(e); err != nil {
			return err
		}
	}
	if err := required(fs, "dir", *dir, "name", *name, "agency", *agency, "role", *role); err != nil {
		return err
	}
	if *email != "" {
		if a, err := mail.ParseAddress(*email); err != nil || a.Name != "" || a.Address != *email {
			return fmt.Errorf("--email %q: not a plain e-mail address such as name@example.org", *email)
		}
	}
	o := liaison.Officer{Name: *name, Agency: *agency, Role: liaison.Role(*role), Areas: splitAreas(*areas)}
	h, err := openNode(*dir, nil)
	if err != nil {
		return err
	}
	defer h.Close()
	added, token, err := h.node.AddOfficer(ctx, o, *agencyName)
	if err != nil {
		return err
	}
	if *email != "" {
		if err := h.node.SetAddress(ctx, added.ID, *email); err != nil {
			return err
		}
	}
	if *login != "" {
		if err := h.node.SetPassword(ctx, added.ID, *login, password); err != nil {
			return err
		}
	}
	fmt.Fprintln(e.stdout, token)
	return nil
}

func runUserPassword(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "user password", "--dir DIR --login NAME [--officer ID]",
		"Set or reset an officer's web UI password, read from the first line of\nstandard input. With --officer, also set (or change) the officer's login.\nEnds the officer's web sessions. Liaison officers and supervisors keep\ntheir TOTP second factor unless the login changes.")
	dir := fs.String("dir", "", "the node's directory")
	login := fs.String("login", "", "the officer's web UI login")
	officer := fs.String("officer", "", "the officer's id, to give an officer a login (see GET /api/v1/directory)")
	if err := parse(e, fs, args, 0); err != nil {
		return err
	}
	if err := required(fs, "dir", *dir, "login", *login); err != nil {
		return err
	}
	password, err := readPassword(e)
	if err != nil {
		return err
	}
	h, err := openNode(*dir, nil)
	if err != nil {
		return err
	}
	defer h.Close()
	id := *officer
	if id == "" {
		o, err := h.node.OfficerByLogin(ctx, *login)
		if err != nil {
			return fmt.Errorf("--login %s: %w (give --officer ID to create a login)", *login, err)
		}
		id = o.ID
	}
	if err := h.node.SetPassword(ctx, id, *login, password); err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "password set for %s\n", *login)
	return nil
}

// readPassword reads a password from the first line of standard input,
// without its line ending.
func readPassword(e *env) (string, error) {
	line, err := bufio.NewReader(io.LimitReader(e.stdin, 4096)).ReadString('\n')
	if err != nil && err != io.EOF {
		return "", fmt.Errorf("read password from standard input: %w", err)
	}
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return "", fmt.Errorf("no password on standard input")
	}
	return line, nil
}

func splitAreas(s string) []liaison.CrimeArea {
	areas := []liaison.CrimeArea{}
	for _, a := range strings.Split(s, ",") {
		if a = strings.TrimSpace(a); a != "" {
			areas = append(areas, liaison.CrimeArea(a))
		}
	}
	return areas
}

func areaList() []string {
	var s []string
	for _, a := range liaison.CrimeAreas {
		s = append(s, string(a))
	}
	return s
}
