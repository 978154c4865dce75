// Package extract turns one input (a web page, a text rendering, a PDF or
// a Word attachment) into a report.Report: it sniffs the kind, decodes the
// text, reads it into a doc.Document, maps the tables onto the national
// template, validates them and identifies the publisher.
//
// Bad content never makes an error: it gives a report with status failed
// (or skipped) and a reason code. Errors are for I/O failures only.
package extract

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"path"
	"runtime/debug"
	"strings"

	"ogi/pipeline/decode"
	"ogi/pipeline/doc"
	"ogi/pipeline/htmlreader"
	"ogi/pipeline/mapper"
	"ogi/pipeline/meta"
	"ogi/pipeline/report"
	"ogi/pipeline/textreader"
	"ogi/pipeline/validate"
)

// Version is the extractor version written into every report; it changes
// whenever the output for the same input may change.
const Version = "1.17.0"

// MaxInput is the largest input read; a larger one fails with TOO_LARGE.
const MaxInput = 64 << 20

// MaxPage is the largest web page or text rendering read: real report
// pages are well under 2 MiB, and parsing costs memory in proportion.
const MaxPage = 16 << 20

// Meta describes an input.
type Meta struct {
	Source      string // path or URL, copied into the report
	ContentType string // HTTP Content-Type header, optional
	Name        string // file name, for sniffing (.wps, .txt …)
}

// Kinds of input.
const (
	KindHTML = "html"
	KindText = "text"
	KindPDF  = "pdf"
	KindDOCX = "docx"
	KindDOC  = "doc"
	KindWPS  = "wps"
)

// Report extracts one report from r.
func Report(ctx context.Context, r io.Reader, m Meta) (report.Report, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxInput+1))
	if err != nil {
		return report.Report{}, fmt.Errorf("read %s: %w", m.Source, err)
	}
	sum := sha256.Sum256(data)
	rep := report.Report{Source: m.Source, SHA256: hex.EncodeToString(sum[:]), ExtractorVersion: Version}
	if len(data) > MaxInput {
		return failed(rep, report.ReasonTooLarge, fmt.Sprintf("input larger than %d MiB", MaxInput>>20)), nil
	}
	return Bytes(ctx, data, m, rep), nil
}

// Bytes extracts a report from data already in memory; rep carries the
// fields set by the caller (Source, SHA256, ExtractorVersion).
func Bytes(ctx context.Context, data []byte, m Meta, rep report.Report) (out report.Report) {
	defer func() {
		if p := recover(); p != nil {
			out = failed(rep, report.ReasonUnreadable, fmt.Sprintf("internal error: %v", p))
			out.Detail += " " + firstLines(string(debug.Stack()), 8)
		}
	}()
	if rep.ExtractorVersion == "" {
		rep.ExtractorVersion = Version
	}
	kind := Sniff(data, m)
	rep.ContentType = kind
	if len(bytes.TrimSpace(data)) == 0 {
		return failed(rep, report.ReasonUnreadable, "empty input")
	}
	var d doc.Document
	if (kind == KindHTML || kind == KindText) && len(data) > MaxPage {
		return failed(rep, report.ReasonTooLarge, fmt.Sprintf("%s input of %d bytes is larger than %d MiB", kind, len(data), MaxPage>>20))
	}
	switch kind {
	case KindPDF, KindDOCX, KindDOC, KindWPS:
		var err error
		d, err = readAttachment(ctx, kind, data)
		if err != nil {
			var re *ReadError
			if errors.As(err, &re) {
				return failed(rep, re.Reason, re.Error())
			}
			return failed(rep, report.ReasonUnreadable, err.Error())
		}
	case KindHTML:
		// The reader copies what it keeps: the page is read in place.
		text, _ := decode.View(data, m.ContentType)
		text = decode.UnescapeJSMarkup(text)
		var err error
		d, err = htmlreader.ReadString(text)
		if err != nil {
			if errors.Is(err, htmlreader.ErrTooLarge) {
				return failed(rep, report.ReasonTooLarge, err.Error())
			}
			return failed(rep, report.ReasonUnreadable, err.Error())
		}
	default:
		text, _ := decode.Bytes(data, m.ContentType)
		if binary(text) {
			return failed(rep, report.ReasonUnsupported, "binary data, not a known document format")
		}
		md, mixed, err := readMixed(text)
		switch {
		case err != nil && errors.Is(err, htmlreader.ErrTooLarge):
			return failed(rep, report.ReasonTooLarge, err.Error())
		case err != nil:
			return failed(rep, report.ReasonUnreadable, err.Error())
		case mixed:
			d = md
		default:
			d = textreader.Read(text)
		}
	}
	return fromDocument(d, rep)
}

// Document maps and validates a document already read.
func Document(d doc.Document, rep report.Report) report.Report {
	if rep.ExtractorVersion == "" {
		rep.ExtractorVersion = Version
	}
	return fromDocument(d, rep)
}

func fromDocument(d doc.Document, rep report.Report) report.Report {
	res := mapper.Map(d)
	rep.Status, rep.Reason, rep.Detail = res.Status, res.Reason, res.Detail
	rep.Title = res.Title
	rep.Year = res.Year
	rep.Template = res.Template
	if res.Status.HasTables() {
		rep.Active, rep.ActiveUnits = res.Active, res.ActiveUnits
		rep.Applications = res.Applications
		rep.ReviewLitigation = res.ReviewLitigation
		if len(res.Notes) > 0 {
			rep.Detail = strings.Join(append(nonEmpty(rep.Detail), res.Notes...), "; ")
		}
	}
	if res.Status != report.StatusSkipped || res.Reason != report.ReasonNotAReport {
		j := meta.Identify(d.Title, d.Text)
		rep.Agency, rep.DivisionCode, rep.Scope = j.Agency, j.DivisionCode, j.Scope
		if res.Status.HasTables() {
			if t, ok := validate.Template(&rep); ok {
				rep.Checks = validate.Checks(t, &rep)
				rep.Checks = append(rep.Checks, validate.Soft(&rep, j.Level)...)
			}
		}
	}
	return rep
}

func nonEmpty(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}

func failed(rep report.Report, reason report.Reason, detail string) report.Report {
	rep.Status, rep.Reason, rep.Detail = report.StatusFailed, reason, detail
	return rep
}

// Sniff names the kind of data: by magic bytes first, then by the
// Content-Type and name, then HTML when it has tags, otherwise text.
func Sniff(data []byte, m Meta) string {
	ext := strings.ToLower(path.Ext(m.Name))
	switch {
	case bytes.HasPrefix(data, []byte("%PDF")):
		return KindPDF
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		if bytes.Contains(data, []byte("word/document.xml")) {
			return KindDOCX
		}
		if ext == ".wps" {
			return KindWPS
		}
		return KindDOCX
	case bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0}):
		if ext == ".wps" {
			return KindWPS
		}
		return KindDOC
	}
	ct := strings.ToLower(m.ContentType)
	if strings.Contains(ct, "html") || ext == ".html" || ext == ".htm" || ext == ".shtml" {
		return KindHTML
	}
	if strings.Contains(ct, "text/plain") || ext == ".txt" || ext == ".md" {
		return KindText
	}
	head := data
	if len(head) > 8192 {
		head = head[:8192]
	}
	lower := bytes.ToLower(head)
	for _, tag := range []string{"<html", "<!doctype html", "<body", "<table", "<div", "<p>", "<p ", "<head", "<meta"} {
		if bytes.Contains(lower, []byte(tag)) {
			return KindHTML
		}
	}
	return KindText
}

// binary reports whether decoded text looks like binary junk: many
// control characters.
func binary(s string) bool {
	n, bad := 0, 0
	for _, r := range s {
		n++
		if (r < 0x20 && r != '\n' && r != '\r' && r != '\t' && r != '\f') || r == 0xFFFD {
			bad++
		}
		if n >= 4096 {
			break
		}
	}
	return n > 0 && bad*10 > n
}

func firstLines(s string, n int) string {
	lines := strings.SplitN(s, "\n", n+1)
	if len(lines) > n {
		lines = lines[:n]
	}
	return strings.Join(lines, " | ")
}
