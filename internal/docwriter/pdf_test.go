package docwriter

import (
	"bytes"
	"os/exec"
	"strings"
	"testing"
)

func pdftotext(t *testing.T, pdf []byte, layout bool) (string, error) {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed (poppler-utils)")
	}
	args := []string{"-enc", "UTF-8", "-", "-"}
	if layout {
		args = append([]string{"-layout"}, args...)
	}
	cmd := exec.Command("pdftotext", args...)
	cmd.Stdin = bytes.NewReader(pdf)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", &exec.Error{Name: stderr.String(), Err: err}
	}
	return string(out), nil
}

func TestPDFRoundTripsCJKColumns(t *testing.T) {
	cols := []int{0, 24, 40, 56}
	lines := []string{
		"政府信息公开工作年度报告",
		"",
		Align(cols, "信息内容", "本年制发件数", "本年废止件数", "现行有效件数"),
		Align(cols, "规章", "1", "0", "11"),
		Align(cols, "行政规范性文件", "8", "26", "66"),
		"\f第二页 ASCII text 3.5",
	}
	pdf, err := PDF(lines)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := PDF(lines)
	if !bytes.Equal(pdf, again) {
		t.Fatal("output not deterministic")
	}
	text, err := pdftotext(t, pdf, true)
	if err != nil {
		t.Fatal(err)
	}
	pages := strings.Split(text, "\f")
	if len(pages) < 2 || !strings.Contains(pages[1], "第二页 ASCII text 3.5") {
		t.Fatalf("second page lost: %q", text)
	}
	for _, want := range []string{"政府信息公开工作年度报告", "本年制发件数", "行政规范性文件"} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q:\n%s", want, text)
		}
	}
	// values of one column line up across rows, and stay apart.
	var r1, r2 string
	for _, l := range strings.Split(text, "\n") {
		if strings.Contains(l, "规章") {
			r1 = l
		}
		if strings.Contains(l, "行政规范性文件") {
			r2 = l
		}
	}
	col := func(s, sub string) int {
		i := strings.LastIndex(s, sub)
		if i < 0 {
			return -100
		}
		return len([]rune(s[:i]))
	}
	if d := col(r1, "11") - col(r2, "66"); d < -1 || d > 1 {
		t.Errorf("column drift %d:\n%s\n%s", d, r1, r2)
	}
	if f := strings.Fields(r1); len(f) != 4 || f[1] != "1" || f[2] != "0" || f[3] != "11" {
		t.Errorf("row fields %q", f)
	}
}

func TestPDFRejectsAstralCharacters(t *testing.T) {
	if _, err := PDF([]string{"emoji 😀"}); err == nil {
		t.Fatal("want an error for a character outside the BMP")
	}
}

func TestImageOnlyAndEncryptedPDFs(t *testing.T) {
	text, err := pdftotext(t, ImageOnlyPDF(), true)
	if err != nil {
		t.Fatalf("image-only PDF should open: %v", err)
	}
	if strings.TrimSpace(strings.ReplaceAll(text, "\f", "")) != "" {
		t.Fatalf("image-only PDF has text %q", text)
	}
	if _, err := pdftotext(t, EncryptedPDF(), true); err == nil || !strings.Contains(strings.ToLower(err.Error()), "password") {
		t.Fatalf("encrypted PDF: err = %v, want a password error", err)
	}
}
