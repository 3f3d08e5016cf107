package main

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

var errNotChild = errors.New("the node is not running as a child process")

// procStatus reads a field of /proc/PID/status in kB, as bytes.
func procStatus(pid int, field string) (int64, error) {
	raw, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return kb << 10, err
		}
	}
	return 0, fmt.Errorf("/proc/%d/status has no %s", pid, field)
}

// rss returns the resident set size of the serving process (VmRSS).
func (p *proc) rss() (int64, error) {
	if p.cmd == nil {
		return 0, errNotChild
	}
	return procStatus(p.cmd.Process.Pid, "VmRSS")
}

// peakRSS returns the high-water mark of the resident set (VmHWM).
func (p *proc) peakRSS() (int64, error) {
	if p.cmd == nil {
		return 0, errNotChild
	}
	return procStatus(p.cmd.Process.Pid, "VmHWM")
}

// cpu returns the user and system CPU time the serving process used so far.
func (p *proc) cpu() (time.Duration, error) {
	if p.cmd == nil {
		return 0, errNotChild
	}
	return procCPU(p.cmd.Process.Pid)
}

// procCPU reads utime+stime from /proc/PID/stat.
func procCPU(pid int) (time.Duration, error) {
	raw, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0, err
	}
	// The command name may hold spaces; the fields after it are fixed.
	s := string(raw)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return 0, fmt.Errorf("/proc/%d/stat: unexpected format", pid)
	}
	f := strings.Fields(s[i+1:])
	if len(f) < 13 {
		return 0, fmt.Errorf("/proc/%d/stat: unexpected format", pid)
	}
	// Fields 14 and 15 of stat (utime, stime), counted after the name.
	ut, err1 := strconv.ParseInt(f[11], 10, 64)
	st, err2 := strconv.ParseInt(f[12], 10, 64)
	if err := errors.Join(err1, err2); err != nil {
		return 0, err
	}
	return time.Duration(ut+st) * time.Second / clockTicks, nil
}

// clockTicks is USER_HZ, 100 on every Linux architecture Go supports.
const clockTicks = 100
