package serve

import (
	"database/sql"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
)

// ---- quality -----------------------------------------------------------

type qualityRow struct {
	ID, Code, Name, Agency, Status, Reason, Detail, Checks, Source, Title string
	Year, ChecksFailed                                                    int
}

type fetchRow struct {
	URL, Error, FetchedAt string
	Status                int
}

type reasonCount struct {
	Status, Reason string
	N              int
}

type qualityPage struct {
	Province  string
	Year      int
	Failed    []qualityRow
	NotRead   []qualityRow
	Reasons   []reasonCount
	Fetches   []fetchRow
	Truncated bool
	Query     string
}

// qualityLimit bounds each list of the quality page.
const qualityLimit = 1000

func (s *Server) handleQuality(w http.ResponseWriter, r *http.Request) {
	province := r.URL.Query().Get("province")
	if province != "" && !validCode(province) {
		s.fail(w, r, 0, badRequest("bad province code %q", province))
		return
	}
	year, err := parseYear(r.URL.Query().Get("year"))
	if err != nil {
		s.fail(w, r, 0, badRequest("%v", err))
		return
	}
	ctx := r.Context()
	p := qualityPage{Province: province, Year: year}
	q := url.Values{}
	if province != "" {
		q.Set("province", province)
	}
	if year != 0 {
		q.Set("year", strconv.Itoa(year))
	}
	p.Query = q.Encode()
	args := []any{sql.Named("province", province), sql.Named("year", year)}
	limit := sql.Named("limit", qualityLimit+1)
	res, err := s.src.Query(ctx, s.sql["quality_failed"], append(args, limit)...)
	if err != nil {
		s.failErr(w, r, fmt.Errorf("reports with failed checks: %w", err))
		return
	}
	for _, row := range res.Rows {
		p.Failed = append(p.Failed, qualityRow{ID: str(row[0]), Code: str(row[1]), Name: str(row[2]), Year: intOf(row[3]),
			Agency: str(row[4]), ChecksFailed: intOf(row[5]), Source: str(row[6]), Checks: str(row[7])})
	}
	res, err = s.src.Query(ctx, s.sql["quality_unread"], append(args, limit)...)
	if err != nil {
		s.failErr(w, r, fmt.Errorf("reports not read: %w", err))
		return
	}
	for _, row := range res.Rows {
		p.NotRead = append(p.NotRead, qualityRow{ID: str(row[0]), Code: str(row[1]), Name: str(row[2]), Year: intOf(row[3]),
			Agency: str(row[4]), Status: str(row[5]), Reason: str(row[6]), Source: str(row[7]), Title: str(row[8]), Detail: str(row[9])})
	}
	res, err = s.src.Query(ctx, s.sql["quality_reasons"], args...)
	if err != nil {
		s.failErr(w, r, fmt.Errorf("report reasons: %w", err))
		return
	}
	for _, row := range res.Rows {
		p.Reasons = append(p.Reasons, reasonCount{Status: str(row[0]), Reason: str(row[1]), N: intOf(row[2])})
	}
	if province == "" && year == 0 {
		res, err = s.src.Query(ctx, s.sql["quality_fetches"], limit)
		if err != nil {
			s.failErr(w, r, fmt.Errorf("failed fetches: %w", err))
			return
		}
		for _, row := range res.Rows {
			p.Fetches = append(p.Fetches, fetchRow{URL: str(row[0]), Status: intOf(row[1]), Error: str(row[2]), FetchedAt: str(row[3])})
		}
	}
	if len(p.Failed) > qualityLimit || len(p.NotRead) > qualityLimit || len(p.Fetches) > qualityLimit {
		p.Truncated = true
		p.Failed = p.Failed[:min(len(p.Failed), qualityLimit)]
		p.NotRead = p.NotRead[:min(len(p.NotRead), qualityLimit)]
		p.Fetches = p.Fetches[:min(len(p.Fetches), qualityLimit)]
	}
	s.render(w, r, "quality", page{Title: "数据质量 Data quality — ogi", Nav: "quality", Body: p})
}
