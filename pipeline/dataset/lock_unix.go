//go:build unix

package dataset

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// lockBuild takes DIR/.build.lock so that two builds of one data folder do
// not run at once (the second fails at once with a clear error). The lock
// dies with the process: a crashed build leaves no stale lock.
func lockBuild(dataDir string) (unlock func(), err error) {
	p := filepath.Join(dataDir, ".build.lock")
	f, err := os.OpenFile(p, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("dataset: lock: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("dataset: another build of %s is running", dataDir)
		}
		return nil, fmt.Errorf("dataset: lock %s: %w", p, err)
	}
	return func() {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}

// lockShared takes a shared lock on the pin file p (created when missing
// and the folder is writable), waiting while a build holds it exclusively.
// The lock dies with the process.
func lockShared(p string) (release func(), err error) {
	f, err := os.Open(p)
	if errors.Is(err, os.ErrNotExist) {
		f, err = os.OpenFile(p, os.O_CREATE|os.O_RDWR, 0o644)
	}
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_SH); err != nil {
		f.Close()
		return nil, fmt.Errorf("dataset: pin %s: %w", p, err)
	}
	return func() {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}

// lockExclusive tries to take the pin file p exclusively; ok is false
// when a reader holds it.
func lockExclusive(p string) (release func(), ok bool, err error) {
	f, err := os.OpenFile(p, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, false, fmt.Errorf("dataset: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, false, nil
		}
		return nil, false, fmt.Errorf("dataset: lock %s: %w", p, err)
	}
	return func() {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, true, nil
}
