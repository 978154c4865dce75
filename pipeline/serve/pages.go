package serve

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strings"

	"ogi/data"
	"ogi/pipeline/query"
)

var funcs = template.FuncMap{
	"num": fmtNum,
	"metricNames": func() []string {
		var out []string
		for _, m := range query.Metrics() {
			out = append(out, m.Name)
		}
		return out
	},
	"pct":    fmtPct,
	"tables": Tables,
	// dl and cmp build download links; q is a query string this package
	// encoded from validated parameters.
	"dl": func(table, format, q string) template.URL {
		u := "/download/" + url.PathEscape(table) + "." + format
		if q != "" {
			u += "?" + q
		}
		return template.URL(u)
	},
	"cmp": func(metric, format, q string) template.URL {
		u := "/compare/" + url.PathEscape(metric) + "." + format
		if q != "" {
			u += "?" + q
		}
		return template.URL(u)
	},
	// rowArgs passes a table row and its page to the countyrow template.
	"rowArgs": func(p provincePage, r countyRow) rowArgs { return rowArgs{Page: p, Row: r} },
}

type rowArgs struct {
	Page provincePage
	Row  countyRow
}

// parsePages parses each page of web/templates with the shared layout.
func parsePages() (map[string]*template.Template, error) {
	layout, err := template.New("layout.html").Funcs(funcs).ParseFS(data.Web, "web/templates/layout.html", "web/partials/*.html")
	if err != nil {
		return nil, fmt.Errorf("serve: layout template: %w", err)
	}
	names, err := fs.Glob(data.Web, "web/templates/*.html")
	if err != nil {
		return nil, fmt.Errorf("serve: templates: %w", err)
	}
	pages := make(map[string]*template.Template)
	for _, n := range names {
		base := path.Base(n)
		if base == "layout.html" {
			continue
		}
		t, err := template.Must(layout.Clone()).ParseFS(data.Web, n)
		if err != nil {
			return nil, fmt.Errorf("serve: template %s: %w", base, err)
		}
		pages[strings.TrimSuffix(base, ".html")] = t
	}
	return pages, nil
}

// page is what every template receives.
type page struct {
	Title string
	Nav   string // "index", "quality"
	Body  any
}

// render executes a page into a buffer first, so that a template error is
// a clean 500 rather than half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, name string, p page) {
	s.renderCode(w, r, http.StatusOK, name, p)
}

// renderCode renders a page with another status than 200.
func (s *Server) renderCode(w http.ResponseWriter, r *http.Request, code int, name string, p page) {
	body, err := s.renderBytes(name, p)
	if err != nil {
		s.fail(w, r, http.StatusInternalServerError, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	w.Write(body)
}

// renderBytes executes a page with the layout.
func (s *Server) renderBytes(name string, p page) ([]byte, error) {
	t, ok := s.pages[name]
	if !ok {
		return nil, fmt.Errorf("no template %q", name)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout.html", p); err != nil {
		return nil, fmt.Errorf("render %s: %w", name, err)
	}
	return buf.Bytes(), nil
}

// errBadRequest marks an error caused by the request's parameters.
var errBadRequest = errors.New("bad request")

func badRequest(format string, args ...any) error {
	return fmt.Errorf("%w: %s", errBadRequest, fmt.Sprintf(format, args...))
}

var errNotFound = errors.New("not found")

// fail writes an error page; the detail of server errors goes to the log,
// not to the client.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, code int, err error) {
	msg := http.StatusText(code)
	switch {
	case errors.Is(err, errBadRequest):
		code, msg = http.StatusBadRequest, err.Error()
	case errors.Is(err, errNotFound):
		code, msg = http.StatusNotFound, err.Error()
	default:
		s.log.Error("dashboard request failed", "path", r.URL.Path, "err", err)
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	fmt.Fprintln(w, msg)
}

func (s *Server) failErr(w http.ResponseWriter, r *http.Request, err error) {
	s.fail(w, r, http.StatusInternalServerError, err)
}

// ---- index -------------------------------------------------------------

type provinceSummary struct {
	Code, Name             string
	Jurisdictions, Reports int
	OK, Failed, Skipped    int
	FirstYear, LastYear    int
}

func (s *Server) handleIndex(w http.ResponseWriter, r *http.Request) {
	res, err := s.src.Query(r.Context(), s.sql["index"])
	if err != nil {
		s.failErr(w, r, fmt.Errorf("provinces: %w", err))
		return
	}
	var list []provinceSummary
	for _, row := range res.Rows {
		p := provinceSummary{Code: str(row[0]), Name: str(row[1])}
		p.Jurisdictions, p.Reports = intOf(row[2]), intOf(row[3])
		p.OK, p.Failed, p.Skipped = intOf(row[4]), intOf(row[5]), intOf(row[6])
		p.FirstYear, p.LastYear = intOf(row[7]), intOf(row[8])
		list = append(list, p)
	}
	s.render(w, r, "index", page{Title: "ogi 政府信息公开年报", Nav: "index", Body: list})
}

func intOf(v any) int {
	f, _ := num(v)
	return int(f)
}
