package serve

import (
	"database/sql"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"
)

// ---- search ------------------------------------------------------------

type searchHit struct {
	Code, Name, Level, Parent, ParentName, Province string
	Reports                                         bool
}

type searchPage struct {
	Q    string
	Hits []searchHit
	// Exact: the hits are the jurisdictions of exactly that name (an
	// ambiguous name such as 朝阳区 or 鼓楼区).
	Exact bool
}

// maxSearch bounds what a search may be.
const maxSearch = 64

// search finds the jurisdictions matching q.
func (s *Server) search(r *http.Request, q string) ([]searchHit, bool, error) {
	res, err := s.src.Query(r.Context(), s.sql["search"], sql.Named("q", q))
	if err != nil {
		return nil, false, fmt.Errorf("search: %w", err)
	}
	var hits, exact []searchHit
	for _, row := range res.Rows {
		h := searchHit{Code: str(row[0]), Name: str(row[1]), Level: str(row[2]), Parent: str(row[3]), ParentName: str(row[4]),
			Province: str(row[5]), Reports: boolean(row[6])}
		hits = append(hits, h)
		if intOf(row[7]) == 0 {
			exact = append(exact, h)
		}
	}
	if len(exact) > 0 {
		return exact, true, nil
	}
	return hits, false, nil
}

// target is the page of a jurisdiction: a province's overview, or the
// jurisdiction page.
func (h searchHit) target() string {
	if h.Level == "province" {
		return "/province/" + h.Code
	}
	return "/j/" + h.Code
}

// handleSearch finds a jurisdiction by code or name: one match goes
// straight to its page; several (an ambiguous name, or a part of a name)
// are listed with their parents.
func (s *Server) handleSearch(w http.ResponseWriter, r *http.Request) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if q == "" || !utf8.ValidString(q) || utf8.RuneCountInString(q) > maxSearch {
		s.fail(w, r, 0, badRequest("search for a name or code of at most %d characters", maxSearch))
		return
	}
	hits, exact, err := s.search(r, q)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	if len(hits) == 1 {
		http.Redirect(w, r, hits[0].target(), http.StatusFound)
		return
	}
	s.render(w, r, "search", page{Title: q + " — ogi", Body: searchPage{Q: q, Hits: hits, Exact: exact}})
}

// resolveName sends a jurisdiction page asked for by name (/j/招远市) to
// the page of its code, or lists the choices of an ambiguous or unknown
// name. It reports whether it answered.
func (s *Server) resolveName(w http.ResponseWriter, r *http.Request, name string) {
	if !utf8.ValidString(name) || utf8.RuneCountInString(name) > maxSearch || strings.ContainsAny(name, "/?#") {
		s.fail(w, r, 0, badRequest("bad jurisdiction %q", name))
		return
	}
	hits, exact, err := s.search(r, name)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	if exact && len(hits) == 1 {
		u := hits[0].target()
		if r.URL.RawQuery != "" {
			u += "?" + r.URL.RawQuery
		}
		http.Redirect(w, r, u, http.StatusFound)
		return
	}
	if len(hits) == 0 {
		s.fail(w, r, 0, fmt.Errorf("%w: no jurisdiction named %q (search: /search?q=%s)", errNotFound, name, url.QueryEscape(name)))
		return
	}
	s.renderCode(w, r, http.StatusMultipleChoices, "search", page{Title: name + " — ogi", Body: searchPage{Q: name, Hits: hits, Exact: exact}})
}
