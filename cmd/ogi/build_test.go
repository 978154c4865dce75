package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"ogi/internal/synth"
	"ogi/pipeline/dataset"
	"ogi/schema"
)

// markdownReport writes a 2021-template report as Markdown tables with the
// official labels (read from the schema): 24 of 25 rows zero but for the
// given totals, all in the 自然人 column.
func markdownReport(county string, year int, rows map[string]int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s%d年政府信息公开工作年度报告\n\n", county, year)
	// table 二: a report without it is partial
	b.WriteString("## 二、主动公开政府信息情况\n\n| 第二十条第（一）项 | | | |\n|---|---|---|---|\n| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n")
	b.WriteString("| 规章 | 0 | 0 | 0 |\n| 行政规范性文件 | 1 | 3 | 12 |\n| 行政许可 | 28349 | | |\n| 行政处罚 | 3390 | | |\n| 行政强制 | 133 | | |\n| 行政事业性收费 | 5060 | | |\n\n")
	b.WriteString("## 三、收到和处理政府信息公开申请情况\n\n")
	t := schema.Template2021()
	b.WriteString("| （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） |")
	for _, c := range t.ApplicationColumns {
		b.WriteString(" " + c.Label + " |")
	}
	b.WriteString("\n|---|---|---|---|---|---|---|---|\n")
	for _, r := range t.ApplicationRows {
		v := rows[r.Key]
		fmt.Fprintf(&b, "| %s | %d | 0 | 0 | 0 | 0 | 0 | %d |\n", r.Label, v, v)
	}
	b.WriteString("\n## 四、政府信息公开行政复议、行政诉讼情况\n\n| 行政复议 | | | | | 行政诉讼 | | | | | | | | | |\n")
	b.WriteString("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n")
	b.WriteString("| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 未经复议直接起诉 | | | | | 复议后起诉 | | | | |\n")
	b.WriteString("| | | | | | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n")
	b.WriteString("| 1 | 1 | 0 | 0 | 2 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n")
	return b.String()
}

func run3(t *testing.T, f func(context.Context, []string, *bytes.Buffer, *bytes.Buffer) int, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := f(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

func buildCmd(ctx context.Context, args []string, o, e *bytes.Buffer) int {
	return runBuild(ctx, args, o, e)
}
func sqlCmd(ctx context.Context, args []string, o, e *bytes.Buffer) int {
	return runSQL(ctx, args, o, e)
}
func compareCmd(ctx context.Context, args []string, o, e *bytes.Buffer) int {
	return runCompare(ctx, args, o, e)
}

func TestBuildCommand(t *testing.T) {
	in := t.TempDir()
	rep := markdownReport("招远市", 2023, map[string]int{"new_received": 205, "carried_in": 6, "granted": 136,
		"unable_not_held": 64, "total_processed": 200, "carried_out": 11})
	if err := os.WriteFile(filepath.Join(in, "zhaoyuan-2023.md"), []byte(rep), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	code, out, errs := run3(t, buildCmd, "--data", dir, in)
	if code != 0 {
		t.Fatalf("exit %d: %s%s", code, out, errs)
	}
	if !strings.Contains(out, "1 report versions (ok 1, skipped 0, failed 0)") || !strings.Contains(out, "extracted 1, from cache 0") {
		t.Errorf("summary:\n%s", out)
	}
	// Flags may follow the path; the second build comes from the cache.
	code, out, _ = run3(t, buildCmd, in, "--data", dir)
	if code != 0 || !strings.Contains(out, "extracted 0, from cache 1") {
		t.Errorf("rebuild exit %d:\n%s", code, out)
	}
	code, out, errs = run3(t, sqlCmd, "--data", dir, "--format", "json",
		"SELECT r.year, r.template, a.total FROM reports r JOIN applications a USING (report_id) WHERE a.row_key = 'new_received'")
	var rows []map[string]any
	if code != 0 || json.Unmarshal([]byte(out), &rows) != nil || len(rows) != 1 || rows[0]["total"] != 205.0 || rows[0]["year"] != 2023.0 {
		t.Errorf("sql exit %d: %s %s", code, out, errs)
	}
}

func TestBuildCommandErrors(t *testing.T) {
	for _, c := range []struct {
		args []string
		code int
		msg  string
	}{
		{nil, 2, "--data DIR is required"},
		{[]string{"--data", filepath.Join(t.TempDir(), "missing")}, 1, "nothing to build"},
		{[]string{"--data", t.TempDir()}, 1, "nothing to build"},
		{[]string{"--data", t.TempDir(), "/no/such/report.pdf"}, 1, "no/such/report.pdf"},
	} {
		code, _, errs := run3(t, buildCmd, c.args...)
		if code != c.code || !strings.Contains(errs, c.msg) {
			t.Errorf("%v: exit %d, stderr %q", c.args, code, errs)
		}
	}
}

func syntheticData(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	prep, juris := synth.Dataset(200, 3, 2023, 7)
	if _, err := dataset.Build(context.Background(), dataset.Options{DataDir: dir, Prepared: prep, Jurisdictions: juris}); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestCompareCommand(t *testing.T) {
	dir := syntheticData(t)
	code, out, errs := run3(t, compareCmd, "disclosure_rate", "--data", dir, "--by", "province", "--year", "2023", "--format", "csv")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	// 200 counties: two synthetic provinces (11 and 12).
	if len(lines) != 3 || !strings.HasPrefix(lines[0], "rank,code,name,year,numerator,denominator,value,small_denominator") ||
		!strings.Contains(out, ",110000,合成省11,2023,") {
		t.Errorf("csv:\n%s", out)
	}
	// A province by name, a jurisdiction time series in Markdown.
	code, out, errs = run3(t, compareCmd, "dispute_rate", "--data", dir, "--province", "合成省12", "--format", "markdown")
	if code != 0 || !strings.HasPrefix(out, "| rank | code |") || strings.Contains(out, "| 110") {
		t.Errorf("exit %d: %s %s", code, out, errs)
	}
	code, out, _ = run3(t, compareCmd, "--list")
	if code != 0 || !strings.Contains(out, "review_correction_rate_all") || !strings.Contains(out, "\ncoverage ") {
		t.Errorf("list: %s", out)
	}
	for _, c := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"no_such_metric", "--data", dir}, 2, "unknown metric"},
		{[]string{"disclosure_rate", "--data", dir, "--province", "火星"}, 2, "provinces with reports: 110000 合成省11, 120000 合成省12"},
		{[]string{"disclosure_rate", "--data", dir, "--province", "990000"}, 2, "unknown province code"},
		{[]string{"disclosure_rate", "--data", dir, "--scope", "county"}, 2, "gov_aggregate, gov_office, department, township, all"},
		{[]string{"disclosure_rate", "--data", dir, "--by", "county"}, 2, "jurisdiction, parent, province"},
		{[]string{"disclosure_rate", "--data", dir, "--format", "xml"}, 2, "table, csv, json, markdown"},
		{[]string{"disclosure_rate", "--data", t.TempDir()}, 1, "run ogi build"},
		{[]string{"disclosure_rate"}, 2, "--data DIR"},
	} {
		code, _, errs := run3(t, compareCmd, c.args...)
		if code != c.code || !strings.Contains(errs, c.msg) {
			t.Errorf("%v: exit %d, stderr %q", c.args, code, errs)
		}
	}
}

func TestSQLCommand(t *testing.T) {
	dir := syntheticData(t)
	code, out, errs := run3(t, sqlCmd, "--data", dir, "SELECT year, count(*) AS n FROM reports GROUP BY year ORDER BY year")
	if code != 0 || !strings.Contains(out, "2021  200\n") || !strings.Contains(out, "(3 rows)") {
		t.Errorf("exit %d:\n%s%s", code, out, errs)
	}
	code, _, errs = run3(t, sqlCmd, "--data", dir, "SELECT nope FROM reports")
	if code != 1 || !strings.Contains(errs, "nope") {
		t.Errorf("bad SQL: exit %d %q", code, errs)
	}
	code, _, _ = run3(t, sqlCmd, "--data", dir)
	if code != 2 {
		t.Errorf("no SQL: exit %d", code)
	}
}
