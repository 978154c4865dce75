package dataset

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"ogi/pipeline/report"
	"ogi/schema"
)

// threeYears writes 招远 2021–2023 (2023 with the published figures; the
// 2022 carry-over deliberately disagrees with 2023's carried_in), a report
// the extractor rejects, and one with a blank cell.
func threeYears(t *testing.T) string {
	in := t.TempDir()
	z21 := zhaoyuan(2021, 90, 4, 5)
	z22 := zhaoyuan(2022, 115, 5, 7) // carried_out 7, but 2023 says carried_in 6
	z23 := zhaoyuan(2023, 205, 6, 11)
	z23.Rows["carried_in"][2] = nil // 科研机构 printed blank
	writeFixtures(t, in, map[string]fixture{
		"zhaoyuan-2021.json": z21, "zhaoyuan-2022.json": z22, "zhaoyuan-2023.json": z23,
		"broken.json": {Fail: report.ReasonNoTables},
	})
	return in
}

func build(t *testing.T, dataDir string, fx *fixtureExtractor, paths ...string) Summary {
	t.Helper()
	sum, err := Build(context.Background(), Options{
		DataDir: dataDir, Paths: paths, Extract: fx.extract, ExtractorVersion: "v1", Jurisdictions: testJuris,
	})
	if err != nil {
		t.Fatal(err)
	}
	return sum
}

func TestBuildLayoutAndValues(t *testing.T) {
	in := threeYears(t)
	dir := t.TempDir()
	fx := &fixtureExtractor{}
	sum := build(t, dir, fx, in)
	if sum.Reports != 4 || sum.ByStatus[report.StatusOK] != 3 || sum.ByStatus[report.StatusFailed] != 1 || sum.Primary != 3 {
		t.Fatalf("summary %+v", sum)
	}

	// Layout: hive partitions per year, the unknown year as hive's null
	// partition, unpartitioned jurisdictions, a manifest.
	var files []string
	filepath.WalkDir(Dir(dir)+"/", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(Dir(dir), p)
			files = append(files, filepath.ToSlash(rel))
		}
		return nil
	})
	for _, want := range []string{
		"manifest.json", "jurisdictions/part-0.parquet",
		"reports/year=2021/part-0.parquet", "reports/year=2023/part-0.parquet",
		"reports/year=" + NullPartition + "/part-0.parquet",
		"applications/year=2023/part-0.parquet", "review_litigation/year=2022/part-0.parquet",
		"active/year=2023/part-0.parquet", "checks/year=2023/part-0.parquet", "cells/year=2023/part-0.parquet",
	} {
		if !contains(files, want) {
			t.Errorf("missing %s in %v", want, files)
		}
	}
	if contains(files, "fetches/part-0.parquet") {
		t.Errorf("an empty table left a file")
	}
	if contains(files, "applications/year="+NullPartition+"/part-0.parquet") {
		t.Errorf("a failed report wrote table rows")
	}

	db := duck(t)
	// The failed report keeps its reason and a null year.
	got := queryRows(t, db, "SELECT status, reason, year IS NULL, is_current, is_primary FROM "+table(dir, "reports")+" WHERE status <> 'ok'")
	if len(got) != 1 || got[0][0] != "failed" || got[0][1] != string(report.ReasonNoTables) || got[0][2] != true || got[0][4] != false {
		t.Errorf("failed report row: %v", got)
	}
	// Values as printed; the blank cell is NULL, not 0.
	got = queryRows(t, db, "SELECT total, natural_person, commercial, research, division_code FROM "+table(dir, "applications")+
		" WHERE year = 2023 AND row_key = 'new_received'")
	if len(got) != 1 || got[0][0] != int64(205) || got[0][1] != int64(204) || got[0][2] != int64(1) || got[0][4] != "370685" {
		t.Errorf("new_received 2023: %v", got)
	}
	got = queryRows(t, db, "SELECT research, total FROM "+table(dir, "applications")+" WHERE year = 2023 AND row_key = 'carried_in'")
	if len(got) != 1 || got[0][0] != nil || got[0][1] != int64(6) {
		t.Errorf("blank cell: %v", got)
	}
	got = queryRows(t, db, "SELECT raw_text, blank, value IS NULL, locator FROM "+table(dir, "cells")+
		" WHERE year = 2023 AND \"table\" = 'applications' AND row_key = 'carried_in' AND col_key = 'research'")
	if len(got) != 1 || got[0][0] != "—" || got[0][1] != true || got[0][2] != true || got[0][3] != "table 3 row 2 col 3" {
		t.Errorf("blank cell provenance: %v", got)
	}
	got = queryRows(t, db, "SELECT upheld, corrected, other, pending, total FROM "+table(dir, "review_litigation")+" WHERE year = 2023 AND grp = 'review'")
	if len(got) != 1 || !reflect.DeepEqual(got[0], []any{int64(2), int64(1), int64(1), int64(1), int64(5)}) {
		t.Errorf("review 2023: %v", got)
	}
	got = queryRows(t, db, "SELECT value FROM "+table(dir, "active")+" WHERE year = 2023 AND key = 'fees_amount_wan'")
	if len(got) != 1 || got[0][0] != 5060.0 {
		t.Errorf("fees: %v", got)
	}
	got = queryRows(t, db, "SELECT province_code, level, scope, template, checks_failed FROM "+table(dir, "reports")+" WHERE year = 2023")
	if len(got) != 1 || !reflect.DeepEqual(got[0], []any{"370000", "county", "gov_aggregate", "2021", int32(0)}) {
		t.Errorf("report 2023: %v", got)
	}
	// Hard identities from the extractor are kept, with their ids.
	got = queryRows(t, db, "SELECT count(*) FILTER (WHERE check_id LIKE 't3_balance_%'), count(*) FILTER (WHERE severity = 'hard' AND NOT ok) FROM "+
		table(dir, "checks")+" WHERE year = 2023")
	if got[0][0] != int64(7) || got[0][1] != int64(0) {
		t.Errorf("hard checks: %v", got)
	}
	// Soft cross-year checks: 2022 → 2023 carry-over fails (7 vs 6),
	// 2021 → 2022 holds.
	got = queryRows(t, db, "SELECT year, ok, expected, actual FROM "+table(dir, "checks")+" WHERE check_id = 'carry_over_prev_year' ORDER BY year")
	want := [][]any{{int32(2022), true, 5.0, 5.0}, {int32(2023), false, 7.0, 6.0}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("carry_over_prev_year: got %v want %v", got, want)
	}
	got = queryRows(t, db, "SELECT soft_checks_failed FROM "+table(dir, "reports")+" WHERE year = 2023")
	if got[0][0].(int32) < 1 {
		t.Errorf("soft failure not counted: %v", got)
	}
	// in force 12 = 12 + 1 − 3 fails (the fixture repeats 2023's figures).
	got = queryRows(t, db, "SELECT ok, expected, actual FROM "+table(dir, "checks")+
		" WHERE check_id = 't2_in_force_balance' AND year = 2023 AND detail LIKE 'normative_docs%'")
	if len(got) != 1 || got[0][0] != false || got[0][1] != 10.0 || got[0][2] != 12.0 {
		t.Errorf("t2_in_force_balance: %v", got)
	}
	got = queryRows(t, db, "SELECT count(*) FILTER (WHERE check_id = 'county_regulations' AND ok), count(*) FILTER (WHERE check_id = 'fee_unit' AND ok) FROM "+table(dir, "checks"))
	if got[0][0] != int64(3) || got[0][1] != int64(3) {
		t.Errorf("county_regulations/fee_unit: %v", got)
	}
	got = queryRows(t, db, "SELECT code, name, level, parent_code, province_code FROM "+table(dir, "jurisdictions")+" ORDER BY code")
	if len(got) != 3 || got[2][1] != "招远市" || got[2][3] != "370600" {
		t.Errorf("jurisdictions: %v", got)
	}
	// The manifest agrees with the files.
	man, err := ReadManifest(Dir(dir))
	if err != nil {
		t.Fatal(err)
	}
	for _, tb := range man.Tables {
		if tb.Name == schema.TableReports && (len(tb.Files) != 4 || !tb.Partitioned) {
			t.Errorf("manifest reports: %+v", tb)
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestSoftChecksFlagCountyRegulationsAndFeeUnit(t *testing.T) {
	in := t.TempDir()
	z := zhaoyuan(2023, 205, 6, 11)
	z.Active["regulations_issued"] = fp(2)
	z.Active["fees_amount_wan"] = fp(50_600_000) // printed in 元
	writeFixtures(t, in, map[string]fixture{"z.json": z})
	dir := t.TempDir()
	build(t, dir, &fixtureExtractor{}, in)
	got := queryRows(t, duck(t), "SELECT check_id, ok, expected, actual FROM "+table(dir, "checks")+
		" WHERE severity = 'soft' ORDER BY check_id")
	want := [][]any{{"county_regulations", false, 0.0, 2.0}, {"fee_unit", false, 1e6, 50_600_000.0}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v want %v", got, want)
	}
}

func TestBuildIsDeterministic(t *testing.T) {
	in := threeYears(t)
	a, b := t.TempDir(), t.TempDir()
	build(t, a, &fixtureExtractor{}, in)
	build(t, b, &fixtureExtractor{}, in)
	fa, fb := readTree(t, Dir(a)), readTree(t, Dir(b))
	if len(fa) == 0 || !reflect.DeepEqual(keys(fa), keys(fb)) {
		t.Fatalf("file sets differ: %v vs %v", keys(fa), keys(fb))
	}
	for k := range fa {
		if !bytes.Equal(fa[k], fb[k]) {
			t.Errorf("%s differs between two builds", k)
		}
	}
	// Rebuilding in place (from the cache) gives the same bytes too.
	build(t, a, &fixtureExtractor{}, in)
	if again := readTree(t, Dir(a)); !reflect.DeepEqual(again, fa) {
		t.Errorf("a rebuild from the cache changed the files")
	}
}

func readTree(t *testing.T, root string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	// The trailing separator follows DIR/dataset, a link to its generation.
	root += string(filepath.Separator)
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(root, p)
		out[rel] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func keys(m map[string][]byte) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return sortedKeys(m)
}

func TestIncrementalExtraction(t *testing.T) {
	in := threeYears(t)
	dir := t.TempDir()
	fx := &fixtureExtractor{}
	s1 := build(t, dir, fx, in)
	if fx.calls.Load() != 4 || s1.Extracted != 4 || s1.Cached != 0 {
		t.Fatalf("first build: %d calls, %+v", fx.calls.Load(), s1)
	}
	s2 := build(t, dir, fx, in)
	if fx.calls.Load() != 4 || s2.Cached != 4 {
		t.Fatalf("unchanged inputs were re-extracted: %d calls, %+v", fx.calls.Load(), s2)
	}
	// Change one payload: only it is extracted again.
	writeFixtures(t, in, map[string]fixture{"zhaoyuan-2022.json": zhaoyuan(2022, 115, 5, 6)})
	s3 := build(t, dir, fx, in)
	if fx.calls.Load() != 5 || s3.Extracted != 1 {
		t.Fatalf("changed payload: %d calls, %+v", fx.calls.Load(), s3)
	}
	// A new extractor version re-extracts everything.
	if _, err := Build(context.Background(), Options{DataDir: dir, Paths: []string{in}, Extract: fx.extract, ExtractorVersion: "v2"}); err != nil {
		t.Fatal(err)
	}
	if fx.calls.Load() != 9 {
		t.Fatalf("new version: %d calls", fx.calls.Load())
	}
}

// TestDamagedCacheIsExtractedAgain: a cache entry that no longer decodes
// is dropped and its report extracted again; the build does not stop.
func TestDamagedCacheIsExtractedAgain(t *testing.T) {
	in := threeYears(t)
	dir := t.TempDir()
	fx := &fixtureExtractor{}
	build(t, dir, fx, in)
	var entries []string
	filepath.WalkDir(filepath.Join(dir, "cache"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			entries = append(entries, p)
		}
		return nil
	})
	if len(entries) == 0 {
		t.Fatal("no cache entries after a build")
	}
	if err := os.WriteFile(entries[0], []byte("not a gob"), 0o644); err != nil {
		t.Fatal(err)
	}
	s := build(t, dir, fx, in)
	if fx.calls.Load() != 5 || s.Extracted != 1 || s.Cached != 3 {
		t.Fatalf("damaged cache: %d calls, %+v", fx.calls.Load(), s)
	}
}

// fakeArchive serves report versions from memory.
type fakeArchive struct {
	inputs  []Input
	fetches []Fetch
}

func (a fakeArchive) Inputs(context.Context) ([]Input, error)  { return a.inputs, nil }
func (a fakeArchive) Fetches(context.Context) ([]Fetch, error) { return a.fetches, nil }

func payloadInput(t *testing.T, url string, at time.Time, f fixture) Input {
	b := mustJSON(t, f)
	return Input{Source: url, FinalURL: url, FetchedAt: at, ContentType: "text/html", PortalCode: "370685",
		Read: func() ([]byte, error) { return b, nil }}
}

func TestEditedReportKeepsBothVersions(t *testing.T) {
	url := "http://www.zhaoyuan.gov.cn/art/2024/1/20/art_1.html"
	old := zhaoyuan(2023, 205, 6, 11)
	edited := zhaoyuan(2023, 206, 6, 11) // republished with one more application
	edited.Division = ""                 // the registry's portal code stands in
	t1 := time.Date(2024, 1, 21, 9, 0, 0, 0, time.UTC)
	arch := fakeArchive{
		inputs: []Input{payloadInput(t, url, t1, old), payloadInput(t, url, t1.Add(48*time.Hour), edited)},
		fetches: []Fetch{{URL: url, Status: 200, Bytes: 1234, FetchedAt: t1, SHA256: "aa"},
			{URL: "http://www.zhaoyuan.gov.cn/robots.txt", Status: 404, FetchedAt: t1, Error: "not found"}},
	}
	dir := t.TempDir()
	fx := &fixtureExtractor{}
	if _, err := Build(context.Background(), Options{DataDir: dir, Archive: arch, Extract: fx.extract, ExtractorVersion: "v1", Jurisdictions: testJuris}); err != nil {
		t.Fatal(err)
	}
	db := duck(t)
	got := queryRows(t, db, "SELECT r.is_current, r.is_primary, r.division_code, a.total, r.fetched_at FROM "+table(dir, "reports")+" r JOIN "+
		table(dir, "applications")+" a USING (report_id) WHERE a.row_key = 'new_received' ORDER BY r.fetched_at")
	if len(got) != 2 || got[0][0] != false || got[1][0] != true || got[1][1] != true || got[0][1] != false ||
		got[1][2] != "370685" || got[0][3] != int64(205) || got[1][3] != int64(206) {
		t.Errorf("versions: %v", got)
	}
	if ts, ok := got[1][4].(time.Time); !ok || !ts.Equal(t1.Add(48*time.Hour)) {
		t.Errorf("fetched_at: %v", got[1][4])
	}
	got = queryRows(t, db, "SELECT url, status, bytes, error FROM "+table(dir, "fetches")+" ORDER BY url")
	if len(got) != 2 || got[0][1] != int32(200) || got[1][3] != "not found" {
		t.Errorf("fetches: %v", got)
	}
}

func TestBadPayloadsBecomeFailedReports(t *testing.T) {
	in := t.TempDir()
	writeFixtures(t, in, map[string]fixture{"panics.json": {Panic: true}, "ok.json": zhaoyuan(2023, 205, 6, 11)})
	os.WriteFile(filepath.Join(in, "garbage.html"), []byte("<html>not a report"), 0o644)
	dir := t.TempDir()
	arch := fakeArchive{inputs: []Input{{Source: "http://x.gov.cn/gone.pdf", SHA256: "ff",
		Read: func() ([]byte, error) { return nil, errors.New("warc record truncated") }}}}
	sum, err := Build(context.Background(), Options{DataDir: dir, Paths: []string{in}, Archive: arch,
		Extract: (&fixtureExtractor{}).extract, ExtractorVersion: "v1"})
	if err != nil {
		t.Fatal(err)
	}
	if sum.ByStatus[report.StatusFailed] != 3 || sum.ByStatus[report.StatusOK] != 1 {
		t.Fatalf("summary %+v", sum)
	}
	got := queryRows(t, duck(t), "SELECT source_url, reason, detail FROM "+table(dir, "reports")+" WHERE status = 'failed' ORDER BY source_url")
	if len(got) != 3 {
		t.Fatalf("failed rows: %v", got)
	}
	for _, r := range got {
		if r[1] != string(report.ReasonUnreadable) || r[2] == nil || r[2] == "" {
			t.Errorf("failed row without reason: %v", r)
		}
	}
	if !strings.Contains(got[2][2].(string), "truncated") || !strings.Contains(got[1][2].(string), "panic") {
		t.Errorf("details: %v", got)
	}
}

func mustJSON(t *testing.T, f fixture) []byte {
	t.Helper()
	dir := t.TempDir()
	writeFixtures(t, dir, map[string]fixture{"f.json": f})
	b, err := os.ReadFile(filepath.Join(dir, "f.json"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestFailedBuildLeavesPreviousDatasetIntact(t *testing.T) {
	in := threeYears(t)
	dir := t.TempDir()
	build(t, dir, &fixtureExtractor{}, in)
	before := readTree(t, Dir(dir))

	// New inputs, and a failure at every stage of the write in turn.
	writeFixtures(t, in, map[string]fixture{"zhaoyuan-2024.json": zhaoyuan(2024, 300, 11, 20)})
	for _, stage := range []string{"extracted", "partition year=2022", "written", "swap"} {
		_, err := Build(context.Background(), Options{
			DataDir: dir, Paths: []string{in}, Extract: (&fixtureExtractor{}).extract, ExtractorVersion: "v1",
			hook: func(s string) error {
				if s == stage {
					return errInjected
				}
				return nil
			},
		})
		if !errors.Is(err, errInjected) {
			t.Fatalf("stage %s: err %v", stage, err)
		}
		if after := readTree(t, Dir(dir)); !reflect.DeepEqual(after, before) {
			t.Fatalf("stage %s: the previous dataset changed", stage)
		}
		if tmp, _ := filepath.Glob(filepath.Join(dir, GenerationsName, buildPrefix+"*")); len(tmp) != 0 {
			t.Fatalf("stage %s: temp folders left: %v", stage, tmp)
		}
	}
	// Still readable.
	got := queryRows(t, duck(t), "SELECT max(year) FROM "+table(dir, "reports"))
	if got[0][0] != int32(2023) {
		t.Errorf("max year %v", got)
	}

	// A crash while the link is replaced (an old dataset folder moved into
	// generation 0, the new link not yet in place) leaves no DIR/dataset;
	// the next build links the newest generation before anything else, and
	// removes the dead build's temporary folder.
	if err := os.Remove(Dir(dir)); err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Join(dir, GenerationsName, buildPrefix+"123"), 0o755)
	if err := recoverSwap(dir); err != nil {
		t.Fatal(err)
	}
	if after := readTree(t, Dir(dir)); !reflect.DeepEqual(after, before) {
		t.Fatalf("recovery did not restore the previous dataset")
	}
	if tmp, _ := filepath.Glob(filepath.Join(dir, GenerationsName, buildPrefix+"*")); len(tmp) != 0 {
		t.Fatalf("stale temp folders left: %v", tmp)
	}
	// And a successful build replaces it.
	build(t, dir, &fixtureExtractor{}, in)
	got = queryRows(t, duck(t), "SELECT max(year) FROM "+table(dir, "reports"))
	if got[0][0] != int32(2024) {
		t.Errorf("after rebuild max year %v", got)
	}
}

// TestLegacyDatasetFolder: a data folder whose dataset an older ogi wrote
// as a plain folder (and one whose build died mid-swap, leaving
// dataset.prev) is taken over: the old dataset stays readable until the
// new one is linked in, then it is kept as the previous generation.
func TestLegacyDatasetFolder(t *testing.T) {
	in := threeYears(t)
	dir := t.TempDir()
	build(t, dir, &fixtureExtractor{}, in)
	before := readTree(t, Dir(dir))
	// Turn the data folder into the old layout: DIR/dataset a folder.
	gen, err := Current(dir)
	if err != nil {
		t.Fatal(err)
	}
	os.Remove(Dir(dir))
	if err := os.Rename(gen, filepath.Join(dir, prevName)); err != nil {
		t.Fatal(err)
	}
	os.RemoveAll(filepath.Join(dir, GenerationsName))
	// An old build died between its two renames: recovery restores it.
	if err := recoverSwap(dir); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Lstat(Dir(dir)); err != nil || !st.IsDir() {
		t.Fatalf("dataset.prev not restored as a folder: %v", err)
	}
	if cur, err := Current(dir); err != nil || cur != Dir(dir) {
		t.Fatalf("Current = %q, %v; want the folder itself", cur, err)
	}
	build(t, dir, &fixtureExtractor{}, in)
	if after := readTree(t, Dir(dir)); !reflect.DeepEqual(after, before) {
		t.Fatal("the rebuild of the same inputs differs")
	}
	if st, err := os.Lstat(Dir(dir)); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("DIR/dataset is not a link after the build: %v", err)
	}
	if old := readTree(t, filepath.Join(dir, GenerationsName, generationName(0))); !reflect.DeepEqual(old, before) {
		t.Fatal("the old dataset was not kept as generation 0")
	}
}

func TestUnwritableDataDirFails(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root ignores permissions")
	}
	dir := t.TempDir()
	os.Chmod(dir, 0o500)
	defer os.Chmod(dir, 0o755)
	_, err := Build(context.Background(), Options{DataDir: dir, Prepared: nil})
	if err == nil {
		t.Fatal("build into a read-only folder succeeded")
	}
}

func TestBuildNeedsAnExtractorForInputs(t *testing.T) {
	in := threeYears(t)
	_, err := Build(context.Background(), Options{DataDir: t.TempDir(), Paths: []string{in}})
	if err == nil || !strings.Contains(err.Error(), "extractor") {
		t.Fatalf("err %v", err)
	}
	_, err = Build(context.Background(), Options{DataDir: t.TempDir(), Paths: []string{"/no/such/file"}})
	if err == nil {
		t.Fatal("a missing input path was accepted")
	}
}

func TestConcurrentBuildIsRefused(t *testing.T) {
	dir := t.TempDir()
	unlock, err := lockBuild(dir)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Build(context.Background(), Options{DataDir: dir})
	if err == nil || !strings.Contains(err.Error(), "another build") {
		t.Errorf("second build: %v", err)
	}
	unlock()
	if _, err := Build(context.Background(), Options{DataDir: dir}); err != nil {
		t.Errorf("after unlock: %v", err)
	}
}

func TestDataFolderAsInputSkipsItsOwnFiles(t *testing.T) {
	dir := t.TempDir()
	writeFixtures(t, dir, map[string]fixture{"z.json": zhaoyuan(2023, 205, 6, 11)})
	fx := &fixtureExtractor{}
	build(t, dir, fx, dir)
	s := build(t, dir, fx, dir) // now DIR holds dataset/ and cache/ too
	if s.Reports != 1 {
		t.Errorf("the data folder's own files were read as reports: %+v", s)
	}
}

func TestCellsMatchReportCells(t *testing.T) {
	in := t.TempDir()
	f := zhaoyuan(2023, 205, 6, 11)
	f.Rows["carried_in"][2] = nil
	writeFixtures(t, in, map[string]fixture{"z.json": f})
	dir := t.TempDir()
	fx := &fixtureExtractor{}
	build(t, dir, fx, in)
	b, _ := os.ReadFile(filepath.Join(in, "z.json"))
	rep, err := fx.extract(context.Background(), b, Input{Source: filepath.ToSlash(filepath.Join(in, "z.json"))})
	if err != nil {
		t.Fatal(err)
	}
	want := rep.Cells()
	got := queryRows(t, duck(t), "SELECT \"table\", row_key, col_key, value, raw_text, blank, \"positional\", locator FROM "+table(dir, "cells"))
	if len(got) != len(want) {
		t.Fatalf("%d cells, report has %d", len(got), len(want))
	}
	for i, c := range want {
		var v any
		if c.Value != nil {
			v = *c.Value
		}
		var col any
		if c.Col != "" {
			col = c.Col
		}
		w := []any{c.Table, c.Row, col, v, c.Raw, c.Blank, c.Positional, c.Locator}
		if !reflect.DeepEqual(got[i], w) {
			t.Fatalf("cell %d: got %v want %v", i, got[i], w)
		}
	}
}

// A local input past MaxLocalInput is refused before it is read into
// memory, and the report says TOO_LARGE.
func TestLocalInputTooLarge(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.pdf")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(MaxLocalInput + 1); err != nil { // sparse: no disk used
		t.Fatal(err)
	}
	f.Close()
	if err := os.WriteFile(filepath.Join(dir, "small.html"), []byte("<p>报告</p>"), 0o644); err != nil {
		t.Fatal(err)
	}
	ins, err := LocalInputs([]string{dir})
	if err != nil || len(ins) != 2 {
		t.Fatalf("inputs %v %v", ins, err)
	}
	_, err = ins[0].Read()
	if err == nil {
		t.Fatal("a file over the cap was read")
	}
	if rep := failedReport(ins[0], fmt.Errorf("read payload: %w", err)); rep.Reason != report.ReasonTooLarge {
		t.Errorf("reason %s (%s), want TOO_LARGE", rep.Reason, rep.Detail)
	}
	if b, err := ins[1].Read(); err != nil || string(b) != "<p>报告</p>" {
		t.Errorf("small file: %q %v", b, err)
	}
}
