package dataset

import (
	"context"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"ogi/pipeline/report"
	"os"
	"path/filepath"

	"golang.org/x/sync/errgroup"
)

// transient tells the failure reasons that are not cached: they say
// nothing about the payload.
func transient(reason report.Reason) bool {
	return reason == report.ReasonPDFToolMissing || reason == report.ReasonConverterFailed
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
	}
	results := make([]result, len(inputs))
	// The first error (a cache that cannot be written, an interruption)
	// stops the other extractions.
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(workers)
	for i := range inputs {
		if gctx.Err() != nil {
			break
		}
		g.Go(func() error {
			cached, failed, err := e.one(gctx, &inputs[i])
			results[i] = result{cached, failed}
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, stats, err
	}
	if err := ctx.Err(); err != nil {
		return nil, stats, fmt.Errorf("dataset: extraction interrupted: %w", err)
	}
	for i, r := range results {
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
			if err := e.pageDate(in, p, payload); err != nil {
				return true, nil, err
			}
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
	if err := e.pageDate(in, p, payload); err != nil {
		return false, nil, err
	}
	return false, nil, nil
}

// pageDate fills in.PageDate from the sidecar of the cached report at p,
// or from the payload (read when nil), writing the sidecar.
func (e *extractor) pageDate(in *Input, p string, payload []byte) error {
	if !in.PageDate.IsZero() {
		return nil
	}
	side := pageDateFile(p)
	if t, ok := readPageDate(side); ok {
		in.PageDate = t
		return nil
	}
	if payload == nil {
		var err error
		if payload, err = in.Read(); err != nil {
			e.log.Warn("payload unreadable for its page date", "source", in.Source, "err", err)
			return nil // no date; the report itself is cached
		}
	}
	in.PageDate = pageDateOf(payload, *in)
	return writePageDate(side, in.PageDate)
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
	return replaceFile(path, false, func(w io.Writer) error { return gob.NewEncoder(w).Encode(rep) })
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
