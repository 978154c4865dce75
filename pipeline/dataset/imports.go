package dataset

import (
	"bufio"
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Local report files given to a build (ogi build --data DIR PATH…) are
// imported into the data folder, so that a later build without those
// PATHs keeps their reports: DIR/inputs/<sha256[:2]>/<sha256> holds the
// bytes, by content, and DIR/inputs/index.jsonl lists each original path
// (the report's provenance, its source_url) with the hash of its content.
// An input stays until the user removes it (Options.Remove, ogi build
// --remove PATH); giving a path again replaces its content.

// InputsName is the folder of a data folder that holds imported inputs.
const InputsName = "inputs"

const importIndexName = "index.jsonl"

// Imported is one local input kept in the data folder.
type Imported struct {
	Path   string `json:"path"`   // the original path, absolute, with forward slashes
	SHA256 string `json:"sha256"` // hex of the content
	Bytes  int64  `json:"bytes"`
}

func inputsDir(dataDir string) string { return filepath.Join(dataDir, InputsName) }

func blobPath(dataDir, sha string) string {
	return filepath.Join(inputsDir(dataDir), sha[:2], sha)
}

// ImportedInputs lists the local inputs kept in a data folder, by path.
func ImportedInputs(dataDir string) ([]Imported, error) {
	b, err := os.ReadFile(filepath.Join(inputsDir(dataDir), importIndexName))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("dataset: imported inputs: %w", err)
	}
	var out []Imported
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var im Imported
		if err := json.Unmarshal([]byte(line), &im); err != nil || len(im.SHA256) != 64 || im.Path == "" {
			return nil, fmt.Errorf("dataset: %s line %d is damaged (%v): fix or remove the line",
				filepath.Join(inputsDir(dataDir), importIndexName), n, err)
		}
		out = append(out, im)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("dataset: imported inputs: %w", err)
	}
	return out, nil
}

// importLocal copies the local files among inputs into the data folder
// (files past MaxLocalInput or that cannot be read stay as they are: they
// become failed reports of this build), removes the imported inputs under
// the paths of remove, and returns every imported input plus the files
// that could not be imported.
func importLocal(dataDir string, local []Input, remove []string) ([]Input, error) {
	kept, err := ImportedInputs(dataDir)
	if err != nil {
		return nil, err
	}
	byPath := map[string]Imported{}
	for _, im := range kept {
		byPath[im.Path] = im
	}
	for _, r := range remove {
		abs, err := absSlash(r)
		if err != nil {
			return nil, err
		}
		n := 0
		for p := range byPath {
			if p == abs || strings.HasPrefix(p, strings.TrimSuffix(abs, "/")+"/") {
				delete(byPath, p)
				n++
			}
		}
		if n == 0 {
			return nil, fmt.Errorf("dataset: --remove %s: no imported input has that path (ogi build --data %s --list-inputs lists them)", r, dataDir)
		}
	}
	var failed []Input
	for _, in := range local {
		im, err := importFile(dataDir, in.Source)
		if err != nil {
			// Too large or unreadable: a failed report of this build,
			// with the reason, not an import.
			failed = append(failed, in)
			continue
		}
		byPath[im.Path] = im
	}
	list := make([]Imported, 0, len(byPath))
	for _, im := range byPath {
		list = append(list, im)
	}
	slices.SortFunc(list, func(a, b Imported) int { return cmp.Compare(a.Path, b.Path) })
	if err := writeImportIndex(dataDir, list); err != nil {
		return nil, err
	}
	if err := dropUnusedBlobs(dataDir, list); err != nil {
		return nil, err
	}
	out := make([]Input, 0, len(list)+len(failed))
	for _, im := range list {
		p := blobPath(dataDir, im.SHA256)
		out = append(out, Input{
			Source: im.Path, Name: filepath.Base(filepath.FromSlash(im.Path)), SHA256: im.SHA256,
			Read: func() ([]byte, error) { return readLocal(p, MaxLocalInput) },
		})
	}
	return append(out, failed...), nil
}

func absSlash(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", fmt.Errorf("dataset: path %s: %w", p, err)
	}
	return filepath.ToSlash(abs), nil
}

// importFile stores one local file by content (once per content) and
// returns its entry.
func importFile(dataDir, source string) (Imported, error) {
	path := filepath.FromSlash(source)
	b, err := readLocal(path, MaxLocalInput)
	if err != nil {
		return Imported{}, err
	}
	abs, err := absSlash(path)
	if err != nil {
		return Imported{}, err
	}
	sum := sha256.Sum256(b)
	im := Imported{Path: abs, SHA256: hex.EncodeToString(sum[:]), Bytes: int64(len(b))}
	dst := blobPath(dataDir, im.SHA256)
	if st, err := os.Stat(dst); err == nil && st.Size() == im.Bytes {
		return im, nil
	}
	if err := writeFileAtomic(dst, b); err != nil {
		return Imported{}, err
	}
	return im, nil
}

func writeImportIndex(dataDir string, list []Imported) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	for _, im := range list {
		if err := enc.Encode(im); err != nil {
			return fmt.Errorf("dataset: imported inputs: %w", err)
		}
	}
	return writeFileAtomic(filepath.Join(inputsDir(dataDir), importIndexName), buf.Bytes())
}

// dropUnusedBlobs removes the stored contents no entry names any more.
func dropUnusedBlobs(dataDir string, list []Imported) error {
	used := map[string]bool{}
	for _, im := range list {
		used[im.SHA256] = true
	}
	blobs, err := filepath.Glob(filepath.Join(inputsDir(dataDir), "??", "*"))
	if err != nil {
		return fmt.Errorf("dataset: %w", err)
	}
	for _, b := range blobs {
		if name := filepath.Base(b); len(name) == 64 && !used[name] {
			if err := os.Remove(b); err != nil {
				return fmt.Errorf("dataset: remove an unused input: %w", err)
			}
		}
	}
	return nil
}

// writeFileAtomic writes b to path through a synced temporary file and a
// rename, so that a crash leaves the old file or the new one.
func writeFileAtomic(path string, b []byte) error {
	return replaceFile(path, true, func(w io.Writer) error {
		_, err := w.Write(b)
		return err
	})
}

// replaceFile writes path through a temporary file in its folder and a
// rename, so a reader never sees half of it. durable also syncs the file
// before the rename and the folder after it, so that a crash leaves the
// old file or the new one; caches, which are made again when lost, skip
// the syncs.
func replaceFile(path string, durable bool, write func(io.Writer) error) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("dataset: %w", err)
	}
	tmp, err := os.CreateTemp(dir, ".tmp-*")
	if err != nil {
		return fmt.Errorf("dataset: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := write(tmp); err != nil {
		tmp.Close()
		return fmt.Errorf("dataset: write %s: %w", path, err)
	}
	closer := io.Closer(tmp)
	if durable {
		closer = syncCloser{tmp}
	}
	if err := closer.Close(); err != nil {
		return fmt.Errorf("dataset: write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("dataset: write %s: %w", path, err)
	}
	if durable {
		if err := syncDir(dir); err != nil {
			return fmt.Errorf("dataset: sync %s: %w", dir, err)
		}
	}
	return nil
}
