// Package dataset builds the Parquet dataset of data-dictionary.md: it
// extracts every archived report version and every local file (with a cache
// keyed by payload hash and extractor version), adds the soft checks that
// need other reports for context, and writes the tables with Arrow as
// zstd-compressed Parquet, hive-partitioned by year, under DIR/dataset.
//
// A build is atomic and deterministic: it writes into a temporary folder
// and swaps it in only when every file and the manifest are written, and the
// same inputs give byte-identical files. Readers never see files change
// under them: every build is a new generation folder.
//
// The package's files each do one job: inputs.go lists local report files
// and imports.go keeps them in the data folder; cache.go extracts payloads
// through the on-disk extraction cache; summary.go derives each report's
// metadata and picks the current and primary versions; crosscheck.go adds
// the soft checks that compare reports with each other; rows.go, units.go,
// reference.go, parquet.go and write.go write the tables as Parquet;
// docs.go and readme.go write views.sql and README.md; manifest.go
// describes a complete dataset; swap.go, pin.go and lock_*.go put a
// finished dataset in place as a new generation under the build lock and
// keep the generations readers pin.
package dataset

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"ogi/pipeline/report"
)

// Input is one report version to extract: an archived response or a local
// file.
type Input struct {
	Source      string    // URL, or the path of a local file
	FinalURL    string    // after redirects; empty for local files
	FetchedAt   time.Time // zero for local files
	ContentType string    // as served; empty lets the extractor sniff
	Name        string    // file name hint for the extractor
	SHA256      string    // hex of the payload; computed when empty
	PortalCode  string    // the registry's division code, used when the extractor has none
	// ScopeHint is the registry's scope of the column the report was
	// listed in (department, township), used when the report's own text
	// gives none.
	ScopeHint string
	Gone      bool // no longer on the portal at the last crawl
	// Parent is, for an attachment, the URL of the page that linked it:
	// the attachment's publication date is the page's.
	Parent string
	// ListDate is the date the list page printed beside the report's link
	// (zero when none); PageDate the date the page states about itself
	// (its PubDate meta or 发布日期 line), which the build reads from HTML
	// payloads when it is zero.
	ListDate, PageDate time.Time
	// Read returns the payload bytes.
	Read func() ([]byte, error)
}

// Fetch is one line of the crawl log.
type Fetch struct {
	URL          string
	Status       int
	Bytes        int64
	FetchedAt    time.Time
	ETag         string
	LastModified string
	SHA256       string
	Error        string
	Kind         string // list, detail, report, attachment, robots, …
	PortalCode   string // the registry row's division code
}

// Jurisdiction is one GB/T 2260 division.
type Jurisdiction struct {
	Code, Name, Level, ParentCode, ProvinceCode string
}

// Archive lists the report versions and the crawl log of a crawl archive.
type Archive interface {
	Inputs(ctx context.Context) ([]Input, error)
	Fetches(ctx context.Context) ([]Fetch, error)
}

// ExtractFunc reads one payload into a report. An error means the payload
// could not be read at all; the report is then recorded as failed.
type ExtractFunc func(ctx context.Context, payload []byte, in Input) (report.Report, error)

// Prepared is an already-extracted report with its provenance, for callers
// (tests, benchmarks, other pipelines) that do not go through extraction.
// Load is called twice per build, possibly from several goroutines at
// once, and must return the same report each time.
type Prepared struct {
	Input Input
	Load  func() (report.Report, error)
}

// Options configure a build.
type Options struct {
	DataDir string   // the data folder; the dataset goes to DataDir/dataset
	Paths   []string // local files or folders of reports, imported into DataDir/inputs
	// Remove drops the imported inputs whose original path is one of
	// these or under one of these folders, before the build.
	Remove  []string
	Archive Archive // the crawl archive; nil for none

	Extract          ExtractFunc // required when there are archive entries or paths
	ExtractorVersion string      // part of the cache key: a new version re-extracts
	Workers          int         // parallel extractions; 0 means 2

	Prepared      []Prepared
	Jurisdictions []Jurisdiction

	Logger *slog.Logger // nil discards

	// hook, when set, is called at named stages of a build; an error aborts
	// the build there (tests inject failures with it).
	hook func(stage string) error
	// syncDir, when set, replaces the folder sync of the swap (tests
	// inject failures with it).
	syncDir func(dir string) error
}

// Summary reports what a build did.
type Summary struct {
	Reports  int                   // report versions in the dataset
	Current  int                   // of which current
	Primary  int                   // of which the one compared for its division, scope and year
	ByStatus map[report.Status]int // status → report versions
	// CurrentFailed counts the current versions whose status is failed:
	// inputs that could not be read as they are now.
	CurrentFailed int
	Extracted     int            // payloads extracted in this build
	Cached        int            // payloads whose report came from the cache
	Files         int            // Parquet files written
	Bytes         int64          // their total size
	Rows          map[string]int // table → rows
}

// Dir returns the dataset folder of a data folder.
func Dir(dataDir string) string { return filepath.Join(dataDir, "dataset") }

// Build extracts the inputs and writes the dataset, replacing the previous
// one only when the new one is complete.
func Build(ctx context.Context, opts Options) (Summary, error) {
	var sum Summary
	if opts.DataDir == "" {
		return sum, errors.New("dataset: no data folder given")
	}
	if err := os.MkdirAll(opts.DataDir, 0o755); err != nil {
		return sum, fmt.Errorf("dataset: create data folder: %w", err)
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	unlock, err := lockBuild(opts.DataDir)
	if err != nil {
		return sum, err
	}
	defer unlock()
	if err := recoverSwap(opts.DataDir); err != nil {
		return sum, err
	}

	var inputs []Input
	var fetches []Fetch
	if opts.Archive != nil {
		in, err := opts.Archive.Inputs(ctx)
		if err != nil {
			return sum, fmt.Errorf("dataset: read archive: %w", err)
		}
		inputs = append(inputs, in...)
		fetches, err = opts.Archive.Fetches(ctx)
		if err != nil {
			return sum, fmt.Errorf("dataset: read crawl log: %w", err)
		}
	}
	local, err := LocalInputs(opts.Paths)
	if err != nil {
		return sum, err
	}
	imported, err := importLocal(opts.DataDir, skipDataFiles(local, opts.DataDir), opts.Remove)
	if err != nil {
		return sum, err
	}
	inputs = append(inputs, imported...)
	if len(inputs) > 0 && opts.Extract == nil {
		return sum, errors.New("dataset: no extractor configured")
	}

	ex := &extractor{
		dir:     filepath.Join(opts.DataDir, "cache", "extract"),
		extract: opts.Extract,
		version: opts.ExtractorVersion,
		workers: opts.Workers,
		log:     log,
	}
	prepared, stats, err := ex.run(ctx, inputs)
	if err != nil {
		return sum, err
	}
	sum.Extracted, sum.Cached = stats.extracted, stats.cached
	prepared = append(prepared, opts.Prepared...)
	if err := hook(opts, "extracted"); err != nil {
		return sum, err
	}

	items, err := summarize(ctx, prepared, opts.Jurisdictions, opts.Workers)
	if err != nil {
		return sum, err
	}
	sum.Reports = len(items)
	sum.ByStatus = map[report.Status]int{}
	for _, it := range items {
		sum.ByStatus[it.status]++
		if it.current {
			sum.Current++
			if it.status == report.StatusFailed {
				sum.CurrentFailed++
			}
		}
		if it.primary {
			sum.Primary++
		}
	}

	w := &writer{dataDir: opts.DataDir, opts: opts, log: log}
	man, err := w.write(ctx, items, opts.Jurisdictions, fetches)
	if err != nil {
		return sum, err
	}
	sum.Rows = map[string]int{}
	for _, t := range man.Tables {
		for _, f := range t.Files {
			sum.Files++
			sum.Bytes += f.Bytes
			sum.Rows[t.Name] += f.Rows
		}
	}
	log.Info("dataset built", "reports", sum.Reports, "files", sum.Files, "bytes", sum.Bytes)
	return sum, nil
}

func hook(opts Options, stage string) error {
	if opts.hook == nil {
		return nil
	}
	if err := opts.hook(stage); err != nil {
		return fmt.Errorf("dataset: %s: %w", stage, err)
	}
	return nil
}
