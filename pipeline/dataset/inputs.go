package dataset

import (
	"context"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

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

// transient tells the failure reasons that are not cached: they say
// nothing about the payload.
func transient(reason report.Reason) bool {
	return reason == report.ReasonPDFToolMissing || reason == report.ReasonConverterFailed
}

// skipDataFiles drops the files of the data folder's own machinery
// (dataset, cache, archive, state), should a PATH include the data folder.
func skipDataFiles(inputs []Input, dataDir string) []Input {
	abs, err := filepath.Abs(dataDir)
	if err != nil {
		return inputs
	}
	var own []string
	for _, d := range []string{"dataset", prevName, "cache", "archive", "state"} {
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

// cacheFormat changes when the cache encoding does.
const cacheFormat = "1"

// extractor runs the extraction of inputs with an on-disk cache: a payload
// is re-extracted only when its bytes, its extraction hints or the
// extractor version changed.
type extractor struct {
	dir     string
	extract ExtractFunc
	version string
	workers int
	log     *slog.Logger
}

type extractStats struct{ extracted, cached int }

// cacheKey names the cached report of a payload.
func (e *extractor) cacheKey(in Input) string {
	h := sha256.New()
	for _, s := range []string{cacheFormat, e.version, in.SHA256, in.ContentType, in.Name, in.Source} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}

func (e *extractor) path(key string) string { return filepath.Join(e.dir, key[:2], key+".gob") }

// run extracts every input (or loads it from the cache) and returns loaders
// that read the cached reports back. Inputs keep their order.
func (e *extractor) run(ctx context.Context, inputs []Input) ([]Prepared, extractStats, error) {
	var stats extractStats
	out := make([]Prepared, len(inputs))
	if len(inputs) == 0 {
		return nil, stats, nil
	}
	workers := e.workers
	if workers <= 0 {
		workers = 2
	}
	type result struct {
		cached bool
		failed *report.Report // the payload could not be read: recorded, not cached
		err    error
	}
	results := make([]result, len(inputs))
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := range jobs {
				cached, failed, err := e.one(ctx, &inputs[i])
				results[i] = result{cached, failed, err}
			}
		})
	}
feed:
	for i := range inputs {
		select {
		case jobs <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, stats, fmt.Errorf("dataset: extraction interrupted: %w", err)
	}
	for i, r := range results {
		if r.err != nil {
			return nil, stats, r.err
		}
		if r.cached {
			stats.cached++
		} else {
			stats.extracted++
		}
		in := inputs[i]
		in.Read = nil
		if r.failed != nil {
			rep := *r.failed
			out[i] = Prepared{Input: in, Load: func() (report.Report, error) { return rep, nil }}
			continue
		}
		p := e.path(e.cacheKey(in))
		out[i] = Prepared{Input: in, Load: func() (report.Report, error) { return readCache(p) }}
	}
	return out, stats, nil
}

// one makes sure the cache holds the report of in, filling in.SHA256. A
// payload that cannot be read becomes a failed report that is not cached
// (the next build tries again).
func (e *extractor) one(ctx context.Context, in *Input) (cached bool, failed *report.Report, err error) {
	var payload []byte
	read := func() bool {
		payload, err = in.Read()
		if err != nil {
			e.log.Warn("payload unreadable", "source", in.Source, "err", err)
			rep := failedReport(*in, fmt.Errorf("read payload: %w", err))
			failed = &rep
			return false
		}
		return true
	}
	if in.SHA256 == "" {
		if !read() {
			return false, failed, nil
		}
		sum := sha256.Sum256(payload)
		in.SHA256 = hex.EncodeToString(sum[:])
	}
	p := e.path(e.cacheKey(*in))
	if _, err := os.Stat(p); err == nil {
		_, cacheErr := readCache(p)
		if cacheErr == nil {
			return true, nil, nil
		}
		// A damaged cache entry (a disk fault, a crash of another tool)
		// is dropped and the report extracted again: the nightly job must
		// not stop on it.
		e.log.Warn("cache entry unreadable; extracting again", "source", in.Source, "err", cacheErr)
		if err := os.Remove(p); err != nil {
			return false, nil, fmt.Errorf("dataset: remove damaged cache %s: %w", p, err)
		}
	}
	if payload == nil && !read() {
		return false, failed, nil
	}
	rep, err := e.safeExtract(ctx, payload, *in)
	if ctxErr := ctx.Err(); ctxErr != nil {
		return false, nil, fmt.Errorf("dataset: extraction interrupted: %w", ctxErr)
	}
	if err != nil {
		e.log.Warn("extraction failed", "source", in.Source, "err", err)
		rep = failedReport(*in, err)
	}
	if rep.Status == report.StatusFailed && transient(rep.Reason) {
		// A missing tool or a hung converter says nothing about the
		// payload: try again next build.
		return false, &rep, nil
	}
	if err := writeCache(p, rep); err != nil {
		return false, nil, err
	}
	return false, nil, nil
}

// failedReport records a payload the extractor could not read. An error
// that carries a reason code (a ReasonCode method) keeps it.
func failedReport(in Input, err error) report.Report {
	reason := report.ReasonUnreadable
	var re interface{ ReasonCode() report.Reason }
	if errors.As(err, &re) && re.ReasonCode() != "" {
		reason = re.ReasonCode()
	}
	return report.Report{Source: in.Source, SHA256: in.SHA256, Status: report.StatusFailed, Reason: reason, Detail: err.Error()}
}

// safeExtract runs the extractor, turning a panic into an error so one bad
// payload cannot take the build down.
func (e *extractor) safeExtract(ctx context.Context, payload []byte, in Input) (rep report.Report, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("extractor panic: %v", r)
		}
	}()
	return e.extract(ctx, payload, in)
}

func writeCache(path string, rep report.Report) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("dataset: cache: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return fmt.Errorf("dataset: cache: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := gob.NewEncoder(tmp).Encode(rep); err != nil {
		tmp.Close()
		return fmt.Errorf("dataset: cache %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("dataset: cache %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("dataset: cache: %w", err)
	}
	return nil
}

func readCache(path string) (report.Report, error) {
	var rep report.Report
	f, err := os.Open(path)
	if err != nil {
		return rep, fmt.Errorf("dataset: cache: %w", err)
	}
	defer f.Close()
	if err := gob.NewDecoder(f).Decode(&rep); err != nil {
		return rep, fmt.Errorf("dataset: cache %s is corrupt (delete it to re-extract): %w", path, err)
	}
	return rep, nil
}
