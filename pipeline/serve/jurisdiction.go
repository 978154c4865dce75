package serve

import (
	"database/sql"
	"fmt"
	"net/http"
	"ogi/schema"
)

// ---- jurisdiction ------------------------------------------------------

type reportRow struct {
	ID, Scope, Agency, Title, Status, Reason string
	Year, ChecksFailed                       int
	SourceURL, FinalURL, FetchedAt, SHA256   string
	ContentType, Template, ExtractorVersion  string
	Published, PublishedSource               string
	Selected                                 bool
}

type printedCell struct {
	Ref             string // table/row/col, e.g. applications/granted/total
	Text, Locator   string
	Blank, Fail, OK bool
	Positional      bool
}

type printedTable struct {
	Title   string
	Corner  string // header of the label column
	Columns []string
	Rows    []printedRow
}

type printedRow struct {
	Label string
	Cells []printedCell
}

type checkRow struct {
	ID, Severity, Detail string
	OK                   bool
	Expected, Actual     float64
}

type jurisdictionPage struct {
	Code, Name, Level, Parent, Province string
	ParentName, ProvinceName            string
	Standing                            *standing // ranks and neighbours; nil for other levels
	Reports                             []reportRow
	Selected                            *reportRow
	Charts                              []chart
	Tables                              []printedTable
	FailedChecks                        []checkRow
	ChecksTotal                         int
	Archived                            bool // archived copies are served
}

func (s *Server) handleJurisdiction(w http.ResponseWriter, r *http.Request) {
	code := r.PathValue("code")
	if !validCode(code) {
		// A name: /j/招远市 goes to /j/370685, an ambiguous one lists the
		// choices.
		s.resolveName(w, r, code)
		return
	}
	reportID := r.URL.Query().Get("report")
	if reportID != "" && !idRE.MatchString(reportID) {
		s.fail(w, r, 0, badRequest("bad report id"))
		return
	}
	ctx := r.Context()
	name, level, parent, province, err := s.jurisdictionName(r, code)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	res, err := s.src.Query(ctx, s.sql["jurisdiction_reports"], sql.Named("code", code))
	if err != nil {
		s.failErr(w, r, fmt.Errorf("reports of %s: %w", code, err))
		return
	}
	if name == "" && len(res.Rows) == 0 {
		s.fail(w, r, 0, fmt.Errorf("%w: no jurisdiction %s in the dataset", errNotFound, code))
		return
	}
	p := jurisdictionPage{Code: code, Name: name, Level: level, Parent: parent, Province: province, Archived: s.archive != nil}
	if parent != "" {
		if p.ParentName, _, _, _, err = s.jurisdictionName(r, parent); err != nil {
			s.failErr(w, r, err)
			return
		}
	}
	if province != "" && province != parent {
		if p.ProvinceName, _, _, _, err = s.jurisdictionName(r, province); err != nil {
			s.failErr(w, r, err)
			return
		}
	} else if province == parent {
		p.ProvinceName = p.ParentName
	}
	for _, row := range res.Rows {
		rr := reportRow{ID: str(row[0]), Year: intOf(row[1]), Scope: str(row[2]), Agency: str(row[3]), Title: str(row[4]),
			Status: str(row[5]), Reason: str(row[6]), ChecksFailed: intOf(row[7]), SourceURL: str(row[8]), FinalURL: str(row[9]),
			FetchedAt: str(row[10]), SHA256: str(row[11]), ContentType: str(row[12]), Template: str(row[13]), ExtractorVersion: str(row[14]),
			Published: dateText(row[15]), PublishedSource: str(row[16])}
		p.Reports = append(p.Reports, rr)
	}
	// The selected report: the one asked for, else the latest one read.
	sel := -1
	for i, rr := range p.Reports {
		if reportID != "" && rr.ID == reportID {
			sel = i
		}
	}
	if reportID != "" && sel < 0 {
		s.fail(w, r, 0, fmt.Errorf("%w: no report %s for %s", errNotFound, reportID, code))
		return
	}
	// A government's page shows the government's report first: the
	// reports are ordered by year, then scope, and a department's
	// (淄川区自然资源局) would otherwise stand for the county's figures.
	for pass := 0; pass < 2 && sel < 0; pass++ {
		for i, rr := range p.Reports {
			if rr.Status == "ok" && (pass == 1 || rr.Scope == string(pageScope)) {
				sel = i
				break
			}
		}
	}
	if sel >= 0 {
		p.Reports[sel].Selected = true
		p.Selected = &p.Reports[sel]
		if err := s.printedTables(r, &p); err != nil {
			s.failErr(w, r, err)
			return
		}
	}
	want := 0
	if p.Selected != nil && p.Selected.Scope == string(pageScope) {
		want = p.Selected.Year
	}
	if p.Standing, err = s.standingOf(r, code, level, parent, province, want); err != nil {
		s.failErr(w, r, err)
		return
	}
	if p.Standing != nil {
		p.Standing.ParentName, p.Standing.ProvinceName = p.ParentName, p.ProvinceName
	}
	y, err := s.yearlySums(r, "", "", code, false)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	p.Charts = y.charts("one report per year, unverified figures left out")
	title := name
	if title == "" {
		title = code
	}
	s.render(w, r, "jurisdiction", page{Title: title + " — ogi", Nav: "index", Body: p})
}

type cellKey struct{ table, row, col string }

// printedTables lays the selected report's cells out on its template, as
// printed, and marks the cells of the checks that failed.
func (s *Server) printedTables(r *http.Request, p *jurisdictionPage) error {
	ctx := r.Context()
	id := p.Selected.ID
	res, err := s.src.Query(ctx, s.sql["report_cells"], sql.Named("report", id))
	if err != nil {
		return fmt.Errorf("cells of %s: %w", id, err)
	}
	cells := map[cellKey]printedCell{}
	for _, row := range res.Rows {
		k := cellKey{str(row[0]), str(row[1]), str(row[2])}
		c := printedCell{Text: str(row[4]), Blank: boolean(row[5]), Positional: boolean(row[6]), Locator: str(row[7]), OK: true}
		if v, ok := num(row[3]); ok && c.Text == "" {
			c.Text = fmtNum(v)
		}
		cells[k] = c
	}
	chk, err := s.src.Query(ctx, s.sql["report_checks"], sql.Named("report", id))
	if err != nil {
		return fmt.Errorf("checks of %s: %w", id, err)
	}
	tmpl, ok := schema.Lookup(p.Selected.Template)
	if !ok {
		tmpl = schema.Template2021()
	}
	refs := map[string][]schema.Ref{}
	for _, idn := range tmpl.Identities() {
		refs[idn.ID] = append(append([]schema.Ref(nil), idn.Left...), idn.Right...)
	}
	failed := map[cellKey]bool{}
	p.ChecksTotal = len(chk.Rows)
	for _, row := range chk.Rows {
		c := checkRow{ID: str(row[0]), Severity: str(row[1]), OK: boolean(row[2]), Detail: str(row[5])}
		c.Expected, _ = num(row[3])
		c.Actual, _ = num(row[4])
		if c.OK {
			continue
		}
		p.FailedChecks = append(p.FailedChecks, c)
		for _, ref := range refs[c.ID] {
			failed[cellKey{ref.Table, ref.Row, ref.Col}] = true
		}
	}
	get := func(k cellKey) printedCell {
		c, ok := cells[k]
		if !ok {
			c = printedCell{Blank: true, Text: "", Locator: "not in the report"}
		}
		c.Fail = failed[k]
		c.Ref = k.table + "/" + k.row + "/" + k.col
		return c
	}
	// Table 二.
	t2 := printedTable{Title: "表二 主动公开政府信息情况", Corner: "项目 · 指标", Columns: []string{"数值 Value"}}
	for _, f := range tmpl.Active {
		t2.Rows = append(t2.Rows, printedRow{Label: f.Row + " · " + f.Column, Cells: []printedCell{get(cellKey{schema.TableActive, f.Key, ""})}})
	}
	// Table 三.
	t3 := printedTable{Title: "表三 收到和处理政府信息公开申请情况"}
	for _, c := range tmpl.ApplicationColumns {
		t3.Columns = append(t3.Columns, c.Label)
	}
	groupLabel := map[string]string{}
	for _, g := range tmpl.ApplicationGroups {
		groupLabel[g.Key] = g.Label
	}
	for _, row := range tmpl.ApplicationRows {
		label := row.Label
		if row.Group != "" {
			label = groupLabel[row.Group] + " " + label
		}
		pr := printedRow{Label: label}
		for _, c := range tmpl.ApplicationColumns {
			pr.Cells = append(pr.Cells, get(cellKey{schema.TableApplications, row.Key, c.Key}))
		}
		t3.Rows = append(t3.Rows, pr)
	}
	// Table 四.
	t4 := printedTable{Title: "表四 政府信息公开行政复议、行政诉讼情况"}
	for _, f := range tmpl.ReviewFields {
		t4.Columns = append(t4.Columns, f.Label)
	}
	for _, g := range tmpl.ReviewGroups {
		pr := printedRow{Label: g.Label}
		for _, f := range tmpl.ReviewFields {
			pr.Cells = append(pr.Cells, get(cellKey{schema.TableReview, schema.ReviewKey(g.Key, f.Key), ""}))
		}
		t4.Rows = append(t4.Rows, pr)
	}
	p.Tables = []printedTable{t2, t3, t4}
	return nil
}
