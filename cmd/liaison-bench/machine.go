package main

import (
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// machine is what the numbers depend on.
type machine struct {
	cpus      int
	model     string
	mem       string
	kernel    string
	goVersion string
	fsync     time.Duration // median fdatasync of a 4 KiB write in the bench directory
	fs        string
}

func numCPU() int { return runtime.NumCPU() }

func describeMachine(dir string) machine {
	m := machine{cpus: numCPU(), model: "unknown CPU", mem: "unknown memory", kernel: "?", goVersion: runtime.Version()}
	if raw, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(raw), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				m.model = strings.TrimSpace(v)
				break
			}
		}
	}
	if kb, err := procMeminfo("MemTotal"); err == nil {
		m.mem = strconv.FormatFloat(float64(kb)/(1<<20), 'f', 1, 64) + " GiB RAM"
	}
	if raw, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		m.kernel = strings.TrimSpace(string(raw))
	}
	m.fsync = fsyncLatency(dir)
	m.fs = fsType(dir)
	return m
}

func procMeminfo(field string) (int64, error) {
	raw, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			return strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
		}
	}
	return 0, os.ErrNotExist
}

// fsyncLatency is the median time to write 4 KiB and fdatasync it, the
// floor under every durable commit on this disk.
func fsyncLatency(dir string) time.Duration {
	f, err := os.CreateTemp(dir, "fsync-")
	if err != nil {
		return 0
	}
	defer os.Remove(f.Name())
	defer f.Close()
	buf := make([]byte, 4096)
	var ds []time.Duration
	for i := range 50 {
		t := time.Now()
		if _, err := f.WriteAt(buf, int64(i%8)*4096); err != nil {
			return 0
		}
		if err := syscall.Fdatasync(int(f.Fd())); err != nil {
			return 0
		}
		ds = append(ds, time.Since(t))
	}
	return percentile(ds, 50)
}

// fsType names the file system under dir, from /proc/mounts.
func fsType(dir string) string {
	abs, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return "?"
	}
	raw, err := os.ReadFile("/proc/mounts")
	if err != nil {
		return "?"
	}
	best, fs := "", "?"
	for _, line := range strings.Split(string(raw), "\n") {
		f := strings.Fields(line)
		if len(f) < 3 {
			continue
		}
		if (abs == f[1] || strings.HasPrefix(abs, strings.TrimSuffix(f[1], "/")+"/")) && len(f[1]) >= len(best) {
			best, fs = f[1], f[2]+" on "+f[0]
		}
	}
	return fs
}

// cpuTimes is the machine's CPU time so far, from the first line of
// /proc/stat: busy (everything but idle and iowait) and total.
type cpuTimes struct{ busy, total time.Duration }

func readCPUTimes() cpuTimes {
	raw, err := os.ReadFile("/proc/stat")
	if err != nil {
		return cpuTimes{}
	}
	line, _, _ := strings.Cut(string(raw), "\n")
	f := strings.Fields(line)
	if len(f) < 5 || f[0] != "cpu" {
		return cpuTimes{}
	}
	var c cpuTimes
	for i, v := range f[1:] {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return cpuTimes{}
		}
		d := time.Duration(n) * time.Second / clockTicks
		c.total += d
		if i != 3 && i != 4 { // idle, iowait
			c.busy += d
		}
	}
	return c
}

// sub returns the busy and total time between c0 and c.
func (c cpuTimes) sub(c0 cpuTimes) cpuTimes {
	return cpuTimes{busy: c.busy - c0.busy, total: c.total - c0.total}
}
