package report

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

func TestMarshalJSONBlankIsNullAndUnitsSitInActive(t *testing.T) {
	r := Report{
		Source: "a.html", Status: StatusOK, Template: "2019", Year: 2019,
		Active: map[string]Value{
			"procurement_amount": Number(251000, "251000元", "table 1 row 9 col 3"),
			"regulations_made":   BlankValue("&nbsp;", "table 1 row 3 col 2"),
		},
		ActiveUnits: map[string]string{"procurement_amount": "元"},
		Applications: map[string]map[string]Value{
			"new_received": {"natural_person": Number(204, "204", "line 3"), "total": BlankValue("", "line 3")},
		},
		ReviewLitigation: map[string]Value{"review_total": Number(5, "5", "line 9")},
	}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	active := got["active"].(map[string]any)
	if active["procurement_amount"] != 251000.0 || active["procurement_amount_unit"] != "元" {
		t.Errorf("active = %v", active)
	}
	if v, ok := active["regulations_made"]; !ok || v != nil {
		t.Errorf("blank cell = %v (present %v), want null", v, ok)
	}
	apps := got["applications"].(map[string]any)["new_received"].(map[string]any)
	if apps["natural_person"] != 204.0 || apps["total"] != nil {
		t.Errorf("applications = %v", apps)
	}
	if got["checks"] == nil {
		t.Error("checks must be [] not null")
	}
	cells := got["cells"].([]any)
	if len(cells) != 5 {
		t.Fatalf("cells = %d, want 5", len(cells))
	}
	// Template order: regulations_made before procurement_amount.
	first := cells[0].(map[string]any)
	if first["row"] != "regulations_made" || first["blank"] != true || first["value"] != nil {
		t.Errorf("first cell = %v", first)
	}
	if !strings.Contains(string(b), `"locator":"table 1 row 9 col 3"`) {
		t.Errorf("provenance locator missing: %s", b)
	}
}

func TestIntegersPrintWithoutExponent(t *testing.T) {
	b, _ := json.Marshal(Number(3985758, "3985758", ""))
	if string(b) != "3985758" {
		t.Errorf("got %s", b)
	}
	b, _ = json.Marshal(Number(24252.311082, "24252.311082", ""))
	if string(b) != "24252.311082" {
		t.Errorf("got %s", b)
	}
}

func TestFailedChecks(t *testing.T) {
	r := Report{Checks: []Check{{ID: "a", OK: true}, {ID: "b"}, {ID: "c"}}}
	if n := r.FailedChecks(); n != 2 {
		t.Errorf("FailedChecks = %d, want 2", n)
	}
}

// TestMarshalJSONEveryKey: every key of the contract is written, null
// where the report has nothing, also for a skipped report.
func TestMarshalJSONEveryKey(t *testing.T) {
	b, err := json.Marshal(Report{Source: "x.html", SHA256: "ab", Status: StatusSkipped, Reason: ReasonNotAReport})
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"source", "sha256", "status", "reason", "title", "agency", "year", "template", "division_code",
		"scope", "active", "applications", "review_litigation", "checks", "detail", "cells"} {
		if _, ok := got[k]; !ok {
			t.Errorf("key %s missing: %s", k, b)
		}
	}
	for _, k := range []string{"title", "agency", "year", "template", "division_code", "scope", "active", "applications", "review_litigation", "detail"} {
		if got[k] != nil {
			t.Errorf("%s = %v, want null", k, got[k])
		}
	}
	if got["reason"] != "NOT_A_REPORT" || got["status"] != "skipped" {
		t.Errorf("status/reason %v/%v", got["status"], got["reason"])
	}
	if c, ok := got["checks"].([]any); !ok || len(c) != 0 {
		t.Errorf("checks = %v, want []", got["checks"])
	}
	if c, ok := got["cells"].([]any); !ok || len(c) != 0 {
		t.Errorf("cells = %v, want []", got["cells"])
	}
}

// OrderedKeys: the keys the order names first, in its order (duplicates
// in the order once), then the others sorted; keys the order names but the
// map lacks are left out.
func TestOrderedKeys(t *testing.T) {
	m := map[string]int{"zeta": 1, "granted": 2, "alpha": 3, "new_received": 4}
	got := OrderedKeys(m, []string{"new_received", "carried_in", "granted", "new_received"})
	if want := []string{"new_received", "granted", "alpha", "zeta"}; !slices.Equal(got, want) {
		t.Errorf("OrderedKeys = %v, want %v", got, want)
	}
	if got := OrderedKeys(map[string]int{}, []string{"a"}); len(got) != 0 {
		t.Errorf("empty map: %v", got)
	}
}

// Cells come table by table, each in the 2021 template's order (written
// out here: 表二 regulations before normative documents, 表三 rows then
// columns as printed, 表四 review before litigation), keys no template
// knows last.
func TestCellsInTemplateOrder(t *testing.T) {
	n := func(v float64) Value { return Number(v, "", "") }
	r := Report{Template: "2021",
		Active: map[string]Value{"normative_docs_issued": n(1), "regulations_issued": n(2), "zz_unknown": n(3)},
		Applications: map[string]map[string]Value{
			"granted":      {"total": n(4), "natural_person": n(5)},
			"new_received": {"commercial": n(6), "natural_person": n(7)},
		},
		ReviewLitigation: map[string]Value{"lit_direct_upheld": n(8), "review_total": n(9), "review_upheld": n(10)},
	}
	var got []string
	for _, c := range r.Cells() {
		got = append(got, c.Table+"/"+c.Row+"/"+c.Col)
	}
	want := []string{
		"active/regulations_issued/", "active/normative_docs_issued/", "active/zz_unknown/",
		"applications/new_received/natural_person", "applications/new_received/commercial",
		"applications/granted/natural_person", "applications/granted/total",
		"review_litigation/review_upheld/", "review_litigation/review_total/", "review_litigation/lit_direct_upheld/",
	}
	if !slices.Equal(got, want) {
		t.Errorf("cells\n got %v\nwant %v", got, want)
	}
}
