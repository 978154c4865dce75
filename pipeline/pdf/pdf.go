// Package pdf reads a report published as a PDF attachment: the words of
// the text layer and their positions are taken with poppler's `pdftotext
// -bbox` (an external program, run under a deadline with bounded output
// and memory), laid out as column-aligned text by their positions on the
// page (see Grid), and the tables are turned into rows by package layout.
//
// `pdftotext -layout` lays out each block of text on its own, so in a
// table printed by a browser or an office suite the numbers of one column
// land at different text columns from row to row and a blank cell cannot
// be told from a missing one; laying the words out by position keeps a
// table's columns in place on the whole page.
package pdf

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"regexp"
	"strings"
	"time"
	"unicode"

	"ogi/pipeline/doc"
	"ogi/pipeline/layout"
	"ogi/pipeline/office/proc"
)

// Errors, wrapped with detail; test them with errors.Is.
var (
	// ErrToolMissing: pdftotext is not installed.
	ErrToolMissing = errors.New("pdftotext is not installed (Debian package poppler-utils)")
	// ErrImageOnly: the PDF has pages but no text layer (a scan).
	ErrImageOnly = errors.New("no text layer: the pages are images")
	// ErrEncrypted: the PDF needs a password.
	ErrEncrypted = errors.New("encrypted PDF")
	// ErrUnreadable: not a PDF, truncated or corrupt beyond repair.
	ErrUnreadable = errors.New("unreadable PDF")
	// ErrTooLarge: input or extracted text over the limits.
	ErrTooLarge = errors.New("PDF too large")
	// ErrTimeout: pdftotext ran past its deadline and was killed.
	ErrTimeout = errors.New("pdftotext timed out")
)

// printedAtRe is the date and time a browser prints at the head of each
// page, before the page's title: "11/26/26, 11:08 PM".
var printedAtRe = regexp.MustCompile(`^(?:\d{1,2}/\d{1,2}/\d{2,4}|\d{4}[/-]\d{1,2}[/-]\d{1,2}),?\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp][Mm])?(?:\s|$)`)

// imageRe finds image XObjects: streams, so never inside compressed object
// streams, and visible in the file as it is.
var imageRe = regexp.MustCompile(`/Subtype\s*/Image\b`)

// Options tunes the reader. The zero value is usable.
type Options struct {
	Command  string        // program; "" means "pdftotext" on PATH
	Timeout  time.Duration // 0 means 20s
	MaxInput int           // bytes of PDF accepted; 0 means 64 MiB
	MaxText  int64         // bytes of text accepted from pdftotext; 0 means 16 MiB
	// MaxMemory caps pdftotext's address space (Linux); 0 means 1.5 GiB.
	MaxMemory int64
}

func (o Options) withDefaults() Options {
	if o.Command == "" {
		o.Command = "pdftotext"
	}
	if o.Timeout <= 0 {
		o.Timeout = 20 * time.Second
	}
	if o.MaxInput <= 0 {
		o.MaxInput = 64 << 20
	}
	if o.MaxText <= 0 {
		o.MaxText = 16 << 20
	}
	if o.MaxMemory <= 0 {
		o.MaxMemory = 1536 << 20
	}
	return o
}

// Read extracts the text layer of a PDF and reads its tables into rows.
// The words are laid out by their positions on the page (see gridText), so
// that a table's columns stay put from row to row and a blank cell is a gap
// in its column. Document.Text is that text with form feeds turned into
// line breaks; row locators say "page P line L".
func Read(ctx context.Context, data []byte, opt Options) (doc.Document, error) {
	text, err := Grid(ctx, data, opt)
	if err != nil {
		return doc.Document{}, err
	}
	lines := strings.Split(text, "\n")
	return doc.Document{
		Title:  title(lines),
		Text:   strings.ReplaceAll(text, "\f", "\n"),
		Rows:   layout.Rows(lines, 1),
		Images: len(imageRe.FindAllIndex(data, -1)),
	}, nil
}

// Text returns `pdftotext -layout` of data: pages separated by form feeds.
func Text(ctx context.Context, data []byte, opt Options) (string, error) {
	return run(ctx, data, opt, "-layout", func(out string, _ Options) (string, error) { return out, nil })
}

// Grid returns the text layer laid out by word positions (`pdftotext
// -bbox`, see gridText): pages separated by form feeds, each word that
// starts a cell at the column its x position on the page gives.
func Grid(ctx context.Context, data []byte, opt Options) (string, error) {
	return run(ctx, data, opt, "-bbox", func(out string, opt Options) (string, error) {
		// the laid-out text is held to the limit on pdftotext's output
		text, ok := gridTextMax(parseBBox(out), int(min(opt.MaxText, math.MaxInt32)))
		if !ok {
			return "", fmt.Errorf("text laid out by word positions over %d bytes: %w", opt.MaxText, ErrTooLarge)
		}
		return text, nil
	})
}

// run runs pdftotext with mode (-layout or -bbox) on data and turns its
// output into text with conv.
func run(ctx context.Context, data []byte, opt Options, mode string, conv func(string, Options) (string, error)) (string, error) {
	opt = opt.withDefaults()
	if len(data) > opt.MaxInput {
		return "", fmt.Errorf("%d bytes, limit %d: %w", len(data), opt.MaxInput, ErrTooLarge)
	}
	head := data[:min(len(data), 1024)]
	if !bytes.Contains(head, []byte("%PDF-")) {
		return "", fmt.Errorf("no %%PDF- header (starts %q): %w", printable(data[:min(len(data), 16)]), ErrUnreadable)
	}
	out, stderr, err := proc.Run(ctx, proc.Command{
		Path:      opt.Command,
		Args:      []string{mode, "-enc", "UTF-8", "-eol", "unix", "-", "-"},
		Stdin:     data,
		Timeout:   opt.Timeout,
		MaxStdout: opt.MaxText,
		MaxMemory: opt.MaxMemory,
	})
	var ee *proc.ExitError
	switch {
	case errors.Is(err, proc.ErrNotFound):
		return "", fmt.Errorf("%s: %w", opt.Command, ErrToolMissing)
	case errors.Is(err, proc.ErrTimeout):
		return "", fmt.Errorf("after %v: %w", opt.Timeout, ErrTimeout)
	case errors.Is(err, proc.ErrOutputTooLarge):
		return "", fmt.Errorf("text over %d bytes: %w", opt.MaxText, ErrTooLarge)
	case errors.As(err, &ee):
		if isPasswordError(ee.Stderr) {
			return "", fmt.Errorf("%s: %w", ee.Stderr, ErrEncrypted)
		}
		return "", fmt.Errorf("pdftotext status %d: %s: %w", ee.Code, ee.Stderr, ErrUnreadable)
	case err != nil:
		return "", fmt.Errorf("pdftotext: %w", err)
	}
	if !utf8Valid(out) {
		out = bytes.ToValidUTF8(out, []byte("\uFFFD"))
	}
	text, err := conv(string(out), opt)
	if err != nil {
		return "", err
	}
	if !hasText(text) {
		if imageRe.Match(data) {
			return "", fmt.Errorf("%d pages: %w", strings.Count(text, "\f"), ErrImageOnly)
		}
		detail := "no text"
		if s := strings.TrimSpace(stderr); s != "" {
			detail = firstLine(strings.Split(s, "\n"))
		}
		return "", fmt.Errorf("%s: %w", detail, ErrUnreadable)
	}
	if garbled(text) {
		return "", fmt.Errorf("the text layer has no usable character mapping (private-use or undecodable characters): %w", ErrUnreadable)
	}
	return text, nil
}

// garbled reports whether most characters of the text layer are private-use
// or replacement characters: fonts without a ToUnicode map, whose text
// cannot be read without OCR.
func garbled(s string) bool {
	n, bad := 0, 0
	for _, r := range s {
		if unicode.IsSpace(r) {
			continue
		}
		n++
		if r == unicode.ReplacementChar || (r >= 0xE000 && r <= 0xF8FF) || r < 0x20 {
			bad++
		}
	}
	return n > 0 && bad*10 > n*3
}

// title is the report title from the first lines of the first page: the
// lines up to the one that names the report (…年度报告), joined, as a
// title printed over two lines is.
func title(lines []string) string {
	var parts []string
	for _, l := range lines {
		if strings.Contains(l, "\f") && len(parts) > 0 {
			break
		}
		t := strings.TrimSpace(strings.ReplaceAll(l, "\f", ""))
		// a browser's print header: the date and time, then the page title
		t = strings.TrimSpace(printedAtRe.ReplaceAllString(t, ""))
		if t == "" {
			continue
		}
		parts = append(parts, t)
		if strings.Contains(t, "报告") || strings.Contains(t, "報告") {
			return squeeze(strings.Join(parts, ""))
		}
		if len(parts) == 3 {
			break
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return squeeze(parts[0])
}

// squeeze drops spaces next to CJK characters ("2024 年" → "2024年"),
// which pdftotext puts where the glyphs are spaced out.
func squeeze(s string) string {
	rs := []rune(s)
	var b strings.Builder
	for i, r := range rs {
		if r == ' ' && ((i > 0 && wide(rs[i-1])) || (i+1 < len(rs) && wide(rs[i+1]))) {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func wide(r rune) bool { return r >= 0x2E80 }

func isPasswordError(stderr string) bool {
	s := strings.ToLower(stderr)
	return strings.Contains(s, "password") || strings.Contains(s, "encrypt")
}

// hasText reports whether the text has letters or digits beyond page
// numbers: a scan yields only form feeds and blanks.
func hasText(s string) bool {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			n++
		}
	}
	return n > 0
}

func utf8Valid(b []byte) bool { return bytes.Equal(bytes.ToValidUTF8(b, nil), b) }

func firstLine(lines []string) string {
	for _, l := range lines {
		if t := strings.TrimSpace(strings.Trim(l, "\f")); t != "" {
			return t
		}
	}
	return ""
}

func printable(b []byte) string {
	return strings.Map(func(r rune) rune {
		if r < 32 || r == unicode.ReplacementChar {
			return '.'
		}
		return r
	}, string(b))
}
