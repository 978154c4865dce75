package report

import (
	"encoding/json"
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
