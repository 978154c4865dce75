package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"

	"ogi/data"
	"ogi/pipeline/dataset"
	"ogi/pipeline/extract"
	"ogi/pipeline/query"
	"ogi/pipeline/report"
)

// pathList is a repeatable string flag.
type pathList []string

func (p *pathList) String() string     { return strings.Join(*p, ", ") }
func (p *pathList) Set(v string) error { *p = append(*p, v); return nil }

// runBuild extracts the crawl archive under --data and any local files or
// folders into the Parquet dataset DIR/dataset. Exit status: 0 built, 1
// the build failed (the previous dataset stays) or an input failed (the
// dataset is built with the failure recorded), 2 usage.
func runBuild(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("build", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("data", "", "data folder: reads DIR/archive and DIR/inputs, writes DIR/dataset (created when missing; required)")
	workers := fs.Int("workers", runtime.GOMAXPROCS(0), "parallel extractions")
	verbose := fs.Bool("v", false, "log each extraction problem")
	list := fs.Bool("list-inputs", false, "list the local inputs kept in DIR/inputs and exit")
	var remove pathList
	fs.Var(&remove, "remove", "drop the kept local inputs at this original path or under this folder, then build (repeatable)")
	var from pathList
	fs.Var(&from, "from", "read the crawl archive of this data folder instead of DIR's (repeat for each shard of a crawl: one dataset from all of them)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: ogi build --data DIR [--from SHARD_DIR ...] [PATH...] [--remove PATH] [--list-inputs]")
		fmt.Fprintln(stderr, "Extracts every archived report under DIR and every report file or folder PATH into the Parquet")
		fmt.Fprintln(stderr, "dataset DIR/dataset (hive-partitioned by year, with README.md and views.sql), replacing the previous")
		fmt.Fprintln(stderr, "dataset only when the new one is complete; a running ogi serve keeps answering from the old one.")
		fmt.Fprintln(stderr, "Local files are imported into DIR/inputs (by content; the original path is their source_url) and")
		fmt.Fprintln(stderr, "kept by later builds, which need not name them again, until --remove drops them.")
		fmt.Fprintln(stderr, "Exit status: 0 built; 1 the build failed (the previous dataset stays) or the current version of")
		fmt.Fprintln(stderr, "an input could not be read (the dataset is built, the input recorded as failed); 2 usage.")
		fs.PrintDefaults()
	}
	paths, err := flagsAndArgs(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if *dir == "" {
		fmt.Fprintln(stderr, "ogi build: --data DIR is required")
		fs.Usage()
		return 2
	}
	if *list {
		return listInputs(*dir, stdout, stderr)
	}
	level := slog.LevelError
	if *verbose {
		level = slog.LevelWarn
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))
	for _, d := range from {
		if err := checkShardFolder(d); err != nil {
			fmt.Fprintf(stderr, "ogi build: --from %s: %v\n", d, err)
			return 2
		}
	}
	sum, err := buildDatasetFrom(ctx, *dir, from, paths, remove, *workers, log)
	if err != nil {
		fmt.Fprintf(stderr, "ogi build: %v\n", err)
		return 1
	}
	printSummary(stdout, dataset.Dir(*dir), sum)
	if sum.CurrentFailed > 0 {
		fmt.Fprintf(stderr, "ogi build: %d input(s) could not be read (status failed; reasons in reports.reason, ogi serve's /quality)\n", sum.CurrentFailed)
		return 1
	}
	return 0
}

// checkShardFolder checks that a --from folder holds a crawl: its journal
// names every archived report. A folder without one (a wrong path, a shard
// that never ran) would add nothing and leave the dataset short of that
// shard's portals without a word.
func checkShardFolder(d string) error {
	st, err := os.Stat(d)
	if err != nil || !st.IsDir() {
		return errors.New("no such data folder")
	}
	if _, err := os.Stat(filepath.Join(d, "state", "journal.jsonl")); err != nil {
		return fmt.Errorf("not a crawl data folder (no state/journal.jsonl: a wrong path, or a shard that never ran): %w", err)
	}
	return nil
}

// nothingToBuild reports whether dir holds no archived report and no kept
// local input (an error reading either is left for the build to report).
func nothingToBuild(ctx context.Context, dir string) bool {
	inputs, err := dataset.CrawlArchives(dir).Inputs(ctx)
	if err != nil || len(inputs) > 0 {
		return false
	}
	kept, err := dataset.ImportedInputs(dir)
	return err == nil && len(kept) == 0
}

// buildDataset builds the dataset of dir from its archive, its kept local
// inputs and paths; an error saying so when there is nothing to build.
func buildDataset(ctx context.Context, dir string, paths, remove []string, workers int, log *slog.Logger) (dataset.Summary, error) {
	return buildDatasetFrom(ctx, dir, nil, paths, remove, workers, log)
}

// buildDatasetFrom is buildDataset reading the crawl archives of the
// folders from (the shards of a crawl) instead of dir's own.
func buildDatasetFrom(ctx context.Context, dir string, from, paths, remove []string, workers int, log *slog.Logger) (dataset.Summary, error) {
	var sum dataset.Summary
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return sum, fmt.Errorf("data folder: %w", err)
	}
	archDirs := []string{dir}
	if len(from) > 0 {
		archDirs = from
	}
	arch := dataset.CrawlArchives(archDirs...)
	inputs, err := arch.Inputs(ctx)
	if err != nil {
		return sum, fmt.Errorf("read the crawl archive: %w", err)
	}
	kept, err := dataset.ImportedInputs(dir)
	if err != nil {
		return sum, err
	}
	if len(inputs) == 0 && len(paths) == 0 && len(kept) == 0 {
		return sum, fmt.Errorf("nothing to build: no archived reports in %s, no kept inputs and no PATH given", strings.Join(archDirs, ", "))
	}
	divs, err := data.Divisions()
	if err != nil {
		return sum, fmt.Errorf("embedded division table: %w", err)
	}
	juris := make([]dataset.Jurisdiction, 0, len(divs))
	for _, d := range divs {
		juris = append(juris, dataset.Jurisdiction{Code: d.Code, Name: d.Name, Level: d.Level, ParentCode: d.ParentCode, ProvinceCode: d.ProvinceCode})
	}
	extract, version := reportExtractor()
	sum, err = dataset.Build(ctx, dataset.Options{
		DataDir: dir, Paths: paths, Remove: remove, Archive: arch,
		Extract: extract, ExtractorVersion: version, Workers: workers,
		Jurisdictions: juris, Logger: log,
	})
	if err != nil {
		return sum, fmt.Errorf("%w\n(the previous dataset, if any, is unchanged)", err)
	}
	return sum, nil
}

// listInputs prints the local inputs kept in a data folder.
func listInputs(dir string, stdout, stderr io.Writer) int {
	list, err := dataset.ImportedInputs(dir)
	if err != nil {
		fmt.Fprintf(stderr, "ogi build: %v\n", err)
		return 1
	}
	res := &query.Result{Columns: []string{"path", "sha256", "bytes"}}
	for _, im := range list {
		res.Rows = append(res.Rows, []any{im.Path, im.SHA256, im.Bytes})
	}
	if err := query.Write(stdout, res, "table"); err != nil {
		fmt.Fprintf(stderr, "ogi build: %v\n", err)
		return 1
	}
	return 0
}

func printSummary(w io.Writer, dir string, s dataset.Summary) {
	var st []string
	for _, k := range []report.Status{report.StatusOK, report.StatusPartial, report.StatusSkipped, report.StatusFailed} {
		if k == report.StatusPartial && s.ByStatus[k] == 0 {
			continue
		}
		st = append(st, fmt.Sprintf("%s %d", k, s.ByStatus[k]))
	}
	fmt.Fprintf(w, "built %s: %d report versions (%s); %d current, %d compared\n", dir, s.Reports, strings.Join(st, ", "), s.Current, s.Primary)
	fmt.Fprintf(w, "extracted %d, from cache %d; %d Parquet files, %d bytes\n", s.Extracted, s.Cached, s.Files, s.Bytes)
	tables := make([]string, 0, len(s.Rows))
	for t := range s.Rows {
		tables = append(tables, t)
	}
	sort.Strings(tables)
	for _, t := range tables {
		fmt.Fprintf(w, "  %-18s %d rows\n", t, s.Rows[t])
	}
}

// flagsAndArgs parses flags that may come before or after the
// positional arguments, and returns the positional ones.
func flagsAndArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// reportExtractor returns the extractor of pipeline/extract and its version
// (the cache key that makes a new extractor re-read every report).
func reportExtractor() (dataset.ExtractFunc, string) {
	return func(ctx context.Context, payload []byte, in dataset.Input) (report.Report, error) {
		return extract.Report(ctx, bytes.NewReader(payload), extract.Meta{Source: in.Source, ContentType: in.ContentType, Name: in.Name})
	}, extract.Version
}
