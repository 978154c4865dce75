package serve

import (
	"context"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"ogi/pipeline/dataset"
	"ogi/pipeline/query"
)

type crawlLog []dataset.Fetch

func (crawlLog) Inputs(context.Context) ([]dataset.Input, error)    { return nil, nil }
func (c crawlLog) Fetches(context.Context) ([]dataset.Fetch, error) { return c, nil }

// TestProvinceNotDue: the fixture with 烟台市's portals crawled on 1 June
// 2024; for 2030, whose reports are due on 31 March 2031, a county
// without a report is 未到期, not 未公开, and says why.
func TestProvinceNotDue(t *testing.T) {
	dir := t.TempDir()
	at := time.Date(2024, 6, 1, 8, 0, 0, 0, time.UTC)
	var log crawlLog
	for _, j := range append([]dataset.Jurisdiction{fixPrefecture}, fixCounties...) {
		log = append(log, dataset.Fetch{URL: "http://www.d" + j.Code + ".gov.cn/list.html", Status: 200, FetchedAt: at, Kind: "list", PortalCode: j.Code})
	}
	j := append([]dataset.Jurisdiction{fixProvince, fixPrefecture}, fixCounties...)
	if _, err := dataset.Build(context.Background(), dataset.Options{DataDir: dir, Prepared: fixturePrepared(t), Jurisdictions: j, Archive: log}); err != nil {
		t.Fatal(err)
	}
	db, err := query.OpenWith(context.Background(), dir, query.Options{ScratchDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	s, err := New(db, Options{Logger: slog.New(slog.NewTextHandler(testLog{t}, nil))})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	f := &fixture{db: db, srv: srv, dir: dir}

	body := f.page(t, "/province/370000?year=2030")
	row := between(body, `<tr data-code="370687"`, "</tr>")
	if !strings.Contains(row, `class="cov-not_due"`) || !strings.Contains(row, ">未到期<") ||
		!strings.Contains(row, "截至抓取时（2024-06-01）尚未过公开期限（2031-03-31）") {
		t.Errorf("海阳市 in 2030: %s", row)
	}
	if strings.Contains(between(body, `<table class="sortable compact" id="counties">`, "<tfoot>"), "未公开") {
		t.Errorf("a county is 未公开 in 2030")
	}
	if !strings.Contains(body, `value="not_due"`) {
		t.Errorf("no not_due in the status menu")
	}
	body = f.page(t, "/province/370000?year=2030&status=not_due")
	if rows := between(body, `<table class="sortable compact" id="counties">`, "<tfoot>"); strings.Count(rows, "<tr data-code=") != 5 {
		t.Errorf("status=not_due rows:\n%s", rows)
	}
}
