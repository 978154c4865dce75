package dataset

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"ogi/pipeline/report"
)

// LocalInputs lists the report files among paths: files as given, folders
// walked recursively (hidden files and folders skipped), in sorted order.
func LocalInputs(paths []string) ([]Input, error) {
	var files []string
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("dataset: input %s: %w", p, err)
		}
		if !st.IsDir() {
			files = append(files, filepath.Clean(p))
			continue
		}
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if path != p && strings.HasPrefix(d.Name(), ".") {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.Type().IsRegular() {
				files = append(files, filepath.Clean(path))
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("dataset: walk %s: %w", p, err)
		}
	}
	sort.Strings(files)
	inputs := make([]Input, 0, len(files))
	seen := map[string]bool{}
	for _, f := range files {
		if seen[f] {
			continue
		}
		seen[f] = true
		inputs = append(inputs, Input{
			Source: filepath.ToSlash(f),
			Name:   filepath.Base(f),
			Read:   func() ([]byte, error) { return readLocal(f, MaxLocalInput) },
		})
	}
	return inputs, nil
}

// MaxLocalInput caps the bytes read from one local input file: the cap the
// crawler puts on a downloaded body. A stray large file in a walked folder
// (a video, a disk image) is a TOO_LARGE report, not memory exhausted.
const MaxLocalInput = 64 << 20

// tooLarge is the error of an input past MaxLocalInput; its reason code
// makes the report's failure TOO_LARGE.
type tooLarge struct{ path string }

func (e tooLarge) Error() string {
	return fmt.Sprintf("%s: more than %d bytes", e.path, MaxLocalInput)
}
func (tooLarge) ReasonCode() report.Reason { return report.ReasonTooLarge }

// readLocal reads a file of at most max bytes (checked as read, should the
// file grow meanwhile).
func readLocal(path string, max int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.Size() > max {
		return nil, tooLarge{path}
	}
	b, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if int64(len(b)) > max {
		return nil, tooLarge{path}
	}
	return b, nil
}

// skipDataFiles drops the files of the data folder's own machinery
// (dataset, cache, archive, state), should a PATH include the data folder.
func skipDataFiles(inputs []Input, dataDir string) []Input {
	abs, err := filepath.Abs(dataDir)
	if err != nil {
		return inputs
	}
	var own []string
	for _, d := range []string{"dataset", prevName, GenerationsName, "cache", "archive", "state", "inputs"} {
		own = append(own, filepath.Join(abs, d)+string(filepath.Separator))
	}
	out := inputs[:0]
	for _, in := range inputs {
		p, err := filepath.Abs(filepath.FromSlash(in.Source))
		skip := false
		for _, o := range own {
			if err == nil && strings.HasPrefix(p, o) {
				skip = true
			}
		}
		if !skip {
			out = append(out, in)
		}
	}
	return out
}
