package validate

import (
	"strings"
	"testing"

	"ogi/pipeline/report"
	"ogi/schema"
)

// filled returns a 2019-template report whose identities all hold.
func filled() *report.Report {
	t := schema.Template2019()
	r := &report.Report{Template: t.ID, Applications: map[string]map[string]report.Value{}, ReviewLitigation: map[string]report.Value{}}
	for _, row := range t.ApplicationRows {
		m := map[string]report.Value{}
		n := 0.0
		switch {
		case row.Key == "new_received" || row.Key == "total_processed":
			n = 2
		case row.Key == "granted":
			n = 2
		}
		for _, c := range t.ApplicationColumns {
			v := n
			if c.Key == "total" {
				v = 6 * n
			}
			m[c.Key] = report.Number(v, "", "")
		}
		r.Applications[row.Key] = m
	}
	for _, k := range t.ReviewKeys() {
		r.ReviewLitigation[k] = report.Number(0, "0", "")
	}
	return r
}

func TestChecksHold(t *testing.T) {
	r := filled()
	tmpl, _ := Template(r)
	cs := Checks(tmpl, r)
	if len(cs) != 7+7+23+3 {
		t.Errorf("%d checks", len(cs))
	}
	for _, c := range cs {
		if !c.OK {
			t.Errorf("%+v", c)
		}
	}
}

// TestBlankTotalColumn: a 总计 column printed blank fails the row sums
// (blank counted as 0, said in the detail) but changes no value.
func TestBlankTotalColumn(t *testing.T) {
	r := filled()
	for _, row := range r.Applications {
		row["total"] = report.BlankValue("&nbsp;", "")
	}
	tmpl, _ := Template(r)
	var failed []string
	for _, c := range Checks(tmpl, r) {
		if !c.OK {
			failed = append(failed, c.ID)
			if !strings.Contains(c.Detail, "blank") {
				t.Errorf("%s detail %q does not mention blanks", c.ID, c.Detail)
			}
		}
	}
	want := "t3_rowsum_new_received t3_rowsum_granted t3_rowsum_total_processed"
	if strings.Join(failed, " ") != want {
		t.Errorf("failed %v, want %s", failed, want)
	}
	if !r.Applications["granted"]["total"].Blank {
		t.Errorf("a check changed a value")
	}
}

func TestSingleOtherIn2021(t *testing.T) {
	r := filled()
	r.Template = schema.V2021
	tmpl, _ := Template(r)
	ids := map[string]bool{}
	for _, c := range Checks(tmpl, r) {
		ids[c.ID] = true
		if !c.OK {
			t.Errorf("%+v", c)
		}
	}
	if !ids["t3_rowsum_other_processing"] || ids["t3_rowsum_other_other"] {
		t.Errorf("2021 report with one （六） row validated with the wrong rows: %v", ids)
	}
}

func TestSoft(t *testing.T) {
	r := &report.Report{Template: schema.V2021, Active: map[string]report.Value{
		"regulations_issued": report.Number(1, "1", ""), "fees_amount_wan": report.Number(5e6, "5000000", ""),
	}}
	cs := Soft(r, "county")
	if len(cs) != 2 || cs[0].OK || cs[1].OK {
		t.Errorf("%+v", cs)
	}
	if len(Soft(r, "")) != 0 {
		t.Errorf("soft checks without a level")
	}
}

// TestMissingRowsAreNotCheckable: a table 三 that prints neither its 总计
// nor its 结转 row cannot pass the balance identity; it fails as not
// checkable instead of vanishing from the checks.
func TestMissingRowsAreNotCheckable(t *testing.T) {
	r := filled()
	delete(r.Applications, "total_processed")
	delete(r.Applications, "carried_out")
	tmpl, _ := Template(r)
	cs := Checks(tmpl, r)
	if len(cs) != 7+7+23+3 {
		t.Fatalf("%d checks, want every identity reported", len(cs))
	}
	byID := map[string]report.Check{}
	for _, c := range cs {
		byID[c.ID] = c
	}
	for _, id := range []string{"t3_balance_total", "t3_outcomes_natural_person", "t3_rowsum_carried_out"} {
		c := byID[id]
		if c.OK || !strings.Contains(c.Detail, "not checkable") {
			t.Errorf("%s = %+v, want failed as not checkable", id, c)
		}
	}
	if c := byID["t3_rowsum_granted"]; !c.OK {
		t.Errorf("a printed row still checks: %+v", c)
	}
}
