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
	"runtime"
	"sort"
	"strings"

	"ogi/data"
	"ogi/pipeline/dataset"
	"ogi/pipeline/extract"
	"ogi/pipeline/report"
)

// runBuild extracts the crawl archive under --data and any local files or
// folders into the Parquet dataset DIR/dataset.
func runBuild(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("build", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("data", "", "data folder: reads DIR/archive, writes DIR/dataset (required)")
	workers := fs.Int("workers", runtime.GOMAXPROCS(0), "parallel extractions")
	verbose := fs.Bool("v", false, "log each extraction problem")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: ogi build --data DIR [PATH...]")
		fmt.Fprintln(stderr, "Extracts every archived report under DIR and every report file or folder PATH into")
		fmt.Fprintln(stderr, "the Parquet dataset DIR/dataset (hive-partitioned by year), replacing the previous")
		fmt.Fprintln(stderr, "dataset only when the new one is complete.")
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
	if st, err := os.Stat(*dir); err != nil || !st.IsDir() {
		fmt.Fprintf(stderr, "ogi build: data folder %s does not exist (create it, or run ogi crawl --data %s)\n", *dir, *dir)
		return 1
	}
	level := slog.LevelError
	if *verbose {
		level = slog.LevelWarn
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))

	arch := dataset.CrawlArchive(*dir)
	inputs, err := arch.Inputs(ctx)
	if err != nil {
		fmt.Fprintf(stderr, "ogi build: read the crawl archive: %v\n", err)
		return 1
	}
	if len(inputs) == 0 && len(paths) == 0 {
		fmt.Fprintf(stderr, "ogi build: nothing to build: no archived reports in %s and no PATH given\n", *dir)
		return 1
	}
	divs, err := data.Divisions()
	if err != nil {
		fmt.Fprintf(stderr, "ogi build: embedded division table: %v\n", err)
		return 1
	}
	juris := make([]dataset.Jurisdiction, 0, len(divs))
	for _, d := range divs {
		juris = append(juris, dataset.Jurisdiction{Code: d.Code, Name: d.Name, Level: d.Level, ParentCode: d.ParentCode, ProvinceCode: d.ProvinceCode})
	}
	extract, version := reportExtractor()
	sum, err := dataset.Build(ctx, dataset.Options{
		DataDir: *dir, Paths: paths, Archive: arch,
		Extract: extract, ExtractorVersion: version, Workers: *workers,
		Jurisdictions: juris, Logger: log,
	})
	if err != nil {
		fmt.Fprintf(stderr, "ogi build: %v\n(the previous dataset, if any, is unchanged)\n", err)
		return 1
	}
	printSummary(stdout, dataset.Dir(*dir), sum)
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
