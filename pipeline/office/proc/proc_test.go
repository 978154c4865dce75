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

// The memory cap is in place before the program reads its input.
func TestRunMemoryLimit(t *testing.T) {
	if _, err := os.Stat("/proc/self/limits"); err != nil {
		t.Skip("no /proc")
	}
	p := script(t, "cat >/dev/null; grep 'Max address space' /proc/self/limits")
	out, _, err := Run(context.Background(), Command{Path: p, Stdin: []byte("x"), Timeout: 10 * time.Second, MaxMemory: 512 << 20})
	if err != nil {
		t.Fatal(err)
	}
	if f := strings.Fields(string(out)); len(f) < 5 || f[3] != "536870912" {
		t.Fatalf("limits line %q", out)
	}
	// a program that needs more fails instead of growing
	p = script(t, "cat >/dev/null; exec head -c 300000000 /dev/zero | tr '\\0' a | sort >/dev/null")
	_, _, err = Run(context.Background(), Command{Path: p, Stdin: []byte("x"), Timeout: 30 * time.Second, MaxMemory: 64 << 20})
	var ee *ExitError
	if !errors.As(err, &ee) {
		t.Fatalf("err = %v, want the program to fail under the cap", err)
	}
}
