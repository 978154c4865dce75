// Command ogi turns China's yearly 政府信息公开工作年度报告 into a clean,
// queryable dataset: it crawls portals, extracts the three standard tables,
// validates them, writes Parquet and compares jurisdictions with DuckDB.
//
// Usage:
//
//	ogi extract [--json] PATH...        read reports (HTML, text, PDF, DOCX)
//	ogi crawl --registry CSV --data DIR crawl portals into a WARC archive
//	ogi registry [--province P]         print the registry (shipped real portals)
//	ogi discover --registry CSV         find each portal's report column from its home page
//	ogi build --data DIR [PATH...]      extract the archive into Parquet
//	ogi run --registry CSV --data DIR   crawl, then build (the nightly job)
//	ogi compare METRIC --data DIR       compare jurisdictions on a metric (or: coverage)
//	ogi brief --data DIR --province P   the briefing (通报): coverage, late reports, metrics
//	ogi sql --data DIR "SELECT …"       query the dataset with DuckDB
//	ogi serve --data DIR                the dashboard
//	ogi demo                            the whole pipeline on embedded sample portals
//	ogi version                         the version
//
// Exit status: 0 ok, 1 an input or portal failed, 2 a usage error.
// "ogi COMMAND -h" prints a command's usage to standard output.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"syscall"
)

// command is one subcommand: it parses its own flags from args and returns
// the process exit status (0 ok, 1 failure, 2 usage).
type command struct {
	summary string
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer) int
}

func commands() map[string]command {
	return map[string]command{
		"extract":  {"read reports and print their tables", runExtract},
		"crawl":    {"crawl portals politely into the archive", runCrawl},
		"registry": {"print the portal registry (the shipped real portals by default)", runRegistry},
		"discover": {"find each portal's report column from its home page", runDiscover},
		"build":    {"extract the archive and files into the Parquet dataset", runBuild},
		"run":      {"crawl, then build: the nightly job", runRun},
		"compare":  {"compare jurisdictions on a metric, or list coverage", runCompare},
		"brief":    {"write the briefing (通报) of a province's year: coverage, late reports, metrics", runBrief},
		"sql":      {"run SQL against the dataset (DuckDB)", runSQL},
		"serve":    {"serve the dashboard", runServe},
		"demo":     {"crawl the embedded sample portals, build, compare and serve", runDemo},
		"version":  {"print the version of ogi and of its extractor", runVersion},
	}
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: ogi COMMAND [flags] [args]")
	fmt.Fprintln(w, "\ncommands:")
	cmds := commands()
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-8s %s\n", n, cmds[n].summary)
	}
	fmt.Fprintln(w, "\nRun 'ogi COMMAND -h' for a command's flags. Exit status: 0 ok, 1 an input or portal failed, 2 usage.")
}

// wantsHelp reports whether a command's arguments ask for its usage
// (-h, -help or --help before a "--").
func wantsHelp(args []string) bool {
	for _, a := range args {
		switch a {
		case "--":
			return false
		case "-h", "-help", "--help":
			return true
		}
	}
	return false
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return 2
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		usage(stdout)
		return 0
	case "--version", "-version", "-v":
		fmt.Fprintln(stdout, versionString())
		return 0
	}
	cmd, ok := commands()[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "ogi: unknown command %q\n", args[0])
		usage(stderr)
		return 2
	}
	if wantsHelp(args[1:]) {
		// Asked for, the usage is the output: stdout, exit 0.
		stderr = stdout
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return cmd.run(ctx, args[1:], stdout, stderr)
}
