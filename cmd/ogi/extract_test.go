package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestExtractCommand(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join("..", "..", "pipeline", "extract", "testdata")
	for _, name := range []string{"word-2021.html", "old-2017.html", "mirror-2024.txt"} {
		b, err := os.ReadFile(filepath.Join(src, name))
		if err != nil {
			t.Fatal(err)
		}
		sub := dir
		if name == "mirror-2024.txt" {
			sub = filepath.Join(dir, "nested")
			os.MkdirAll(sub, 0o755)
		}
		if err := os.WriteFile(filepath.Join(sub, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	os.WriteFile(filepath.Join(dir, "word-2021.truth.json"), []byte("{}"), 0o644)

	var out, errb bytes.Buffer
	code := runExtract(context.Background(), []string{dir, "--json"}, &out, &errb)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 3 {
		t.Fatalf("%d JSON lines, want 3 (truth files skipped):\n%s", len(lines), out.String())
	}
	var sources []string
	for _, l := range lines {
		var r struct {
			Source string `json:"source"`
			Status string `json:"status"`
		}
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatalf("not JSON: %v: %s", err, l)
		}
		sources = append(sources, filepath.Base(r.Source)+":"+r.Status)
	}
	if got := strings.Join(sources, " "); got != "mirror-2024.txt:ok old-2017.html:skipped word-2021.html:ok" {
		t.Errorf("order/status: %s", got)
	}

	// Summary mode prints the tables and exits 1 when an input failed.
	out.Reset()
	bad := filepath.Join(dir, "empty.html")
	os.WriteFile(bad, nil, 0o644)
	code = runExtract(context.Background(), []string{filepath.Join(dir, "word-2021.html"), bad}, &out, &errb)
	if code != 1 {
		t.Errorf("exit %d with a failed input, want 1", code)
	}
	for _, want := range []string{"table 三", "new_received", "status failed (UNREADABLE)", "checks: "} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("summary lacks %q:\n%s", want, out.String())
		}
	}
	if code := runExtract(context.Background(), nil, &out, &errb); code != 2 {
		t.Errorf("no arguments: exit %d, want 2", code)
	}
	if code := runExtract(context.Background(), []string{"--nope"}, &out, &errb); code != 2 {
		t.Errorf("bad flag: exit %d, want 2", code)
	}
}
