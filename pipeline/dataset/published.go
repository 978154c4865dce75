package dataset

import (
	"bytes"
	"io"
	"os"
	"strings"
	"time"

	"ogi/internal/pubdate"
	"ogi/pipeline/decode"
)

// datePublished gives every report version its publication date and the
// source of it, best first (package pubdate): the date its page states
// (an attachment's: the page that links it), a day in its URL (or its
// page's), the list page's date beside its link (or its page's), a month
// in a URL, and as a last resort the first time the crawler fetched this
// source, which is no evidence of the publication date. A local file has
// only the date its own page states.
func datePublished(items []*item) {
	// The pages by URL (any version: the page's date does not change with
	// an edit; the newest version with a date wins).
	pages := map[string]*item{}
	first := map[string]time.Time{}
	for _, it := range items {
		if p, ok := pages[it.source]; !ok || betterPage(it, p) {
			pages[it.source] = it
		}
		if f, ok := first[it.source]; !it.fetchedAt.IsZero() && (!ok || it.fetchedAt.Before(f)) {
			first[it.source] = it.fetchedAt
		}
	}
	for _, it := range items {
		var parent *item
		if it.parent != "" {
			parent = pages[it.parent]
		}
		it.published, it.publishedSource = publication(it, parent, first[it.source])
	}
}

// betterPage prefers a version with a page date, then the newest.
func betterPage(a, b *item) bool {
	if a.pageDate.IsZero() != b.pageDate.IsZero() {
		return !a.pageDate.IsZero()
	}
	return a.fetchedAt.After(b.fetchedAt) || a.fetchedAt.Equal(b.fetchedAt) && a.sha > b.sha
}

// publication picks the date of one version; parent is the page of an
// attachment (nil for a page).
func publication(it, parent *item, firstFetched time.Time) (time.Time, pubdate.Source) {
	if !it.pageDate.IsZero() {
		return it.pageDate, pubdate.SourcePage
	}
	if parent != nil && !parent.pageDate.IsZero() {
		return parent.pageDate, pubdate.SourcePage
	}
	urls := []string{it.source, it.finalURL}
	if parent != nil {
		urls = append(urls, parent.source, parent.finalURL)
	} else if it.parent != "" {
		urls = append(urls, it.parent)
	}
	var month time.Time
	for _, u := range urls {
		if u == "" {
			continue
		}
		if t, src, ok := pubdate.URL(u); ok {
			if src == pubdate.SourceURL {
				return t, src
			}
			if month.IsZero() {
				month = t
			}
		}
	}
	if !it.listDate.IsZero() {
		return it.listDate, pubdate.SourceList
	}
	if parent != nil && !parent.listDate.IsZero() {
		return parent.listDate, pubdate.SourceList
	}
	if !month.IsZero() {
		return month, pubdate.SourceURLMonth
	}
	if !firstFetched.IsZero() {
		return firstFetched, pubdate.SourceArchive
	}
	return time.Time{}, ""
}

// pageDateFile is the sidecar of a cached report that holds the date its
// page states ("" when none): read from the payload once, kept beside the
// report so a later build needs neither the payload nor an extraction.
func pageDateFile(cachePath string) string { return strings.TrimSuffix(cachePath, ".gob") + ".pub" }

// readPageDate reads a sidecar: the date, and whether there was one.
func readPageDate(path string) (time.Time, bool) {
	b, err := os.ReadFile(path)
	if err != nil {
		return time.Time{}, false
	}
	s := strings.TrimSpace(string(b))
	if s == "-" {
		return time.Time{}, true
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, false // damaged: read from the payload again
	}
	return t, true
}

// writePageDate writes a sidecar ("-" for no date), through a temporary
// file so a reader never sees half of it.
func writePageDate(path string, t time.Time) error {
	s := "-"
	if !t.IsZero() {
		s = t.Format(time.DateOnly)
	}
	return replaceFile(path, false, func(w io.Writer) error {
		_, err := io.WriteString(w, s+"\n")
		return err
	})
}

// pageDateOf reads the date a page states about itself from its payload;
// payloads that are not web pages or text have none.
func pageDateOf(payload []byte, in Input) time.Time {
	if !looksLikePage(payload, in) {
		return time.Time{}
	}
	text, _ := decode.Bytes(payload, in.ContentType)
	t, _ := pubdate.Page(text)
	return t
}

// looksLikePage tells HTML and text payloads from documents (PDF, DOCX,
// DOC, images).
func looksLikePage(payload []byte, in Input) bool {
	ct := strings.ToLower(in.ContentType)
	switch {
	case strings.Contains(ct, "html"), strings.HasPrefix(ct, "text/"):
		return true
	case ct != "" && !strings.Contains(ct, "octet-stream"):
		return false
	}
	head := bytes.TrimLeft(payload[:min(len(payload), 512)], " \t\r\n\ufeff")
	return bytes.HasPrefix(head, []byte("<")) || bytes.HasPrefix(head, []byte("\xef\xbb\xbf<"))
}
