// Package proc runs an external converter (pdftotext, soffice) the way the
// attachment readers need it: under a deadline, in its own process group so
// that a timeout kills the child and everything it started, with its output
// bounded so that a hostile input cannot exhaust memory.
package proc

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"time"
)

// ErrNotFound is returned (wrapped) when the program is not installed.
var ErrNotFound = errors.New("program not found")

// ErrTimeout is returned (wrapped) when the program ran past its deadline
// and was killed.
var ErrTimeout = errors.New("timed out")

// ErrOutputTooLarge is returned (wrapped) when the program wrote more than
// the allowed number of bytes to stdout; it is killed at that point.
var ErrOutputTooLarge = errors.New("output too large")

// Command describes one run.
type Command struct {
	Path    string   // program name (looked up on PATH) or path
	Args    []string // arguments, without the program name
	Stdin   []byte   // fed to the program's standard input
	Dir     string   // working directory; "" for the current one
	Env     []string // extra environment, appended to the current one
	Timeout time.Duration
	// MaxStdout bounds the bytes kept from stdout; the program is killed
	// when it writes more. 0 means 64 MiB.
	MaxStdout int64
	// MaxMemory caps the program's address space (RLIMIT_AS, on Linux),
	// set before it is given its input; 0 leaves it unlimited.
	MaxMemory int64
}

// ExitError is a run that finished with a non-zero status.
type ExitError struct {
	Program string
	Code    int
	Stderr  string // the first few KiB of stderr
}

func (e *ExitError) Error() string {
	msg := fmt.Sprintf("%s exited with status %d", e.Program, e.Code)
	if e.Stderr != "" {
		msg += ": " + e.Stderr
	}
	return msg
}

const maxStderr = 4 << 10

// Run runs c and returns its stdout and the head of its stderr. A program
// that is missing yields ErrNotFound, one killed at the deadline ErrTimeout,
// one that writes too much ErrOutputTooLarge, one that fails *ExitError.
func Run(ctx context.Context, c Command) (stdout []byte, stderr string, err error) {
	path, err := exec.LookPath(c.Path)
	if err != nil {
		return nil, "", fmt.Errorf("%s: %w", c.Path, ErrNotFound)
	}
	if c.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.Timeout)
		defer cancel()
	}
	max := c.MaxStdout
	if max <= 0 {
		max = 64 << 20
	}
	cmd := exec.CommandContext(ctx, path, c.Args...)
	cmd.Dir = c.Dir
	if len(c.Env) > 0 {
		cmd.Env = append(cmd.Environ(), c.Env...)
	}
	setProcessGroup(cmd)
	cmd.WaitDelay = 2 * time.Second
	var stdin io.WriteCloser
	if c.Stdin != nil {
		if stdin, err = cmd.StdinPipe(); err != nil {
			return nil, "", fmt.Errorf("stdin pipe for %s: %w", c.Path, err)
		}
	}
	out := &limitBuffer{max: max}
	errb := &limitBuffer{max: maxStderr, quiet: true}
	cmd.Stdout = out
	cmd.Stderr = errb
	killOnOverflow := make(chan struct{})
	out.onOverflow = func() { close(killOnOverflow) }
	if err := cmd.Start(); err != nil {
		return nil, "", fmt.Errorf("start %s: %w", c.Path, err)
	}
	if c.MaxMemory > 0 {
		// the limit is in place before the program sees its input
		if err := limitMemory(cmd.Process.Pid, c.MaxMemory); err != nil {
			_ = cmd.Cancel()
			_ = cmd.Wait()
			return nil, "", fmt.Errorf("limit memory of %s: %w", c.Path, err)
		}
	}
	if stdin != nil {
		go func() {
			// a program that exits without reading all of it closes the
			// pipe: the write error is of no interest.
			_, _ = stdin.Write(c.Stdin)
			_ = stdin.Close()
		}()
	}
	done := make(chan struct{})
	go func() {
		select {
		case <-killOnOverflow:
			_ = cmd.Cancel()
		case <-done:
		}
	}()
	werr := cmd.Wait()
	close(done)
	stderr = string(bytes.ToValidUTF8(errb.buf.Bytes(), []byte("?")))
	switch {
	case out.overflow:
		return nil, stderr, fmt.Errorf("%s wrote more than %d bytes: %w", c.Path, max, ErrOutputTooLarge)
	case ctx.Err() != nil && werr != nil:
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return nil, stderr, fmt.Errorf("%s killed after %v: %w", c.Path, c.Timeout, ErrTimeout)
		}
		return nil, stderr, fmt.Errorf("%s: %w", c.Path, ctx.Err())
	case werr != nil:
		var ee *exec.ExitError
		if errors.As(werr, &ee) {
			return out.buf.Bytes(), stderr, &ExitError{Program: c.Path, Code: ee.ExitCode(), Stderr: trimStderr(stderr)}
		}
		return nil, stderr, fmt.Errorf("run %s: %w", c.Path, werr)
	}
	return out.buf.Bytes(), stderr, nil
}

func trimStderr(s string) string {
	s = string(bytes.TrimSpace([]byte(s)))
	if len(s) > 500 {
		s = s[:500] + "…"
	}
	return s
}

// limitBuffer keeps up to max bytes. Past that it records the overflow and
// fails the write (stdout) or silently drops (stderr, quiet).
type limitBuffer struct {
	buf        bytes.Buffer
	max        int64
	quiet      bool
	overflow   bool
	onOverflow func()
}

func (b *limitBuffer) Write(p []byte) (int, error) {
	room := b.max - int64(b.buf.Len())
	if int64(len(p)) <= room {
		return b.buf.Write(p)
	}
	if room > 0 {
		b.buf.Write(p[:room])
	}
	if b.quiet {
		return len(p), nil
	}
	if !b.overflow {
		b.overflow = true
		if b.onOverflow != nil {
			b.onOverflow()
		}
	}
	return 0, io.ErrShortWrite
}
