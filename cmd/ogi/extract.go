package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"ogi/pipeline/extract"
	"ogi/pipeline/report"
	"ogi/schema"
)

// runExtract reads report files (or directories, recursively) and prints
// one JSON object per input (--json) or a readable summary.
func runExtract(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fset := flag.NewFlagSet("extract", flag.ContinueOnError)
	fset.SetOutput(stderr)
	asJSON := fset.Bool("json", false, "print one JSON object per input, one per line")
	fset.Usage = func() {
		fmt.Fprintln(stderr, "usage: ogi extract [--json] PATH...")
		fmt.Fprintln(stderr, "Reads reports (HTML, text, PDF, DOCX) from files or directories (recursively, *.truth.json skipped).")
		fset.PrintDefaults()
	}
	var paths []string
	rest := args
	for {
		if err := fset.Parse(rest); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return 0
			}
			return 2
		}
		if fset.NArg() == 0 {
			break
		}
		paths = append(paths, fset.Arg(0))
		rest = fset.Args()[1:]
	}
	if len(paths) == 0 {
		fset.Usage()
		return 2
	}
	files, err := expand(paths)
	if err != nil {
		fmt.Fprintf(stderr, "ogi extract: %v\n", err)
		return 1
	}
	status := 0
	enc := json.NewEncoder(stdout)
	enc.SetEscapeHTML(false)
	for _, f := range files {
		if ctx.Err() != nil {
			fmt.Fprintln(stderr, "ogi extract: interrupted")
			return 1
		}
		rep, err := extractFile(ctx, f)
		if err != nil {
			fmt.Fprintf(stderr, "ogi extract: %v\n", err)
			status = 1
			continue
		}
		if rep.Status == report.StatusFailed {
			status = 1
		}
		if *asJSON {
			if err := enc.Encode(rep); err != nil {
				fmt.Fprintf(stderr, "ogi extract: %s: %v\n", f, err)
				status = 1
			}
			continue
		}
		summarize(stdout, &rep)
	}
	return status
}

func extractFile(ctx context.Context, path string) (report.Report, error) {
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
		info, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		if !info.IsDir() {
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
	if r.Status != report.StatusOK {
		if r.Detail != "" {
			fmt.Fprintf(w, "detail: %s\n", r.Detail)
		}
		fmt.Fprintln(w)
		return
	}
	tmpl, _ := schema.Lookup(r.Template)
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
