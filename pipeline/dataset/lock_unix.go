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
