package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"ogi/pipeline/brief"
	"ogi/pipeline/query"
)

// runBrief writes the briefing (通报) of a province or prefecture for a
// year: coverage and late reports, the main metrics with their rankings,
// notable changes, reports whose checks failed, and for every figure the
// report it comes from.
func runBrief(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("brief", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("data", "", "data folder holding DIR/dataset (required)")
	province := fs.String("province", "", "the province (code or name, e.g. 370000 or 山东; required)")
	parent := fs.String("parent", "", "only this prefecture of the province (code or name)")
	year := fs.Int("year", 0, "report year (default: the latest with reports)")
	format := fs.String("format", "md", "output: "+strings.Join(brief.Formats, ", "))
	out := fs.String("out", "", "write to this file instead of standard output (a docx needs one unless output is redirected)")
	linkBase := fs.String("link-base", "http://127.0.0.1:8080", "address of the ogi dashboard serving the archived reports the links open ('' for relative links)")
	var deadlines deadlineFlags
	fs.Var(&deadlines, "deadline", deadlineUsage)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: ogi brief --data DIR --province P [--parent C] [--year Y] [--format md|html|docx] [--out FILE]")
		fmt.Fprintln(stderr, "Writes the briefing (通报) an office circulates on a year's government reports: who published, who")
		fmt.Fprintln(stderr, "did not and who did late; the main metrics with the area's figure, rankings and denominators; notable")
		fmt.Fprintln(stderr, "changes from the year before; reports whose own arithmetic failed; and for every figure a link to")
		fmt.Fprintln(stderr, "the archived report on the dashboard (ogi serve, --link-base). Only verified figures are used.")
		fmt.Fprintln(stderr, "Exit status: 0 written, 1 the dataset could not be read or the file written, 2 usage.")
		fs.PrintDefaults()
	}
	pos, err := flagsAndArgs(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if len(pos) > 0 || *dir == "" || *province == "" {
		fmt.Fprintln(stderr, "ogi brief: --data DIR and --province are required")
		return 2
	}
	if !slices.Contains(brief.Formats, *format) {
		fmt.Fprintf(stderr, "ogi brief: unknown format %q (%s)\n", *format, strings.Join(brief.Formats, ", "))
		return 2
	}
	if *format == "docx" && *out == "" && isTerminal(stdout) {
		fmt.Fprintln(stderr, "ogi brief: a docx is binary: give --out FILE or redirect standard output")
		return 2
	}
	db, err := query.OpenWith(ctx, *dir, query.Options{Deadlines: deadlines, AllMetrics: true})
	if err != nil {
		fmt.Fprintf(stderr, "ogi brief: %v\n", err)
		return 1
	}
	defer db.Close()
	opt := brief.Options{Year: *year, LinkBase: *linkBase}
	a, code := resolveArea(ctx, db, "ogi brief", stderr, area{province: *province, parent: *parent})
	if code != 0 {
		return code
	}
	opt.Province, opt.Parent = a.province, a.parent
	if opt.Year == 0 {
		if opt.Year, err = db.LatestYear(ctx, opt.Province); err != nil {
			fmt.Fprintf(stderr, "ogi brief: %v\n", err)
			return 1
		}
	}
	b, err := brief.Gather(ctx, db, opt)
	if err != nil {
		fmt.Fprintf(stderr, "ogi brief: %v\n", err)
		return 1
	}
	if err := writeBrief(b, *format, *out, stdout); err != nil {
		fmt.Fprintf(stderr, "ogi brief: %v\n", err)
		return 1
	}
	fmt.Fprintf(stderr, "ogi brief: %s %d: %d obliged, %d published, %d missing, %d late, %d reports with failed checks\n",
		b.Area, b.Year, b.Total.Obliged, b.Total.Published, len(b.Missing), len(b.Late), len(b.Checks))
	return 0
}

// writeBrief writes to out (through a temporary file renamed into place,
// so a failed write leaves no half document) or to stdout.
func writeBrief(b *brief.Brief, format, out string, stdout io.Writer) error {
	if out == "" {
		return brief.Write(stdout, b, format)
	}
	tmp, err := os.CreateTemp(dirOf(out), ".ogi-brief-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := brief.Write(tmp, b, format); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", out, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", out, err)
	}
	if err := os.Rename(tmp.Name(), out); err != nil {
		return fmt.Errorf("write %s: %w", out, err)
	}
	return nil
}

func dirOf(path string) string {
	if i := strings.LastIndexAny(path, `/\`); i >= 0 {
		return path[:i+1]
	}
	return "."
}
