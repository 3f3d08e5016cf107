package federation

import (
	"net"
	"testing"
	"time"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/node"
)

// TestCloseBeforeServe: liaison serve starts Serve in a goroutine, and a
// SIGTERM right after start could run Close before that goroutine reached
// Serve. Close then found no server to shut down, Serve went on accepting,
// and the process never exited.
func TestCloseBeforeServe(t *testing.T) {
	// Neither Close nor this Serve touches the store.
	n, err := node.New(node.Config{Party: "in", Name: "in", Store: struct{ liaison.Store }{}})
	if err != nil {
		t.Fatal(err)
	}
	k, err := GenerateKeys("in", "in", nil)
	if err != nil {
		t.Fatal(err)
	}
	f := New(n, k, Options{})
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- f.Serve(ln) }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Serve after Close = %v, want nil", err)
		}
	case <-time.After(10 * time.Second): // bounds a hang; asserts no speed
		ln.Close()
		t.Fatal("Serve after Close still serving after 10 s")
	}
	if c, err := net.Dial("tcp", ln.Addr().String()); err == nil {
		c.Close()
		t.Error("the listener still accepts after Serve returned")
	}
}
