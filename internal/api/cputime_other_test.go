//go:build !unix

package api

import (
	"testing"
	"time"
)

// cpuTime is 0 where getrusage is missing: CPU metrics then read 0.
func cpuTime(testing.TB) time.Duration { return 0 }
