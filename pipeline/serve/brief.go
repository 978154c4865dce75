package serve

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"ogi/pipeline/brief"
)

type briefPage struct {
	Code, Query string
	Year        int
	HTML        template.HTML // written by package brief with html/template
}

// handleBrief serves the briefing of a province (or of one prefecture,
// ?parent=) for a year: /brief/370000 as a page of the dashboard,
// /brief/370000.docx|.md|.html as a download. Links to reports point at
// this dashboard's archived copies.
func (s *Server) handleBrief(w http.ResponseWriter, r *http.Request) {
	code, format, _ := strings.Cut(r.PathValue("file"), ".")
	if !validCode(code) {
		s.fail(w, r, 0, badRequest("bad province code %q", code))
		return
	}
	if format != "" && format != "docx" && format != "md" && format != "html" {
		s.fail(w, r, 0, badRequest("a briefing downloads as .docx, .md or .html"))
		return
	}
	f, err := parseDownloadFilter(r)
	if err != nil {
		s.fail(w, r, 0, err)
		return
	}
	year := f.Year
	if year == 0 {
		if year, err = s.latestYear(r, code); err != nil {
			s.fail(w, r, 0, err)
			return
		}
	}
	b, err := brief.Gather(r.Context(), s.src, brief.Options{Province: code, Parent: f.Parent, Year: year})
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	name := fmt.Sprintf("brief_%s_%d", code, year)
	if f.Parent != "" {
		name = fmt.Sprintf("brief_%s_%d", f.Parent, year)
	}
	if format != "" {
		var buf bytes.Buffer
		if err := brief.Write(&buf, b, format); err != nil {
			s.failErr(w, r, err)
			return
		}
		ctype := map[string]string{"md": "text/markdown; charset=utf-8", "html": "text/html; charset=utf-8",
			"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}[format]
		setAttachment(w, ctype, name+"."+format)
		w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
		w.Write(buf.Bytes())
		return
	}
	frag, err := brief.HTML(b)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	q := "year=" + strconv.Itoa(year)
	if f.Parent != "" {
		q += "&parent=" + f.Parent
	}
	s.render(w, r, "brief", page{Title: b.Area + " " + strconv.Itoa(year) + " 通报 — ogi", Nav: "index",
		Body: briefPage{Code: code, Year: year, Query: q, HTML: frag}})
}
