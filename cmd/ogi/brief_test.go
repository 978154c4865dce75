package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"ogi/internal/officetest"
	"ogi/internal/simnet"
	"ogi/pipeline/docx"
)

// checkBriefNamesLapses runs ogi brief over a demo's data folder for every
// province and year in which the simulated network (Config.Lapses) left a
// government report out or published it late, and checks that the
// briefing names them: a missing report as missing (or, when its portal
// could not be crawled in full, as not knowable), a late one with its
// days late. The truth comes from the network itself, started again with
// the demo's seed and size.
func checkBriefNamesLapses(t *testing.T, dir string, seed int64, portals int) {
	t.Helper()
	sim, err := simnet.Start(simnet.Config{Seed: seed, Portals: portals, Faults: true, Lapses: true})
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	faulty := map[string]bool{}
	for _, p := range sim.Portals() {
		for _, f := range p.Faults {
			if f != simnet.FaultCrawlDelay {
				faulty[p.Code] = true
			}
		}
	}
	type key struct {
		province string
		year     int
	}
	lapses := map[key][]simnet.Lapse{}
	for _, l := range sim.Lapses() {
		k := key{l.PortalCode[:2] + "0000", l.Year}
		lapses[k] = append(lapses[k], l)
	}
	named := 0
	for k, ls := range lapses {
		var out, errOut bytes.Buffer
		code := run([]string{"brief", "--data", dir, "--province", k.province, "--year", fmt.Sprint(k.year), "--format", "md"}, &out, &errOut)
		if code != 0 {
			t.Fatalf("brief %v: exit %d: %s", k, code, errOut.String())
		}
		md := out.String()
		missing := section(md, "（一）未公开", "（二）")
		late := section(md, "（二）逾期公开", "## 二")
		unknown := section(md, "网站页面抓取失败", "## 二")
		for _, l := range ls {
			switch l.Kind {
			case simnet.LapseMissing:
				if !strings.Contains(missing, l.Name) && !(faulty[l.PortalCode] && strings.Contains(unknown, l.Name)) {
					t.Errorf("%d %s: the briefing does not name %s %s as missing", k.year, k.province, l.PortalCode, l.Name)
				} else if strings.Contains(missing, l.Name) {
					named++
				}
			case simnet.LapseLate:
				row := fmt.Sprintf("%s | %s | %d-03-31 | %d |", l.Name, l.Published.Format("2006-01-02"), k.year+1, l.DaysLate)
				if !strings.Contains(late, row) && !(faulty[l.PortalCode] && strings.Contains(unknown, l.Name)) {
					t.Errorf("%d %s: the briefing lacks the late row %q:\n%s", k.year, k.province, row, late)
				} else if strings.Contains(late, row) {
					named++
				}
			}
		}
	}
	if named == 0 {
		t.Fatalf("the network's lapses (%d) are named nowhere", len(sim.Lapses()))
	}
	// The Word document of one briefing opens in the project's own reader.
	var k key
	for k = range lapses {
		break
	}
	path := filepath.Join(t.TempDir(), "brief.docx")
	var out, errOut bytes.Buffer
	if code := run([]string{"brief", "--data", dir, "--province", k.province, "--year", fmt.Sprint(k.year), "--format", "docx", "--out", path}, &out, &errOut); code != 0 {
		t.Fatalf("brief docx: exit %d: %s", code, errOut.String())
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := officetest.WellFormed(data); err != nil {
		t.Fatal(err)
	}
	d, err := docx.Read(data, docx.Options{})
	if err != nil || !strings.Contains(d.Text, fmt.Sprintf("%d年度政府信息公开工作年度报告发布情况的通报", k.year)) {
		t.Errorf("the briefing's DOCX does not read back: %v\n%.300s", err, d.Text)
	}
}

// section is the text of s from the heading that starts with from to the
// next heading that starts with to.
func section(s, from, to string) string {
	i := strings.Index(s, from)
	if i < 0 {
		return ""
	}
	s = s[i:]
	if j := strings.Index(s[len(from):], to); j >= 0 {
		return s[:len(from)+j]
	}
	return s
}

func TestBriefFlags(t *testing.T) {
	for _, args := range [][]string{{"brief"}, {"brief", "--data", t.TempDir()}, {"brief", "--data", "x", "--province", "37", "--format", "pdf"}} {
		var out, errOut bytes.Buffer
		if code := run(args, &out, &errOut); code != 2 {
			t.Errorf("%v: exit %d, want 2 (%s)", args, code, errOut.String())
		}
	}
	var out, errOut bytes.Buffer
	if code := run([]string{"brief", "-h"}, &out, &errOut); code != 0 || !strings.Contains(out.String()+errOut.String(), "通报") {
		t.Errorf("brief -h: exit %d: %s%s", code, out.String(), errOut.String())
	}
}

// TestAreaFiltersAgree: a --parent outside the --province (or a
// --jurisdiction outside either) is a usage error, not a briefing titled
// 合成省11合成市1201 nor an empty comparison that exits 0.
func TestAreaFiltersAgree(t *testing.T) {
	dir := syntheticData(t)
	for _, args := range [][]string{
		{"brief", "--data", dir, "--province", "110000", "--parent", "120100", "--year", "2023"},
		{"compare", "coverage", "--data", dir, "--province", "110000", "--parent", "120100", "--year", "2023"},
		{"compare", "disclosure_rate", "--data", dir, "--province", "110000", "--parent", "120100"},
		{"compare", "disclosure_rate", "--data", dir, "--parent", "110100", "--jurisdiction", "120101"},
		{"compare", "disclosure_rate", "--data", dir, "--province", "110000", "--jurisdiction", "120101"},
	} {
		var out, errOut bytes.Buffer
		if code := run(args, &out, &errOut); code != 2 || !strings.Contains(errOut.String(), " is not in --") {
			t.Errorf("%v: exit %d, want 2: %s", args[:2], code, errOut.String())
		}
	}
	var out, errOut bytes.Buffer
	if code := run([]string{"compare", "disclosure_rate", "--data", dir, "--province", "110000", "--parent", "110100", "--year", "2023"}, &out, &errOut); code != 0 {
		t.Errorf("a prefecture of the province: exit %d: %s", code, errOut.String())
	}
}
