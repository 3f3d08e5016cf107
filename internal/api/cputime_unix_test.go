//go:build unix

package api

import (
	"syscall"
	"testing"
	"time"
)

// cpuTime returns the user and system time this process has used, all
// threads together.
func cpuTime(tb testing.TB) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		tb.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
