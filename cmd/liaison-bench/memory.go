package main

import "time"

// runIdleMemory starts the node holding n messages, leaves it idle for
// the bench's idle time, and reads its resident set (VmRSS).
func (b *bench) runIdleMemory(n int) (int64, error) {
	c, err := b.coldNode(n)
	if err != nil {
		return 0, err
	}
	if _, err := c.start(); err != nil {
		return 0, err
	}
	time.Sleep(b.idle)
	rss, err := c.rss()
	if serr := c.stop(); err == nil {
		err = serr
	}
	return rss, err
}
