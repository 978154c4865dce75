package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sort"
	"strings"

	"golang.org/x/sync/errgroup"

	"ogi/pipeline/extract"
	"ogi/pipeline/report"
	"ogi/schema"
)

// extractUsage describes the command for -h.
const extractUsage = `usage: ogi extract [--json] [--jobs N] PATH...

Reads 政府信息公开工作年度报告 reports and prints their three tables and checks:
HTML pages in any encoding, text renderings (mirror, crawler, markdown, tab-
separated, pdftotext -layout), PDF (needs pdftotext) and DOCX (DOC/WPS with
LibreOffice). A PATH is a file, a folder (read recursively, *.truth.json and
dot files skipped) or - for standard input. Inputs are read in parallel and
printed in the order given (folders sorted).

With --json each report is one JSON object a line, with every key of the
data dictionary (null where empty): source, sha256, status
(ok|partial|skipped|failed), reason, title, agency, year, template,
division_code, scope, active, applications, review_litigation, checks, and
cells with the provenance of every value.

Exit status: 0 when every input was read (ok, partial or skipped), 1 when an
input failed or could not be opened, 2 on a usage error.

flags:
`

// runExtract reads report files (or directories, recursively, or standard
// input for "-") in parallel and prints one JSON object per input (--json)
// or a readable summary, in input order.
func runExtract(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fset := flag.NewFlagSet("extract", flag.ContinueOnError)
	fset.SetOutput(stderr)
	asJSON := fset.Bool("json", false, "print one JSON object per input, one per line")
	jobs := fset.Int("jobs", runtime.GOMAXPROCS(0), "inputs extracted at once")
	fset.Usage = func() {
		fmt.Fprint(fset.Output(), extractUsage)
		fset.PrintDefaults()
	}
	if wantsHelp(args) {
		fset.SetOutput(stdout)
		fset.Usage()
		return 0
	}
	paths, err := flagsAndArgs(fset, args)
	if err != nil {
		return 2
	}
	if len(paths) == 0 || *jobs < 1 {
		fset.Usage()
		return 2
	}
	stdin := 0
	for _, p := range paths {
		if p == "-" {
			stdin++
		}
	}
	if stdin > 1 {
		fmt.Fprintln(stderr, "ogi extract: standard input (-) can be read once")
		return 2
	}
	files, err := expand(paths)
	if err != nil {
		fmt.Fprintf(stderr, "ogi extract: %v\n", err)
		return 1
	}
	if os.Getenv("GOGC") == "" {
		// a batch of inputs, each bounded in size (extract.MaxPage):
		// collect garbage less often for throughput, as GOGC=300 would
		debug.SetGCPercent(300)
	}
	var in io.Reader = os.Stdin
	if r, ok := stdinOf(ctx); ok {
		in = r
	}
	status := 0
	err = extractAll(ctx, files, in, *jobs, func(f string, rep report.Report, err error) {
		if err != nil {
			fmt.Fprintf(stderr, "ogi extract: %v\n", err)
			status = 1
			return
		}
		if rep.Status == report.StatusFailed {
			status = 1
		}
		if *asJSON {
			// the report's own JSON, as it is (an Encoder would parse and
			// compact it again)
			b, err := rep.MarshalJSON()
			if err == nil {
				_, err = stdout.Write(append(b, '\n'))
			}
			if err != nil {
				fmt.Fprintf(stderr, "ogi extract: %s: %v\n", f, err)
				status = 1
			}
			return
		}
		summarize(stdout, &rep)
	})
	if err != nil {
		fmt.Fprintf(stderr, "ogi extract: %v\n", err)
		return 1
	}
	return status
}

// stdinKey lets tests give runExtract its standard input.
type stdinKey struct{}

func stdinOf(ctx context.Context) (io.Reader, bool) {
	r, ok := ctx.Value(stdinKey{}).(io.Reader)
	return r, ok
}

// extractAll extracts the inputs with up to jobs at once and hands each
// report to emit in input order, as soon as it and every input before it
// are done. "-" is standard input (in). It returns the context's error
// when interrupted.
func extractAll(ctx context.Context, files []string, in io.Reader, jobs int, emit func(string, report.Report, error)) error {
	type result struct {
		rep report.Report
		err error
	}
	done := make([]chan result, len(files))
	for i := range done {
		done[i] = make(chan result, 1)
	}
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(jobs)
	go func() {
		for i, f := range files {
			if gctx.Err() != nil {
				// not started: the printer stops at the first of these
				done[i] <- result{err: fmt.Errorf("%s: %w", f, gctx.Err())}
				continue
			}
			g.Go(func() error {
				rep, err := extractOne(gctx, f, in)
				done[i] <- result{rep, err}
				return nil
			})
		}
	}()
	for i, f := range files {
		var r result
		select {
		case r = <-done[i]:
		case <-ctx.Done():
			return fmt.Errorf("interrupted: %w", ctx.Err())
		}
		if ctx.Err() != nil {
			return fmt.Errorf("interrupted: %w", ctx.Err())
		}
		emit(f, r.rep, r.err)
	}
	return g.Wait()
}

// extractOne extracts one input: a file, or standard input for "-".
func extractOne(ctx context.Context, path string, stdin io.Reader) (report.Report, error) {
	if path == "-" {
		return extract.Report(ctx, stdin, extract.Meta{Source: "-"})
	}
	f, err := os.Open(path)
	if err != nil {
		return report.Report{}, err
	}
	defer f.Close()
	return extract.Report(ctx, f, extract.Meta{Source: path, Name: filepath.Base(path)})
}

// expand lists the files named by paths: files as given, directories
// walked recursively; sorted, without *.truth.json.
func expand(paths []string) ([]string, error) {
	var out []string
	for _, p := range paths {
		if p == "-" {
			out = append(out, p)
			continue
		}
		info, err := os.Stat(p)
		if err != nil || !info.IsDir() {
			// a path that cannot be read fails as an input of its own
			// when it is opened; the others are still read
			out = append(out, p)
			continue
		}
		var found []string
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if path != p && strings.HasPrefix(d.Name(), ".") {
					return filepath.SkipDir
				}
				return nil
			}
			if strings.HasSuffix(d.Name(), ".truth.json") || strings.HasPrefix(d.Name(), ".") || !d.Type().IsRegular() {
				return nil
			}
			found = append(found, path)
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("walk %s: %w", p, err)
		}
		sort.Strings(found)
		out = append(out, found...)
	}
	return out, nil
}

// summarize prints a report for people: status, the three tables and the
// failed checks.
func summarize(w io.Writer, r *report.Report) {
	fmt.Fprintf(w, "== %s\n", r.Source)
	fmt.Fprintf(w, "status %s", r.Status)
	if r.Reason != "" {
		fmt.Fprintf(w, " (%s)", r.Reason)
	}
	fmt.Fprintf(w, "  kind %s  year %d  template %s\n", r.ContentType, r.Year, r.Template)
	if r.Title != "" || r.Agency != "" {
		fmt.Fprintf(w, "title %s  agency %s  division %s  scope %s\n", r.Title, r.Agency, r.DivisionCode, r.Scope)
	}
	if !r.Status.HasTables() {
		if r.Detail != "" {
			fmt.Fprintf(w, "detail: %s\n", r.Detail)
		}
		fmt.Fprintln(w)
		return
	}
	if r.Status == report.StatusPartial {
		fmt.Fprintf(w, "detail: %s\n", r.Detail)
	}
	tmpl, ok := schema.Lookup(r.Template)
	if !ok {
		fmt.Fprintln(w)
		return
	}
	fmt.Fprintln(w, "table 二 (active disclosure):")
	for _, k := range tmpl.ActiveKeys() {
		fmt.Fprintf(w, "  %-30s %s", k, cell(r.Active[k]))
		if u := r.ActiveUnits[k]; u != "" {
			fmt.Fprintf(w, " %s", u)
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w, "table 三 (applications):")
	fmt.Fprintf(w, "  %-28s", "")
	for _, c := range tmpl.ColumnKeys() {
		fmt.Fprintf(w, " %9.9s", c)
	}
	fmt.Fprintln(w)
	rows := tmpl.RowKeys()
	if _, ok := r.Applications["other_processing"]; ok {
		rows = schema.Template2019().RowKeys()
	}
	for _, rk := range rows {
		fmt.Fprintf(w, "  %-28.28s", rk)
		for _, c := range tmpl.ColumnKeys() {
			fmt.Fprintf(w, " %9s", cell(r.Applications[rk][c]))
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w, "table 四 (review and litigation):")
	for _, g := range tmpl.ReviewGroups {
		fmt.Fprintf(w, "  %-18s", g.Key)
		for _, f := range tmpl.ReviewFields {
			fmt.Fprintf(w, " %s=%s", f.Key, cell(r.ReviewLitigation[schema.ReviewKey(g.Key, f.Key)]))
		}
		fmt.Fprintln(w)
	}
	failed := 0
	for _, c := range r.Checks {
		if !c.OK {
			failed++
			fmt.Fprintf(w, "  FAILED %s: expected %g, actual %g (%s)\n", c.ID, c.Expected, c.Actual, c.Detail)
		}
	}
	fmt.Fprintf(w, "checks: %d, failed %d  (· blank, * placed by position)\n\n", len(r.Checks), failed)
}

// cell prints a value: "·" for blank, "*" after a value placed by
// position (its label was not printed).
func cell(v report.Value) string {
	s := "·"
	if !v.Blank {
		b, _ := json.Marshal(v)
		s = string(b)
	}
	if v.Positional {
		s += "*"
	}
	return s
}
