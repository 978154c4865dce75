package extract

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// Mutations that real copies of a report show and that change nothing
// the tables say: every fixture must read the same after each.
var mutations = []struct {
	name  string
	html  bool // applies to HTML fixtures too
	apply func(string) string
}{
	{"crlf", true, func(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") }},
	{"bom", true, func(s string) string { return "\ufeff" + s }},
	{"nbsp-padding", false, func(s string) string {
		// cells padded with no-break and ideographic spaces
		return strings.NewReplacer("|", "\u00a0|\u3000", "\t", "\u00a0\t").Replace(s)
	}},
	{"fullwidth-digits", false, func(s string) string {
		return strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return r - '0' + '０'
			}
			return r
		}, s)
	}},
	{"page-breaks", false, func(s string) string {
		// a PDF's page footer between two table lines every 40 lines
		lines := strings.Split(s, "\n")
		var b strings.Builder
		for i, l := range lines {
			b.WriteString(l)
			b.WriteByte('\n')
			if i > 0 && i%40 == 0 {
				fmt.Fprintf(&b, "\n— %d —\n\f\n", i/40)
			}
		}
		return b.String()
	}},
	{"zero-width", true, func(s string) string {
		// editors leave zero-width spaces after labels
		return strings.ReplaceAll(s, "公开", "公开\u200b")
	}},
	{"html-comments", true, func(s string) string {
		if !strings.Contains(s, "<td") {
			return s
		}
		return tdOpen.ReplaceAllString(s, "$0<!--[if !supportMisalignedColumns]--><!--[endif]-->")
	}},
}

var tdOpen = regexp.MustCompile(`<td[^>]*>`)

// TestMutations reads every fixture after each mutation and compares it
// with the fixture's truth.
func TestMutations(t *testing.T) {
	stems := map[string]string{
		"word-2021.html":                   "word-2021",
		"gbk-2021.html":                    "gbk-2021",
		"mirror-2024.txt":                  "mirror-2024",
		"crawler-2024.page.txt":            "crawler-2024",
		"markdown-2020.md":                 "markdown-2020",
		"layout-2023.pdftotext-layout.txt": "layout-2023",
		"cells-2024.txt":                   "cells-2024",
	}
	for _, pat := range []string{"v*-*.html", "v*-*.txt"} {
		vs, err := filepath.Glob(filepath.Join("testdata", pat))
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range vs {
			base := filepath.Base(v)
			stems[base] = strings.TrimSuffix(strings.TrimSuffix(base, ".html"), ".txt")
		}
	}
	for file, stem := range stems {
		data, err := os.ReadFile(filepath.Join("testdata", file))
		if err != nil {
			t.Fatal(err)
		}
		isHTML := strings.HasSuffix(file, ".html")
		kind := KindText
		if isHTML {
			kind = KindHTML
		}
		for _, m := range mutations {
			if isHTML && !m.html {
				continue
			}
			if strings.HasPrefix(file, "gbk") && m.name != "crlf" && m.name != "html-comments" {
				continue // GBK bytes: only byte-safe mutations
			}
			t.Run(stem+"/"+m.name, func(t *testing.T) {
				in := m.apply(string(data))
				rep, err := Report(context.Background(), strings.NewReader(in), Meta{Source: file, Name: file})
				if err != nil {
					t.Fatal(err)
				}
				checkRendering(t, rep, loadWant(t, stem), kind)
			})
		}
	}
}
