//go:build !unix

package dataset

import "errors"

// lockBuild does not lock on systems without flock: run one build at a time.
func lockBuild(dataDir string) (unlock func(), err error) { return func() {}, nil }

// lockShared cannot pin without flock: readers read unpinned.
func lockShared(p string) (release func(), err error) {
	return nil, errors.New("dataset: no pins on this system")
}

// lockExclusive never removes a generation without flock: it cannot tell
// whether a reader uses it.
func lockExclusive(p string) (release func(), ok bool, err error) { return nil, false, nil }
