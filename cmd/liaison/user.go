package main

import (
	"context"
	"fmt"
	"net/mail"
	"strings"

	"github.com/liaison-project/liaison"
)

func runUserAdd(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "user add", "--dir DIR --name NAME --agency AGENCY --role ROLE [--areas drugs,cyber] [--email ADDR]",
		"Create an officer of this node and print a new API token on standard output,\nnothing else. The token is shown once; the node keeps only its hash.")
	dir := fs.String("dir", "", "the node's directory")
	name := fs.String("name", "", "the officer's name")
	agency := fs.String("agency", "", "agency code, e.g. ncb, rcmp, cbsa (created if new)")
	agencyName := fs.String("agency-name", "", "the agency's full name, when it is new")
	role := fs.String("role", "", "liaison, analyst, supervisor, auditor or admin")
	areas := fs.String("areas", "", "comma-separated crime areas: "+strings.Join(areaList(), ","))
	email := fs.String("email", "", "the officer's e-mail address, for notices by mail (optional)")
	if err := parse(e, fs, args, 0); err != nil {
		return err
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
	fmt.Fprintln(e.stdout, token)
	return nil
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
