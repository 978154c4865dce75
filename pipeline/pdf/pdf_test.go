package pdf

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
)

func needPdftotext(t testing.TB) {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed (poppler-utils); CI installs it")
	}
}

// quirkyTable is table 三 as a WPS export prints it: a vertical group label
// one character per line, labels wrapped around the line with the numbers,
// a group label over two lines, a page footer and page break inside the
// table, and values one space apart.
func quirkyTable() []string {
	c := []int{0, 6, 14, 48, 54, 60, 66, 72, 78, 84}
	A := docwriter.Align
	return []string{
		"三、收到和处理政府信息公开申请情况",
		"",
		A(c, "一、本年新收政府信息公开申请数量", "", "", "12", "3", "0", "0", "1", "0", "16"),
		"",
		A(c, "", "（二）部分公开（区分处理的，只计这一情"),
		A(c, "", "", "", "4", "0", "0", "0", "0", "0", "4"),
		A(c, "", "形，不计其他情形）"),
		"",
		A(c, "", "", "1.属于国家秘密", "1", "0", "0", "0", "0", "0", "1"),
		"三、",
		A(c, "本", "", "2.其他法律行政法规禁止公开", "2", "0", "0", "0", "0", "0", "2"),
		"年",
		A(c, "", "（三）不"),
		A(c, "度", "", "3.危及“三安全一稳定”", "0", "0", "0", "0", "0", "0", "0"),
		A(c, "", "予公开"),
		A(c, "办", "", "4.保护第三方合法权益", "0", "1", "0", "0", "0", "0", "1"),
		"",
		"                         -4-",
		"\f" + A(c, "", "", "5.要求行政机关确认或重新出"),
		A(c, "", "", "", "7 0 0 0 0 0 7"),
		A(c, "", "", "具已获取信息"),
		"",
		A(c, "", "（七）总计", "", "20", "4", "0", "0", "1", "0", "25"),
		"                         — 5 —",
	}
}

func TestReadQuirkyTable(t *testing.T) {
	needPdftotext(t)
	data, err := docwriter.PDF(quirkyTable())
	if err != nil {
		t.Fatal(err)
	}
	d, err := Read(context.Background(), data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{}
	var order []string
	for _, r := range d.Rows {
		var texts []string
		for _, c := range r.Cells {
			texts = append(texts, c.Text)
		}
		key := strings.Join(texts, "|")
		order = append(order, key)
		got[key] = texts
		if strings.Contains(key, "-4-") || strings.Contains(key, "— 5 —") {
			t.Errorf("footer kept: %q at %s", key, r.Locator)
		}
	}
	want := []string{
		"三、收到和处理政府信息公开申请情况",
		"一、本年新收政府信息公开申请数量|12|3|0|0|1|0|16",
		"（二）部分公开（区分处理的，只计这一情形，不计其他情形）|4|0|0|0|0|0|4",
		"（三）不予公开|1.属于国家秘密|1|0|0|0|0|0|1",
		"三、本年度办",
		"（三）不予公开|2.其他法律行政法规禁止公开|2|0|0|0|0|0|2",
		"（三）不予公开|3.危及“三安全一稳定”|0|0|0|0|0|0|0",
		"（三）不予公开|4.保护第三方合法权益|0|1|0|0|0|0|1",
		"（三）不予公开|5.要求行政机关确认或重新出具已获取信息|7|0|0|0|0|0|7",
		"（七）总计|20|4|0|0|1|0|25",
	}
	if strings.Join(order, "\n") != strings.Join(want, "\n") {
		t.Errorf("rows:\n%s\nwant:\n%s", strings.Join(order, "\n"), strings.Join(want, "\n"))
	}
	// provenance: the merged row is located on its numbers line, page 2;
	// group copies are marked Span.
	for _, r := range d.Rows {
		if len(r.Cells) > 1 && strings.HasPrefix(r.Cells[1].Text, "5.") {
			if !strings.HasPrefix(r.Locator, "page 2 line ") {
				t.Errorf("locator %q, want page 2", r.Locator)
			}
			if !r.Cells[0].Span {
				t.Error("group label copy not marked Span")
			}
		}
		if len(r.Cells) > 1 && strings.HasPrefix(r.Cells[1].Text, "1.") && r.Cells[0].Span {
			t.Error("first row of the group marked Span")
		}
	}
	if !strings.Contains(d.Text, "收到和处理政府信息公开申请情况") {
		t.Error("Text lacks the heading")
	}
	if d.Images != 0 {
		t.Errorf("%d images in a text-only PDF", d.Images)
	}
}

func TestTitle(t *testing.T) {
	cases := map[string][]string{
		"淮安市人民政府2024年政府信息公开工作年度报告": {"", "            淮安市人民政府", "     2024 年政府信息公开工作年度报告", "", "   本报告由……"},
		"某县2023年政府信息公开工作年度报告":      {"某县2023年政府信息公开工作年度报告", "正文"},
		"第一行": {"第一行", "第二行", "第三行", "第四行 报告"},
		"":    {"", "\f"},
		"测试县2023年政府信息公开工作年度报告": {"11/26/26, 11:08 PM             测试县2023年政府信息公开工作年度报告", "正文"},
	}
	for want, lines := range cases {
		if got := title(lines); got != want {
			t.Errorf("title(%q) = %q, want %q", lines, got, want)
		}
	}
}

func TestReadFailures(t *testing.T) {
	needPdftotext(t)
	ctx := context.Background()
	good, err := docwriter.PDF([]string{"规章  1  0  11"})
	if err != nil {
		t.Fatal(err)
	}
	pua, err := docwriter.PDF([]string{strings.Repeat("\uE001\uE002\uE003  ", 20), "规章  1  0  11"})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		data []byte
		want error
	}{
		{"no character mapping", pua, ErrUnreadable},
		{"scan", docwriter.ImageOnlyPDF(), ErrImageOnly},
		{"encrypted", docwriter.EncryptedPDF(), ErrEncrypted},
		{"html error page", []byte("<html><body>404</body></html>"), ErrUnreadable},
		{"empty", nil, ErrUnreadable},
		{"truncated", good[:len(good)/3], ErrUnreadable},
		{"garbage after header", append([]byte("%PDF-1.4\n"), strings.Repeat("\x00\xff garbage ", 200)...), ErrUnreadable},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Read(ctx, c.data, Options{})
			if !errors.Is(err, c.want) {
				t.Fatalf("err = %v, want %v", err, c.want)
			}
		})
	}
}

func TestReadToolMissing(t *testing.T) {
	_, err := Read(context.Background(), []byte("%PDF-1.4\n"), Options{Command: "pdftotext-not-installed-here"})
	if !errors.Is(err, ErrToolMissing) {
		t.Fatalf("err = %v, want ErrToolMissing", err)
	}
	t.Setenv("PATH", t.TempDir())
	_, err = Read(context.Background(), []byte("%PDF-1.4\n"), Options{})
	if !errors.Is(err, ErrToolMissing) {
		t.Fatalf("empty PATH: err = %v, want ErrToolMissing", err)
	}
}

func TestReadHungToolIsKilled(t *testing.T) {
	dir := t.TempDir()
	slow := filepath.Join(dir, "pdftotext")
	if err := os.WriteFile(slow, []byte("#!/bin/sh\nsleep 30\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err := Read(context.Background(), []byte("%PDF-1.4\n"), Options{Command: slow, Timeout: 200 * time.Millisecond})
	if !errors.Is(err, ErrTimeout) {
		t.Fatalf("err = %v, want ErrTimeout", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("took %v", d)
	}
}

// pdftotext that runs out of its memory cap fails cleanly.
func TestReadMemoryCapped(t *testing.T) {
	needPdftotext(t)
	data, err := docwriter.PDF([]string{"规章  1  0  11"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Read(context.Background(), data, Options{MaxMemory: 1 << 20}); !errors.Is(err, ErrUnreadable) {
		t.Fatalf("err = %v, want a failed run", err)
	}
	if _, err := Read(context.Background(), data, Options{}); err != nil {
		t.Fatalf("default cap: %v", err)
	}
}

func TestReadTextTooLarge(t *testing.T) {
	needPdftotext(t)
	var lines []string
	for i := 0; i < 200; i++ {
		lines = append(lines, "政府信息公开工作年度报告 政府信息公开工作年度报告")
	}
	data, err := docwriter.PDF(lines)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Read(context.Background(), data, Options{MaxText: 1024}); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("err = %v, want ErrTooLarge", err)
	}
	if _, err := Read(context.Background(), data, Options{MaxInput: 100}); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("err = %v, want ErrTooLarge", err)
	}
}

func FuzzRead(f *testing.F) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		f.Skip("pdftotext not installed")
	}
	good, _ := docwriter.PDF([]string{"规章  1  0  11", "\f行政许可  5"})
	f.Add(good)
	f.Add(docwriter.EncryptedPDF())
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := Read(context.Background(), data, Options{Timeout: 5 * time.Second})
		if err == nil && d.Text == "" {
			t.Fatal("no error and no text")
		}
	})
}

// BenchmarkRead reads one generated report PDF per iteration: the
// pdftotext process plus the layout reading.
func BenchmarkRead(b *testing.B) {
	needPdftotext(b)
	s := docwriter.Sample2021(1)
	data, err := docwriter.PDFBlocks(s.Title, s.Blocks)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Read(context.Background(), data, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// Words set far right, each on a line of its own, pad the laid-out text
// with spaces far past the size of pdftotext's output: the text is held
// to Options.MaxText (TOO_LARGE), not built whatever its size.
func TestReadLaidOutTextBounded(t *testing.T) {
	var ws []word
	for i := range 2000 {
		ws = append(ws, cjkWord(5000, 20*float64(i), "甲"))
	}
	bboxFile := filepath.Join(t.TempDir(), "out.html")
	if err := os.WriteFile(bboxFile, []byte(bbox(ws)), 0o644); err != nil {
		t.Fatal(err)
	}
	tool := filepath.Join(t.TempDir(), "pdftotext")
	if err := os.WriteFile(tool, []byte("#!/bin/sh\ncat >/dev/null\ncat "+bboxFile+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	opt := Options{Command: tool, MaxText: 1 << 20} // 2000 lines of ~2000 columns: about 4 MB laid out
	if _, err := Read(context.Background(), []byte("%PDF-1.4\n"), opt); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("err = %v, want ErrTooLarge", err)
	}
	opt.MaxText = 16 << 20
	d, err := Read(context.Background(), []byte("%PDF-1.4\n"), opt)
	if err != nil {
		t.Fatalf("under a larger limit: %v", err)
	}
	if n := strings.Count(d.Text, "甲"); n != 2000 {
		t.Errorf("%d values read, want 2000", n)
	}
}
