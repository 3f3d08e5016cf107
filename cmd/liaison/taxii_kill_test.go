package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestTAXIIPullSIGKILL kills a real liaison taxii pull process (SIGKILL)
// while it waits for the third page, then pulls again: the two pages
// stored before the kill are kept, the pull resumes at the third page's
// next (not from the start), and every object is held exactly once.
func TestTAXIIPullSIGKILL(t *testing.T) {
	bin, err := exec.LookPath("liaison") // the test binary, as testscript.Main arranges
	if err != nil {
		t.Skipf("no liaison command on PATH: %v", err)
	}
	dst := newTAXIINode(t, "ca", false)
	dst.h.Close() // the process opens the directory itself
	f := newPagingServer(t, 55)
	f.set(func(p *pagingServer) { p.blockAt = "20" })
	args := []string{"taxii", "pull", "--dir", dst.dir, "--url", f.url(), "--collection", "c", "--ca", f.ca, "--limit", "10"}
	cmd := exec.Command(bin, args...)
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	<-f.reached
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err == nil {
		t.Fatalf("the pull was not killed: %s", out.String())
	}
	f.mu.Lock()
	close(f.release)
	f.blockAt = ""
	f.mu.Unlock()

	h, err := openNode(dst.dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	dst.h = h
	if got := dst.held(t, dst.local); len(got) != 20 {
		t.Fatalf("after the kill: %d objects held, want the 20 of two pages", len(got))
	}
	before := len(f.requests())
	code, stdout, stderr := runTAXIICLI("", args...)
	if code != 0 || !strings.Contains(stdout, "pulled 35 objects in 4 pages") || !strings.Contains(stdout, "35 added, 0 held already") {
		t.Fatalf("pull after the kill = %d\n%s%s", code, stdout, stderr)
	}
	if gets := f.requests()[before:]; !strings.Contains(gets[0], "next=20") || hasQuery(gets, "next=10") {
		t.Errorf("resumed with %v, want next=20 first and page 2 not asked again", gets)
	}
	if got := dst.held(t, dst.local); len(got) != 55 {
		t.Errorf("held %d objects, want 55", len(got))
	}
}
