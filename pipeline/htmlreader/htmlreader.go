// Package htmlreader reads a report web page into a doc.Document: the
// visible text in reading order and every data table expanded to a grid
// (rowspan and colspan copied into each covered cell, the copies marked
// Span). Page chrome stays in the text; the table mapper finds the report
// tables by their content. Tables that hold other tables are layout
// tables: only the innermost tables become grids.
package htmlreader

import (
	"errors"
	"fmt"
	"io"

	"golang.org/x/net/html/atom"

	"ogi/pipeline/doc"
	"ogi/pipeline/normalize"
)

// Limits bound the work done on hostile or broken pages.
type Limits struct {
	MaxCells   int // cells over all grids
	MaxCols    int // columns of one grid
	MaxSpan    int // rowspan or colspan value
	MaxDepth   int // element nesting walked
	MaxLinks   int
	MaxTextLen int // bytes of Document.Text
}

// DefaultLimits fit any real report with a wide margin.
func DefaultLimits() Limits {
	return Limits{MaxCells: 1 << 20, MaxCols: 256, MaxSpan: 1000, MaxDepth: 512, MaxLinks: 10000, MaxTextLen: 16 << 20}
}

// ErrTooLarge is returned when a page exceeds the limits.
var ErrTooLarge = errors.New("page exceeds the reader limits")

// Read parses the page with the default limits.
func Read(r io.Reader) (doc.Document, error) { return ReadLimits(r, DefaultLimits()) }

// ReadString parses a page held in a string.
func ReadString(s string) (doc.Document, error) { return readTokens(s, DefaultLimits()) }

// ReadLimits parses the page with the given limits.
func ReadLimits(r io.Reader, lim Limits) (doc.Document, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return doc.Document{}, fmt.Errorf("read html: %w", err)
	}
	return readTokens(string(b), lim)
}

// isBlock: the elements that end a line of text.
func isBlock(a atom.Atom) bool {
	switch a {
	case atom.P, atom.Div, atom.Br, atom.Li, atom.Ul, atom.Ol, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6,
		atom.Tr, atom.Td, atom.Th, atom.Table, atom.Section, atom.Article, atom.Header, atom.Footer, atom.Nav, atom.Form,
		atom.Dd, atom.Dt, atom.Dl, atom.Blockquote, atom.Pre, atom.Hr, atom.Tbody, atom.Thead, atom.Center, atom.Main, atom.Aside:
		return true
	}
	return false
}

type pending struct {
	text string
	left int // rows still covered
}

// fold collapses white space (including no-break and ideographic spaces)
// to single spaces and trims.
func fold(s string) string { return normalize.Spaces(s) }

// foldBytes is fold for a byte slice: one allocation, the result.
func foldBytes(b []byte) string { return normalize.SpacesBytes(b) }
