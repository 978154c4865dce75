// Command gen writes the rendering fixtures of package renderings: every
// fixture in each of its formats, and its truth, into one folder.
//
//	go run ./internal/renderings/cmd/gen -out pipeline/extract/testdata/classes
//
// PDFs are printed with Chromium (the HTML page) and LibreOffice (the
// Word document); their `pdftotext -layout` text is written beside them.
// Without those tools the printed formats are left out (-print=false
// leaves them out on purpose and keeps the PDFs already there).
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"ogi/internal/renderings"
)

func main() {
	out := flag.String("out", "pipeline/extract/testdata/classes", "folder to write into")
	print := flag.Bool("print", true, "print the PDF formats with Chromium and LibreOffice")
	only := flag.String("only", "", "write only the fixtures whose stem starts with this")
	flag.Parse()
	if err := run(*out, *print, *only); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(out string, print bool, only string) error {
	fxs, err := renderings.Fixtures()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	ctx := context.Background()
	for _, fx := range fxs {
		if only != "" && !strings.HasPrefix(fx.Stem, only) {
			continue
		}
		truth, err := fx.Truth.JSON()
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(out, fx.Stem+".truth.json"), truth, 0o644); err != nil {
			return err
		}
		for _, f := range fx.Formats {
			name := filepath.Join(out, fx.Stem+"."+f)
			data, err := fx.Render(f)
			if err != nil {
				if f == renderings.FmtLayout || f == renderings.FmtOfficeLT {
					continue // written with its PDF
				}
				return fmt.Errorf("%s: %w", name, err)
			}
			switch f {
			case renderings.FmtChromium, renderings.FmtOffice:
				if !print {
					continue
				}
				pdf, err := printPDF(ctx, f, data)
				if err != nil {
					return fmt.Errorf("%s: %w", name, err)
				}
				if err := os.WriteFile(name, pdf, 0o644); err != nil {
					return err
				}
				lt := renderings.FmtLayout
				if f == renderings.FmtOffice {
					lt = renderings.FmtOfficeLT
				}
				if has(fx.Formats, lt) {
					text, err := exec.CommandContext(ctx, "pdftotext", "-layout", "-enc", "UTF-8", name, "-").Output()
					if err != nil {
						return fmt.Errorf("pdftotext %s: %w", name, err)
					}
					if err := os.WriteFile(filepath.Join(out, fx.Stem+"."+lt), text, 0o644); err != nil {
						return err
					}
				}
				if f == renderings.FmtChromium && !fx.KeepPDF() {
					// a Chromium PDF embeds its font: only some are kept
					if err := os.Remove(name); err != nil {
						return err
					}
				}
				continue
			}
			if err := os.WriteFile(name, data, 0o644); err != nil {
				return err
			}
		}
		slog.Info("wrote", "fixture", fx.Stem, "formats", len(fx.Formats))
	}
	return nil
}

func has(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// printPDF prints an HTML page with Chromium or a Word document with
// LibreOffice, in a temporary folder.
func printPDF(ctx context.Context, format string, src []byte) ([]byte, error) {
	dir, err := os.MkdirTemp("", "ogi-print-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	var cmd *exec.Cmd
	var pdf string
	switch format {
	case renderings.FmtChromium:
		in := filepath.Join(dir, "report.html")
		pdf = filepath.Join(dir, "report.pdf")
		if err := os.WriteFile(in, src, 0o644); err != nil {
			return nil, err
		}
		cmd = exec.CommandContext(ctx, chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
			"--disable-background-networking", "--no-pdf-header-footer", "--user-data-dir="+filepath.Join(dir, "profile"),
			"--print-to-pdf="+pdf, "file://"+in)
	case renderings.FmtOffice:
		in := filepath.Join(dir, "report.docx")
		pdf = filepath.Join(dir, "report.pdf")
		if err := os.WriteFile(in, src, 0o644); err != nil {
			return nil, err
		}
		cmd = exec.CommandContext(ctx, "soffice", "-env:UserInstallation=file://"+filepath.Join(dir, "lo"), "--headless",
			"--convert-to", "pdf", "--outdir", dir, in)
	default:
		return nil, fmt.Errorf("no printer for %s", format)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("%s: %w: %s", cmd.Path, err, stderr.String())
	}
	b, err := os.ReadFile(pdf)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("%s wrote no PDF: %s", cmd.Path, stderr.String())
	}
	return b, err
}

func chromium() string {
	for _, n := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	return "chromium"
}
