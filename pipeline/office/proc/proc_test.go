package proc

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func script(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "tool.sh")
	if err := os.WriteFile(p, []byte("#!/bin/sh\n"+body+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestRunOK(t *testing.T) {
	out, _, err := Run(context.Background(), Command{Path: script(t, "cat; echo done"), Stdin: []byte("hi "), Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if string(out) != "hi done\n" {
		t.Fatalf("stdout %q", out)
	}
}

func TestRunMissing(t *testing.T) {
	_, _, err := Run(context.Background(), Command{Path: "no-such-program-ogi-test"})
	if !errors.Is(err, ErrNotFound) {
		t.Fatalf("err = %v, want ErrNotFound", err)
	}
}

func TestRunExitError(t *testing.T) {
	_, _, err := Run(context.Background(), Command{Path: script(t, "echo broken >&2; exit 3"), Timeout: 10 * time.Second})
	var ee *ExitError
	if !errors.As(err, &ee) || ee.Code != 3 || !strings.Contains(ee.Stderr, "broken") {
		t.Fatalf("err = %v, want exit 3 with stderr", err)
	}
}

// A converter that hangs and leaves a grandchild holding the pipes is killed
// with its whole process group, in bounded time.
func TestRunTimeoutKillsGroup(t *testing.T) {
	dir := t.TempDir()
	pidFile := filepath.Join(dir, "child.pid")
	p := script(t, "sleep 60 & echo $! > "+pidFile+"; wait")
	start := time.Now()
	_, _, err := Run(context.Background(), Command{Path: p, Timeout: 300 * time.Millisecond})
	if !errors.Is(err, ErrTimeout) {
		t.Fatalf("err = %v, want ErrTimeout", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("took %v", d)
	}
	pid, _ := os.ReadFile(pidFile)
	if len(pid) > 0 {
		// The grandchild must be gone (give the kernel a moment to reap).
		deadline := time.Now().Add(3 * time.Second)
		for {
			if _, err := os.Stat("/proc/" + strings.TrimSpace(string(pid))); err != nil {
				break
			}
			st, _ := os.ReadFile("/proc/" + strings.TrimSpace(string(pid)) + "/stat")
			if strings.Contains(string(st), ") Z ") {
				break // zombie: killed, waiting for its reaper
			}
			if time.Now().After(deadline) {
				t.Fatalf("grandchild %s still running", pid)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
}

func TestRunOutputBounded(t *testing.T) {
	_, _, err := Run(context.Background(), Command{Path: script(t, "yes aaaaaaaaaaaaaaaaaaaaaaa"), Timeout: 10 * time.Second, MaxStdout: 1 << 16})
	if !errors.Is(err, ErrOutputTooLarge) {
		t.Fatalf("err = %v, want ErrOutputTooLarge", err)
	}
}
