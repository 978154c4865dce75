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

// TestExtractStdinHelpAndStatus: "-" reads standard input; -h prints a
// description to stdout and exits 0; a failed input exits 1, a usage error
// 2; every key of the contract is printed, null where empty.
func TestExtractStdinHelpAndStatus(t *testing.T) {
	page, err := os.ReadFile(filepath.Join("..", "..", "pipeline", "extract", "testdata", "word-2021.html"))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.WithValue(context.Background(), stdinKey{}, bytes.NewReader(page))
	var out, errb bytes.Buffer
	if code := runExtract(ctx, []string{"--json", "-"}, &out, &errb); code != 0 {
		t.Fatalf("stdin: exit %d: %s", code, errb.String())
	}
	var rep map[string]any
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatalf("stdin: %v: %s", err, out.String())
	}
	if rep["source"] != "-" || rep["status"] != "ok" || rep["year"] == nil {
		t.Errorf("stdin report: source %v status %v year %v", rep["source"], rep["status"], rep["year"])
	}
	for _, k := range []string{"source", "sha256", "status", "reason", "title", "agency", "year", "template", "division_code",
		"scope", "active", "applications", "review_litigation", "checks", "cells"} {
		if _, ok := rep[k]; !ok {
			t.Errorf("key %s missing", k)
		}
	}
	if rep["reason"] != nil {
		t.Errorf("reason of an ok report = %v, want null", rep["reason"])
	}

	out.Reset()
	errb.Reset()
	if code := runExtract(context.Background(), []string{"-h"}, &out, &errb); code != 0 || errb.Len() != 0 {
		t.Errorf("-h: exit %d, stderr %q", code, errb.String())
	}
	for _, want := range []string{"usage: ogi extract", "standard input", "--json", "--jobs", "Exit status"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("-h lacks %q:\n%s", want, out.String())
		}
	}
	if code := runExtract(context.Background(), []string{"-", "-"}, &out, &errb); code != 2 {
		t.Errorf("stdin twice: exit %d, want 2", code)
	}
	if code := runExtract(context.Background(), []string{"--jobs", "0", "x"}, &out, &errb); code != 2 {
		t.Errorf("--jobs 0: exit %d, want 2", code)
	}
	// a file that cannot be opened fails the run, the others print
	dir := t.TempDir()
	good := filepath.Join(dir, "a.html")
	if err := os.WriteFile(good, page, 0o644); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if code := runExtract(context.Background(), []string{"--json", good, filepath.Join(dir, "missing.html")}, &out, &errb); code != 1 {
		t.Errorf("missing file: exit %d, want 1", code)
	}
	if n := strings.Count(out.String(), "\n"); n != 1 {
		t.Errorf("missing file: %d reports printed, want 1", n)
	}
}

// TestExtractParallelOrder: with several inputs extracted at once, the
// reports come out in input order, byte for byte as one at a time.
func TestExtractParallelOrder(t *testing.T) {
	src := filepath.Join("..", "..", "pipeline", "extract", "testdata")
	var files []string
	for _, n := range []string{"word-2021.html", "old-2017.html", "mirror-2024.txt", "crawler-2024.page.txt", "markdown-2020.md",
		"cells-2024.txt", "gbk-2021.html", "listing.html", "v-tabs-2024.txt", "v-md-2024.txt"} {
		files = append(files, filepath.Join(src, n))
	}
	run := func(jobs string) string {
		var out, errb bytes.Buffer
		if code := runExtract(context.Background(), append([]string{"--json", "--jobs", jobs}, files...), &out, &errb); code != 0 {
			t.Fatalf("jobs %s: exit %d: %s", jobs, code, errb.String())
		}
		return out.String()
	}
	one, four := run("1"), run("4")
	if one != four {
		t.Fatalf("output with 4 jobs differs from 1 job")
	}
	lines := strings.Split(strings.TrimSpace(four), "\n")
	if len(lines) != len(files) {
		t.Fatalf("%d reports, want %d", len(lines), len(files))
	}
	for i, l := range lines {
		var r struct {
			Source string `json:"source"`
		}
		if err := json.Unmarshal([]byte(l), &r); err != nil || r.Source != files[i] {
			t.Errorf("report %d: source %q (%v), want %q", i, r.Source, err, files[i])
		}
	}
}
