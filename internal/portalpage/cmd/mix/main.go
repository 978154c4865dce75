// Command mix writes the benchmark mix of pipeline/extract as files: the
// web pages of the extraction fixtures, each in the page of one portal
// content system (page i: fixture i mod the number of fixtures, CMS i mod
// 4, seed i), for scripts/compare-pandas.py and by-hand timing.
//
//	go run ./internal/portalpage/cmd/mix -out DIR [-pages 120]
//
// Run it from the repository's root.
package main

import (
	"flag"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"

	"ogi/internal/portalpage"
)

func main() {
	out := flag.String("out", "", "folder to write the pages to (made if missing)")
	pages := flag.Int("pages", 0, "pages to write (default: one a fixture)")
	flag.Parse()
	if *out == "" || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: mix -out DIR [-pages N]")
		os.Exit(2)
	}
	if err := run(*out, *pages); err != nil {
		slog.Error("mix", "err", err)
		os.Exit(1)
	}
}

func run(out string, pages int) error {
	var files []string
	for _, g := range []string{"pipeline/extract/testdata/*.html", "pipeline/extract/testdata/classes/*.html"} {
		m, err := filepath.Glob(g)
		if err != nil {
			return fmt.Errorf("glob %s: %w", g, err)
		}
		files = append(files, m...)
	}
	if len(files) == 0 {
		return fmt.Errorf("no fixtures under pipeline/extract/testdata: run from the repository's root")
	}
	if pages <= 0 {
		pages = len(files)
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return fmt.Errorf("make %s: %w", out, err)
	}
	for i := 0; i < pages; i++ {
		f := files[i%len(files)]
		b, err := os.ReadFile(f)
		if err != nil {
			return fmt.Errorf("read fixture: %w", err)
		}
		cms := portalpage.All[i%len(portalpage.All)]
		name := filepath.Join(out, fmt.Sprintf("%03d_%s_%s", i, cms, filepath.Base(f)))
		if err := os.WriteFile(name, portalpage.Wrap(b, cms, uint64(i)), 0o644); err != nil {
			return fmt.Errorf("write page: %w", err)
		}
	}
	return nil
}
