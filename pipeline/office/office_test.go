package office

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"ogi/internal/docwriter"
	"ogi/pipeline/docx"
)

func TestToolMissing(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	_, err := Converter{}.ToDOCX(context.Background(), "doc", []byte("x"))
	if !errors.Is(err, ErrToolMissing) {
		t.Fatalf("err = %v, want ErrToolMissing", err)
	}
}

func fake(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "soffice")
	if err := os.WriteFile(p, []byte("#!/bin/sh\n"+body+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestHungConverterIsKilled(t *testing.T) {
	c := Converter{Command: fake(t, "sleep 60 & sleep 60"), Timeout: 300 * time.Millisecond}
	start := time.Now()
	_, err := c.ToDOCX(context.Background(), "wps", []byte("x"))
	if !errors.Is(err, ErrConversion) || !strings.Contains(err.Error(), "timed out") {
		t.Fatalf("err = %v, want a timed-out conversion", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("took %v", d)
	}
}

func TestConverterWithoutOutput(t *testing.T) {
	c := Converter{Command: fake(t, "echo 'Error: source file could not be loaded' >&2; exit 0")}
	_, err := c.ToDOCX(context.Background(), "doc", []byte("x"))
	if !errors.Is(err, ErrConversion) || !strings.Contains(err.Error(), "could not be loaded") {
		t.Fatalf("err = %v", err)
	}
}

// The converter is called the way LibreOffice expects, and its output file
// is what comes back.
func TestConverterProtocol(t *testing.T) {
	want, err := docwriter.DOCX("报告", []string{"一、总体情况"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(t.TempDir(), "out.docx")
	if err := os.WriteFile(src, want, 0o600); err != nil {
		t.Fatal(err)
	}
	// copy the prepared DOCX to --outdir/<input base>.docx
	script := `out=""; in=""; while [ $# -gt 0 ]; do case "$1" in --outdir) out="$2"; shift;; --convert-to) [ "$2" = docx ] || exit 9; shift;; -*) ;; *) in="$1";; esac; shift; done
[ -n "$HOME" ] || exit 8
mkdir -p "$out"; base=$(basename "$in"); cp ` + src + ` "$out/${base%.*}.docx"`
	got, err := Converter{Command: fake(t, script)}.ToDOCX(context.Background(), "wps", append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, 0))
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Fatal("converted bytes differ")
	}
}

// With LibreOffice installed, a real conversion DOCX → DOC → DOCX keeps the
// table. Skipped where soffice is not installed (CI does not install it).
func TestRealLibreOffice(t *testing.T) {
	if _, err := exec.LookPath("soffice"); err != nil {
		t.Skip("soffice (LibreOffice) not installed: real conversion not tested")
	}
	src, err := docwriter.DOCX("报告", []string{"一、总体情况"}, [][][]string{{{"规章", "1", "0", "11"}}})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "r.docx")
	if err := os.WriteFile(in, src, 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("soffice", "--headless", "-env:UserInstallation=file://"+dir+"/p", "--convert-to", "doc", "--outdir", dir, in)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("make .doc: %v %s", err, out)
	}
	docBytes, err := os.ReadFile(filepath.Join(dir, "r.doc"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := Converter{Timeout: 2 * time.Minute}.ToDOCX(context.Background(), "doc", docBytes)
	if err != nil {
		t.Fatal(err)
	}
	d, err := docx.Read(got, docx.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Rows) != 1 || len(d.Rows[0].Cells) != 4 || d.Rows[0].Cells[3].Text != "11" {
		t.Fatalf("rows %+v", d.Rows)
	}
}

// The kind names the input file's extension: anything but doc or wps is
// refused before a file is written or the converter runs.
func TestKindIsChecked(t *testing.T) {
	marker := filepath.Join(t.TempDir(), "ran")
	c := Converter{Command: fake(t, "touch "+marker)}
	for _, kind := range []string{"", "docx", "../x", "doc/../../y"} {
		if _, err := c.ToDOCX(context.Background(), kind, []byte("x")); !errors.Is(err, ErrConversion) {
			t.Errorf("kind %q: err = %v, want ErrConversion", kind, err)
		}
	}
	if _, err := os.Stat(marker); err == nil {
		t.Error("the converter ran for a bad kind")
	}
}
