package schema

// Ref names one cell: a table 三 cell (Row, Col), a table 四 cell (Row is
// the flat key, Col empty) or a table 二 cell (Row is the key).
type Ref struct {
	Table string
	Row   string
	Col   string
}

// Identity is an arithmetic rule: the sum of Left equals the sum of Right.
// Identities are data: the validator evaluates them, it does not know them.
type Identity struct {
	ID       string // stable check id, e.g. "t3_balance_total"
	Severity string // Hard or Soft
	Left     []Ref
	Right    []Ref
	Doc      string // what the rule says, for people
}

// Identities returns the hard identities of report-format.md §1.7 for the
// template, with the check ids of data-dictionary.md, in a stable order:
// balance per column, outcomes per column, row sums per row, table 四 sums.
func (t *Template) Identities() []Identity {
	var ids []Identity
	app := func(row, col string) Ref { return Ref{Table: TableApplications, Row: row, Col: col} }
	for _, c := range t.ApplicationColumns {
		ids = append(ids, Identity{
			ID: "t3_balance_" + c.Key, Severity: Hard,
			Left:  []Ref{app("new_received", c.Key), app("carried_in", c.Key)},
			Right: []Ref{app("total_processed", c.Key), app("carried_out", c.Key)},
			Doc:   "new_received + carried_in = total_processed + carried_out (" + c.Label + ")",
		})
	}
	for _, c := range t.ApplicationColumns {
		var outcomes []Ref
		for _, r := range t.ApplicationRows {
			if r.Outcome {
				outcomes = append(outcomes, app(r.Key, c.Key))
			}
		}
		ids = append(ids, Identity{
			ID: "t3_outcomes_" + c.Key, Severity: Hard,
			Left:  []Ref{app("total_processed", c.Key)},
			Right: outcomes,
			Doc:   "total_processed = the sum of the outcome rows (" + c.Label + ")",
		})
	}
	applicants := t.ApplicationColumns[:len(t.ApplicationColumns)-1]
	total := t.ApplicationColumns[len(t.ApplicationColumns)-1]
	for _, r := range t.ApplicationRows {
		var parts []Ref
		for _, c := range applicants {
			parts = append(parts, app(r.Key, c.Key))
		}
		ids = append(ids, Identity{
			ID: "t3_rowsum_" + r.Key, Severity: Hard,
			Left:  []Ref{app(r.Key, total.Key)},
			Right: parts,
			Doc:   "total = the six applicant columns (" + r.Label + ")",
		})
	}
	for _, g := range t.ReviewGroups {
		var parts []Ref
		for _, f := range t.ReviewFields {
			if f.Key != "total" {
				parts = append(parts, Ref{Table: TableReview, Row: ReviewKey(g.Key, f.Key)})
			}
		}
		ids = append(ids, Identity{
			ID: "t4_sum_" + g.Key, Severity: Hard,
			Left:  []Ref{{Table: TableReview, Row: ReviewKey(g.Key, "total")}},
			Right: parts,
			Doc:   "upheld + corrected + other + pending = total (" + g.Label + ")",
		})
	}
	return ids
}

// Soft check ids (warnings), evaluated with context the report alone does
// not have (previous year, jurisdiction level).
const (
	CheckCarryOverPrevYear = "carry_over_prev_year"
	CheckT2InForceBalance  = "t2_in_force_balance"
	CheckCountyRegulations = "county_regulations"
	CheckFeeUnit           = "fee_unit"
)
