package dataset

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// prevName is where the previous dataset waits during a swap.
const prevName = "dataset.prev"

// PrevDir is where a build's swap puts the previous dataset for a moment;
// a reader that finds no Dir(dataDir) may read a complete dataset here.
func PrevDir(dataDir string) string { return filepath.Join(dataDir, prevName) }

// swap replaces DIR/dataset by the complete folder tmp: the old dataset is
// renamed aside, the new one renamed in, then the old one removed. Should
// the process die between the two renames, recoverSwap (run by the next
// build) and query.Open (read-only) find the old dataset at DIR/dataset.prev.
func swap(dataDir, tmp string) error {
	cur := Dir(dataDir)
	prev := filepath.Join(dataDir, prevName)
	hadOld := true
	if err := os.RemoveAll(prev); err != nil {
		return fmt.Errorf("dataset: remove stale %s: %w", prev, err)
	}
	if err := os.Rename(cur, prev); err != nil {
		if !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("dataset: move the old dataset aside: %w", err)
		}
		hadOld = false
	}
	if err := os.Rename(tmp, cur); err != nil {
		if hadOld {
			if rerr := os.Rename(prev, cur); rerr != nil {
				return fmt.Errorf("dataset: swap in the new dataset: %w (and restoring the old one: %v)", err, rerr)
			}
		}
		return fmt.Errorf("dataset: swap in the new dataset: %w", err)
	}
	syncDir(dataDir)
	if hadOld {
		if err := os.RemoveAll(prev); err != nil {
			return fmt.Errorf("dataset: remove the old dataset: %w", err)
		}
	}
	return nil
}

// recoverSwap finishes or undoes a swap that a crash interrupted, and
// removes the temporary folders of builds that died.
func recoverSwap(dataDir string) error {
	cur := Dir(dataDir)
	prev := filepath.Join(dataDir, prevName)
	if _, err := os.Stat(cur); errors.Is(err, os.ErrNotExist) {
		if _, err := os.Stat(prev); err == nil {
			if err := os.Rename(prev, cur); err != nil {
				return fmt.Errorf("dataset: restore the previous dataset: %w", err)
			}
		}
	}
	stale, _ := filepath.Glob(filepath.Join(dataDir, ".dataset-build-*"))
	for _, s := range stale {
		os.RemoveAll(s)
	}
	return nil
}

func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}
