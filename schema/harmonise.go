package schema

// ActiveKey says how one table 二 key of a template compares with the
// other template: data-dictionary.md keeps the 2019 and 2021 keys apart
// because their concepts differ; only the three *_decisions keys count
// the same thing in both.
type ActiveKey struct {
	Template string
	Key      string
	// Unit is the unit of an amount: 万元 when the template prints the
	// unit in the column header, "printed" when the report prints it
	// beside the number (report.ActiveUnits), "" for counts.
	Unit string
	// ComparableKey is the key under which the value compares across
	// templates; "" when it has no counterpart.
	ComparableKey string
	// Note says why a key does not map.
	Note string
}

// UnitPrinted marks an amount whose unit is printed beside it.
const UnitPrinted = "printed"

// activeNotes are the reasons keys do not map across the templates.
var activeNotes = map[string]string{
	// 2021 template.
	"regulations_issued":      "本年制发件数 (issued this year); the 2019 template counts 本年新制作 (regulations_made) and 本年新公开 (regulations_published) instead",
	"regulations_repealed":    "本年废止件数; the 2019 template has no repeal count",
	"regulations_in_force":    "现行有效件数 (in force); the 2019 regulations_total_public counts 对外公开总数 (all ever published), not those in force",
	"normative_docs_issued":   "本年制发件数 (issued this year); the 2019 template counts 本年新制作 (normative_docs_made) and 本年新公开 (normative_docs_published) instead",
	"normative_docs_repealed": "本年废止件数; the 2019 template has no repeal count",
	"normative_docs_in_force": "现行有效件数 (in force); the 2019 normative_docs_total_public counts 对外公开总数 (all ever published), not those in force",
	"fees_amount_wan":         "本年收费金额 in 万元; the 2019 template counts fee items (fees_prev_items, fees_change), not amounts",
	// 2019 template.
	"regulations_made":            "本年新制作数量; the 2021 template counts 本年制发 (regulations_issued)",
	"regulations_published":       "本年新公开数量; no 2021 counterpart",
	"regulations_total_public":    "对外公开总数量 (all ever published); the 2021 regulations_in_force counts those in force",
	"normative_docs_made":         "本年新制作数量; the 2021 template counts 本年制发 (normative_docs_issued)",
	"normative_docs_published":    "本年新公开数量; no 2021 counterpart",
	"normative_docs_total_public": "对外公开总数量 (all ever published); the 2021 normative_docs_in_force counts those in force",
	"licensing_prev_items":        "上一年项目数量 counts licensing items (事项), which the 2021 template does not report",
	"licensing_change":            "本年增/减 of licensing items (事项); no 2021 counterpart",
	"other_mgmt_prev_items":       "其他对外管理服务事项: no such row in the 2021 template",
	"other_mgmt_change":           "其他对外管理服务事项: no such row in the 2021 template",
	"other_mgmt_decisions":        "其他对外管理服务事项: no such row in the 2021 template",
	"penalty_prev_items":          "上一年项目数量 counts penalty items (事项), which the 2021 template does not report",
	"penalty_change":              "本年增/减 of penalty items (事项); no 2021 counterpart",
	"coercion_prev_items":         "上一年项目数量 counts coercion items (事项), which the 2021 template does not report",
	"coercion_change":             "本年增/减 of coercion items (事项); no 2021 counterpart",
	"fees_prev_items":             "上一年项目数量 of fee items; the 2021 template reports the amount collected (fees_amount_wan)",
	"fees_change":                 "本年增/减 of fee items; the 2021 template reports the amount collected (fees_amount_wan)",
	"procurement_items":           "政府集中采购: no such row in the 2021 template",
	"procurement_amount":          "政府集中采购: no such row in the 2021 template",
}

// comparableAcross are the table 二 keys that count the same thing in
// both templates (data-dictionary.md: "Only the three *_decisions keys
// compare across the two templates").
var comparableAcross = map[string]bool{
	"licensing_decisions": true, "penalty_decisions": true, "coercion_decisions": true,
}

// ActiveKeys lists the table 二 keys of every template, newest template
// first, in printed order, with their units and how they map.
func ActiveKeys() []ActiveKey {
	var out []ActiveKey
	for _, t := range Templates() {
		for _, f := range t.Active {
			k := ActiveKey{Template: t.ID, Key: f.Key}
			switch {
			case f.Unit:
				k.Unit = UnitPrinted
			case f.Key == "fees_amount_wan":
				k.Unit = "万元"
			}
			if comparableAcross[f.Key] {
				k.ComparableKey = f.Key
			} else {
				k.Note = activeNotes[f.Key]
			}
			out = append(out, k)
		}
	}
	return out
}
