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

	"ogi/pipeline/query"
)

// runSQL runs one SQL statement against the dataset with DuckDB.
func runSQL(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("sql", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("data", "", "data folder holding DIR/dataset (required)")
	format := fs.String("format", "table", "output: table, csv, json or markdown")
	fs.Usage = func() {
		fmt.Fprintln(stderr, `usage: ogi sql --data DIR [--format F] "SELECT …"   (or - to read the SQL from stdin)`)
		fmt.Fprintln(stderr, "Views: reports, applications, review_litigation, active, checks, cells, jurisdictions,")
		fmt.Fprintln(stderr, "fetches (see data-dictionary.md) and facts (one row per compared report).")
		fs.PrintDefaults()
	}
	pos, err := flagsAndArgs(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if *dir == "" || len(pos) == 0 {
		fmt.Fprintln(stderr, "ogi sql: --data DIR and a SQL statement are required")
		fs.Usage()
		return 2
	}
	if !validFormat(*format) {
		fmt.Fprintf(stderr, "ogi sql: unknown format %q (table, csv, json or markdown)\n", *format)
		return 2
	}
	stmt := strings.Join(pos, " ")
	if stmt == "-" {
		b, err := io.ReadAll(os.Stdin)
		if err != nil {
			fmt.Fprintf(stderr, "ogi sql: read stdin: %v\n", err)
			return 1
		}
		stmt = string(b)
	}
	db, err := query.Open(ctx, *dir)
	if err != nil {
		fmt.Fprintf(stderr, "ogi sql: %v\n", err)
		return 1
	}
	defer db.Close()
	res, err := db.Query(ctx, stmt)
	if err != nil {
		fmt.Fprintf(stderr, "ogi sql: %v\n", err)
		return 1
	}
	if err := query.Write(stdout, res, *format); err != nil {
		fmt.Fprintf(stderr, "ogi sql: %v\n", err)
		return 1
	}
	return 0
}

func validFormat(f string) bool { return slices.Contains(query.Formats, f) }
