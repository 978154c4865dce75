// Package office converts the legacy Word formats that portals still
// publish (DOC, and WPS from Kingsoft Office) to DOCX with LibreOffice
// (`soffice --headless --convert-to docx`), so that package docx can read
// them. LibreOffice is optional: without it the conversion reports
// ErrToolMissing. Every run gets its own profile directory, a deadline, and
// is killed with its whole process group when it hangs.
package office

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"ogi/pipeline/office/proc"
)

// Errors, wrapped with detail; test them with errors.Is.
var (
	// ErrToolMissing: soffice (LibreOffice) is not installed.
	ErrToolMissing = errors.New("LibreOffice (soffice) is not installed")
	// ErrConversion: the converter failed, hung or produced nothing.
	ErrConversion = errors.New("conversion to DOCX failed")
	// ErrTooLarge: the input or the converted file is over the limit.
	ErrTooLarge = errors.New("document too large")
)

// Converter runs LibreOffice. The zero value is usable.
type Converter struct {
	Command  string        // program; "" means "soffice" on PATH
	Timeout  time.Duration // 0 means 25s
	MaxBytes int64         // largest input and output; 0 means 64 MiB
}

var oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// ToDOCX converts a DOC or WPS file (kind "doc" or "wps") to DOCX bytes.
func (c Converter) ToDOCX(ctx context.Context, kind string, data []byte) ([]byte, error) {
	if c.Command == "" {
		c.Command = "soffice"
	}
	if c.Timeout <= 0 {
		c.Timeout = 25 * time.Second
	}
	if c.MaxBytes <= 0 {
		c.MaxBytes = 64 << 20
	}
	if int64(len(data)) > c.MaxBytes {
		return nil, fmt.Errorf("%d bytes, limit %d: %w", len(data), c.MaxBytes, ErrTooLarge)
	}
	if kind != "doc" && kind != "wps" {
		// the kind becomes the input file's extension: nothing else may
		// reach the file name
		return nil, fmt.Errorf("kind %q (doc or wps): %w", kind, ErrConversion)
	}
	dir, err := os.MkdirTemp("", "ogi-office-")
	if err != nil {
		return nil, fmt.Errorf("temp dir: %w", err)
	}
	defer os.RemoveAll(dir)
	// Kingsoft .wps files are Word 97 compound files: LibreOffice's Word
	// filter reads them when they are named .doc; other .wps go as they are.
	ext := kind
	if kind == "wps" && bytes.HasPrefix(data, oleMagic) {
		ext = "doc"
	}
	in := filepath.Join(dir, "input."+ext)
	if err := os.WriteFile(in, data, 0o600); err != nil {
		return nil, fmt.Errorf("write input: %w", err)
	}
	outDir := filepath.Join(dir, "out")
	_, stderr, err := proc.Run(ctx, proc.Command{
		Path: c.Command,
		Args: []string{"--headless", "--norestore", "--nolockcheck", "--nodefault", "--nofirststartwizard",
			"-env:UserInstallation=file://" + filepath.ToSlash(filepath.Join(dir, "profile")),
			"--convert-to", "docx", "--outdir", outDir, in},
		Dir:       dir,
		Env:       []string{"HOME=" + dir},
		Timeout:   c.Timeout,
		MaxStdout: 1 << 20,
	})
	switch {
	case errors.Is(err, proc.ErrNotFound):
		return nil, fmt.Errorf("%s: %w", c.Command, ErrToolMissing)
	case err != nil:
		return nil, fmt.Errorf("%v: %w", err, ErrConversion)
	}
	outFile := filepath.Join(outDir, "input.docx")
	fi, err := os.Stat(outFile)
	if err != nil {
		detail := stderr
		if len(detail) > 300 {
			detail = detail[:300]
		}
		return nil, fmt.Errorf("no output (%s): %w", bytes.TrimSpace([]byte(detail)), ErrConversion)
	}
	if fi.Size() > c.MaxBytes {
		return nil, fmt.Errorf("converted file %d bytes: %w", fi.Size(), ErrTooLarge)
	}
	out, err := os.ReadFile(outFile)
	if err != nil {
		return nil, fmt.Errorf("read converted file: %w", err)
	}
	return out, nil
}
