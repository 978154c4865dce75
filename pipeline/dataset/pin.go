package dataset

import (
	"fmt"
	"os"
	"path/filepath"
)

// Pin is a reader's hold on the dataset it reads: while a Pin is held, no
// build removes its generation folder. A long-running reader (the
// dashboard) takes a new pin when it moves to a new build and releases the
// old one once its last query on it has finished.
type Pin struct {
	// Dir is the dataset folder the pin holds: a generation folder, or
	// DIR/dataset itself for a dataset written before generations.
	Dir     string
	release func()
}

// Release lets builds remove the pinned dataset. It may be called more
// than once.
func (p *Pin) Release() {
	if p != nil && p.release != nil {
		p.release()
		p.release = nil
	}
}

// PinCurrent pins the current dataset of a data folder and returns it. A
// reader without write access to the data folder still reads, unpinned
// (the previous generation is kept by every build all the same).
func PinCurrent(dataDir string) (*Pin, error) {
	for attempt := 0; ; attempt++ {
		dir, err := Current(dataDir)
		if err != nil {
			return nil, err
		}
		name, ok := isGeneration(dataDir, dir)
		if !ok {
			return &Pin{Dir: dir}, nil
		}
		release, err := lockShared(pinPath(dataDir, name))
		if err != nil {
			return &Pin{Dir: dir}, nil // read-only data folder: unpinned
		}
		if exists(filepath.Join(dir, ManifestName)) {
			return &Pin{Dir: dir, release: release}, nil
		}
		// A build removed the generation between resolving the link and
		// the pin (two builds ran meanwhile): resolve again.
		release()
		if attempt >= 10 {
			return nil, fmt.Errorf("dataset %s keeps changing under the reader", dataDir)
		}
	}
}

// pinPath is the lock file of a generation, beside its folder.
func pinPath(dataDir, name string) string {
	return filepath.Join(generationsDir(dataDir), name+".pin")
}

// removeUnpinned removes a generation folder unless a reader pins it.
func removeUnpinned(dataDir, name string) (bool, error) {
	p := pinPath(dataDir, name)
	release, ok, err := lockExclusive(p)
	if err != nil || !ok {
		return false, err
	}
	defer release()
	if err := os.RemoveAll(filepath.Join(generationsDir(dataDir), name)); err != nil {
		return false, fmt.Errorf("dataset: remove %s: %w", name, err)
	}
	if err := os.Remove(p); err != nil && !os.IsNotExist(err) {
		return true, fmt.Errorf("dataset: remove %s: %w", p, err)
	}
	return true, nil
}
