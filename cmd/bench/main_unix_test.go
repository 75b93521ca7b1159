//go:build unix

package main

import (
	"bytes"
	"os"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// lockedBuffer is a bytes.Buffer safe for a writer and a reader on
// different goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// TestRunSIGINT sends the process a real SIGINT, as Ctrl-C does, during a
// run: run catches it, stops with status 130 and writes no file.
func TestRunSIGINT(t *testing.T) {
	dir := t.TempDir()
	var stdout, stderr lockedBuffer
	done := make(chan int)
	go func() { done <- run([]string{"-quick", "-out", dir}, &stdout, &stderr) }()
	// The header is printed after run installs its signal handler.
	for deadline := time.Now().Add(time.Minute); !strings.Contains(stdout.String(), "tier"); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the run printed no header within a minute")
		}
	}
	if err := syscall.Kill(os.Getpid(), syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	select {
	case code := <-done:
		if code != exitInterrupted {
			t.Errorf("exit %d, want %d; stderr %q", code, exitInterrupted, stderr.String())
		}
	case <-time.After(time.Minute):
		t.Fatal("the run did not stop within a minute of SIGINT")
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		t.Errorf("interrupted run left %s in -out", e.Name())
	}
}
