package meta

import (
	"testing"

	"ogi/data"
)

// TestIdentifyEveryDivision titles a report after every division of the
// table: a name that no other division shares resolves on its own; every
// name resolves when the title carries its province and prefecture.
func TestIdentifyEveryDivision(t *testing.T) {
	ds, err := data.Divisions()
	if err != nil {
		t.Fatal(err)
	}
	id, err := NewIdentifier()
	if err != nil {
		t.Fatal(err)
	}
	byCode := map[string]data.Division{}
	for _, d := range ds {
		byCode[d.Code] = d
	}
	failures := 0
	for _, d := range ds {
		if d.Kind != data.KindAdmin {
			continue
		}
		const suffix = "人民政府2023年政府信息公开工作年度报告"
		unique := len(id.ix.names[d.Name]) == 1
		j := id.Identify(d.Name+suffix, "")
		if unique && (j.DivisionCode != d.Code || j.Agency != d.Name+"人民政府" || j.Level != d.Level) {
			t.Errorf("%s %s alone: got %+v", d.Code, d.Name, j)
			failures++
		}
		if !unique && j.DivisionCode != "" && j.DivisionCode != d.Code {
			// Another division of the same name is fine only if it is the
			// one the name means on its own (a unique one shadows nothing).
			t.Errorf("%s %s is shared but resolved to %s", d.Code, d.Name, j.DivisionCode)
			failures++
		}
		if unique {
			for _, dept := range []string{"农业农村局", "人民政府办公室", "城关镇人民政府"} {
				j := id.Identify(d.Name+dept+"2023年度政府信息公开工作年度报告", "")
				if j.DivisionCode != d.Code || j.Agency != d.Name+dept {
					t.Errorf("%s %s%s: got %+v", d.Code, d.Name, dept, j)
					failures++
				}
			}
		}
		full := d.Name
		for p := d.ParentCode; p != ""; p = byCode[p].ParentCode {
			full = byCode[p].Name + full
		}
		if j := id.Identify(full+suffix, ""); j.DivisionCode != d.Code || j.ProvinceCode != d.ProvinceCode || j.Scope != ScopeGovAggregate {
			t.Errorf("%s %s as %s: got %+v", d.Code, d.Name, full, j)
			failures++
		}
		if failures > 20 {
			t.Fatal("too many failures")
		}
	}
}
