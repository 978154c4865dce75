// Package doc is the reader-neutral form of a report: its visible text and
// its table rows as grids of cells, whatever rendering they were read from
// (HTML, plain or markdown text, PDF layout text, DOCX). Readers produce a
// Document; the table mapper consumes one and never sees the rendering.
package doc

// Document is one report as read.
type Document struct {
	// Title is the page or document title when the rendering has one.
	Title string
	// Text is the visible text in reading order, one line per block, for
	// metadata (year, agency) and template detection. Raw: not normalised.
	Text string
	// Rows are the table rows in reading order. HTML and DOCX tables are
	// expanded to grids (rowspan/colspan copied into every covered cell);
	// text renderings give one row per line, split into cells where the
	// rendering separates them ("|", tabs, wide gaps) and one cell otherwise.
	Rows []Row
	// Images counts images inside the article body (tables printed as
	// pictures leave a report without table rows).
	Images int
	// Links are attachment links found in the document (href and text).
	Links []Link
}

// Row is one table row or text line.
type Row struct {
	Cells []Cell
	// Table numbers the source table (1-based, in document order) or is 0
	// for a text line outside any table.
	Table int
	// Locator says where the row is: "table 3 row 5", "line 120",
	// "page 4 line 12".
	Locator string
	// Heads are the column headings of the row's last len(Heads) cells,
	// when the reader placed its values under the heading row it found
	// above them (text laid out by position, where a heading may wrap over
	// several lines and stand above or below its neighbours); nil
	// otherwise.
	Heads []string
}

// Cell is one grid cell.
type Cell struct {
	Text string // the cell's text as printed, inner white space folded
	// Span is true when the cell is a copy made by expanding a rowspan or
	// colspan: its text belongs to a cell above or to the left.
	Span bool
	// Locator extends the row's locator: "col 2".
	Locator string
}

// Link is a hyperlink from the document.
type Link struct {
	Href string
	Text string
}
