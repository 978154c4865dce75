package dataset

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// A data folder keeps every complete dataset a build wrote in its own
// generation folder, DIR/generations/gNNNNNN, and DIR/dataset is a
// symbolic link to the current one (relative, so the data folder can
// move). A build writes the next generation beside the others, then
// replaces the link in one rename: a reader that resolved the link before
// the swap keeps reading a complete, unchanged dataset, and one that
// resolves it after reads the new one. Old generations are removed by
// later builds, never while a reader holds a pin on them (see Pin), and
// the previous generation is always kept for readers that follow the
// DIR/dataset/... paths without a pin.

// GenerationsName is the folder of a data folder that holds the
// generations.
const GenerationsName = "generations"

// prevName is where builds before generation folders put the previous
// dataset for a moment during a swap; recoverSwap still restores it.
const prevName = "dataset.prev"

// buildPrefix names the temporary folder of a build in progress.
const buildPrefix = ".build-"

// PrevDir is where an older ogi's build put the previous dataset during
// its swap; a reader that finds no Dir(dataDir) may read a complete
// dataset there.
func PrevDir(dataDir string) string { return filepath.Join(dataDir, prevName) }

func generationsDir(dataDir string) string { return filepath.Join(dataDir, GenerationsName) }

// generationName is the folder name of generation n.
func generationName(n int) string { return fmt.Sprintf("g%06d", n) }

// generationNumber parses a generation folder name; ok is false for
// anything else (temporary folders, pin files).
func generationNumber(name string) (int, bool) {
	if len(name) < 2 || name[0] != 'g' {
		return 0, false
	}
	n, err := strconv.Atoi(name[1:])
	if err != nil || n < 0 {
		return 0, false
	}
	return n, true
}

// generations lists the generation numbers of a data folder, ascending.
func generations(dataDir string) ([]int, error) {
	ents, err := os.ReadDir(generationsDir(dataDir))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("dataset: list generations: %w", err)
	}
	var out []int
	for _, e := range ents {
		if n, ok := generationNumber(e.Name()); ok && e.IsDir() {
			out = append(out, n)
		}
	}
	slices.Sort(out)
	return out, nil
}

// swapper puts a finished dataset folder in place.
type swapper struct {
	dataDir string
	log     *slog.Logger
	// syncDir makes a folder's entries durable; tests inject failures.
	syncDir func(dir string) error
}

// newBuildDir creates the temporary folder a build writes into, inside
// DIR/generations so that the final rename stays on one file system.
func newBuildDir(dataDir string) (string, error) {
	g := generationsDir(dataDir)
	if err := os.MkdirAll(g, 0o755); err != nil {
		return "", fmt.Errorf("dataset: create %s: %w", g, err)
	}
	tmp, err := os.MkdirTemp(g, buildPrefix)
	if err != nil {
		return "", fmt.Errorf("dataset: temp folder: %w", err)
	}
	return tmp, nil
}

// swap makes the complete folder tmp the next generation and points
// DIR/dataset at it, then removes the generations no reader needs. A
// folder sync that fails after the renames succeeded is logged: the new
// dataset is in place, but a power loss might undo the swap.
func (s swapper) swap(tmp string) error {
	gens, err := generations(s.dataDir)
	if err != nil {
		return err
	}
	next := 1
	if len(gens) > 0 {
		next = gens[len(gens)-1] + 1
	}
	gdir := generationsDir(s.dataDir)
	name := generationName(next)
	if err := os.Rename(tmp, filepath.Join(gdir, name)); err != nil {
		return fmt.Errorf("dataset: name the new generation: %w", err)
	}
	s.syncWarn(gdir)
	cur := Dir(s.dataDir)
	if st, err := os.Lstat(cur); err == nil && st.IsDir() {
		// A dataset written before generation folders: it becomes
		// generation 0, kept like any previous generation.
		if err := os.Rename(cur, filepath.Join(gdir, generationName(0))); err != nil {
			return fmt.Errorf("dataset: move the old dataset into %s: %w", gdir, err)
		}
	}
	link := filepath.Join(s.dataDir, ".dataset-link-"+name)
	os.Remove(link)
	if err := os.Symlink(filepath.Join(GenerationsName, name), link); err != nil {
		return fmt.Errorf("dataset: link the new generation: %w", err)
	}
	if err := os.Rename(link, cur); err != nil {
		os.Remove(link)
		return fmt.Errorf("dataset: swap in the new dataset: %w", err)
	}
	s.syncWarn(s.dataDir)
	s.collect(next)
	return nil
}

func (s swapper) syncWarn(dir string) {
	sync := s.syncDir
	if sync == nil {
		sync = syncDir
	}
	if err := sync(dir); err != nil {
		s.log.Warn("dataset swapped, but the folder could not be synced to disk: a power loss may undo the swap",
			"folder", dir, "err", err)
	}
}

// collect removes the generations older than the current one's
// predecessor that no reader pins. A generation that cannot be removed
// now is left for the next build.
func (s swapper) collect(current int) {
	gens, err := generations(s.dataDir)
	if err != nil {
		s.log.Warn("old datasets not collected", "err", err)
		return
	}
	for _, n := range gens {
		if n >= current-1 {
			continue
		}
		removed, err := removeUnpinned(s.dataDir, generationName(n))
		if err != nil {
			s.log.Warn("old dataset not removed", "generation", generationName(n), "err", err)
		} else if !removed {
			s.log.Info("old dataset kept: a reader uses it", "generation", generationName(n))
		}
	}
}

// recoverSwap finishes or undoes a swap that a crash interrupted, and
// removes the temporary folders of builds that died.
func recoverSwap(dataDir string) error {
	cur := Dir(dataDir)
	if _, err := os.Lstat(cur); errors.Is(err, os.ErrNotExist) {
		prev := PrevDir(dataDir)
		gens, gerr := generations(dataDir)
		switch {
		case gerr != nil:
			return gerr
		case len(gens) > 0:
			// Died between moving an old dataset into generation 0 and
			// linking the new generation: link the newest.
			if err := os.Symlink(filepath.Join(GenerationsName, generationName(gens[len(gens)-1])), cur); err != nil {
				return fmt.Errorf("dataset: restore the dataset link: %w", err)
			}
		case exists(prev):
			if err := os.Rename(prev, cur); err != nil {
				return fmt.Errorf("dataset: restore the previous dataset: %w", err)
			}
		}
	}
	var stale []string
	for _, pat := range []string{
		filepath.Join(generationsDir(dataDir), buildPrefix+"*"),
		filepath.Join(dataDir, ".dataset-build-*"), // older ogi
		filepath.Join(dataDir, ".dataset-link-*"),
	} {
		m, _ := filepath.Glob(pat)
		stale = append(stale, m...)
	}
	for _, s := range stale {
		if err := os.RemoveAll(s); err != nil {
			return fmt.Errorf("dataset: remove a dead build's %s: %w", s, err)
		}
	}
	return nil
}

// Current returns the folder of the current dataset of a data folder: the
// generation DIR/dataset links to (or DIR/dataset itself when it is a
// folder, as older builds left it, or the previous dataset an older build
// left aside when it died mid-swap).
func Current(dataDir string) (string, error) {
	cur := Dir(dataDir)
	target, err := os.Readlink(cur)
	switch {
	case err == nil:
		if !filepath.IsAbs(target) {
			target = filepath.Join(dataDir, target)
		}
		return filepath.Clean(target), nil
	case errors.Is(err, os.ErrNotExist):
		if gens, _ := generations(dataDir); len(gens) > 0 {
			// A build died between two renames of its swap.
			return filepath.Join(generationsDir(dataDir), generationName(gens[len(gens)-1])), nil
		}
		if prev := PrevDir(dataDir); exists(filepath.Join(prev, ManifestName)) {
			return prev, nil
		}
		return "", fmt.Errorf("no dataset in %s (run ogi build): %w", dataDir, err)
	}
	if st, serr := os.Stat(cur); serr == nil && st.IsDir() {
		return cur, nil
	}
	return "", fmt.Errorf("dataset %s: %w", cur, err)
}

func exists(p string) bool { _, err := os.Stat(p); return err == nil }

// isGeneration reports whether dir is a generation folder of dataDir.
func isGeneration(dataDir, dir string) (string, bool) {
	rel, err := filepath.Rel(generationsDir(dataDir), dir)
	if err != nil || strings.Contains(rel, string(filepath.Separator)) {
		return "", false
	}
	_, ok := generationNumber(rel)
	return rel, ok
}

// syncDir flushes a folder's entries (renames, new files) to disk.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	if err := d.Sync(); err != nil {
		d.Close()
		return err
	}
	return d.Close()
}
