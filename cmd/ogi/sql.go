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

// runSQL runs one SQL statement against the dataset with DuckDB: read-only
// unless --unsafe.
func runSQL(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("sql", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("data", "", "data folder holding DIR/dataset (required)")
	format := fs.String("format", "table", "output: "+strings.Join(outFormats(), ", ")+" (xlsx: a workbook, to a file)")
	bom := fs.Bool("bom", false, "start CSV with a UTF-8 byte-order mark (for Excel on Windows)")
	unsafe := fs.Bool("unsafe", false, "a full DuckDB: writes (COPY … TO), ATTACH, INSTALL/LOAD, other files, settings")
	fs.Usage = func() {
		fmt.Fprintln(stderr, `usage: ogi sql --data DIR [--format F] [--unsafe] "SELECT …"   (or - to read the SQL from stdin)`)
		fmt.Fprintln(stderr, "Runs one SELECT (or EXPLAIN) over the dataset with DuckDB. It reads the dataset's files and nothing")
		fmt.Fprintln(stderr, "else: COPY … TO, ATTACH, INSTALL/LOAD, reading other files and changing settings are refused, so")
		fmt.Fprintln(stderr, "a shared dataset cannot be damaged. --unsafe opens a full DuckDB for a user who wants one.")
		fmt.Fprintln(stderr, "Views: every table (reports, applications, review_litigation, active, checks, cells, jurisdictions,")
		fmt.Fprintln(stderr, "fetches, identity_cells, active_keys), facts, compared_values, active_harmonised, metric_<name>,")
		fmt.Fprintln(stderr, "timeliness, deadline_rules, and the macros compare_<name>(…), compare_summary_<name>(…), compare_all(…),")
		fmt.Fprintln(stderr, "coverage(…) and coverage_rates(…): DIR/dataset/README.md describes them.")
		fmt.Fprintln(stderr, "Exit status: 0 ok, 1 the statement failed or was refused, 2 usage.")
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
	if !validOutFormat(*format) {
		fmt.Fprintf(stderr, "ogi sql: unknown format %q (%s)\n", *format, strings.Join(outFormats(), ", "))
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
	db, err := query.OpenWith(ctx, *dir, query.Options{Unsafe: *unsafe})
	if err != nil {
		fmt.Fprintf(stderr, "ogi sql: %v\n", err)
		return 1
	}
	defer db.Close()
	res, err := db.UserQuery(ctx, stmt)
	if err != nil {
		fmt.Fprintf(stderr, "ogi sql: %v\n", err)
		return 1
	}
	if err := writeResult(stdout, res, *format, *bom, "query"); err != nil {
		fmt.Fprintf(stderr, "ogi sql: %v\n", err)
		return 1
	}
	return 0
}

func validFormat(f string) bool { return slices.Contains(query.Formats, f) }
