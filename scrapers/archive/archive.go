// Package archive keeps everything the crawler fetched: WARC/1.1 files of
// gzip-compressed records under DIR/archive (written and read with
// github.com/nlnwa/gowarc/v3, so standard web-archive tools can read them)
// and an append-only JSON-lines journal under DIR/state that records, per
// request, the state needed for the next conditional request and where each
// response sits in the archive.
//
// The journal survives kill -9: every line is written with one write call
// before the crawler moves on, and Open discards a torn last line, drops
// journal lines whose WARC bytes never reached the disk and truncates each
// WARC file after its last journalled record, so a restarted crawl has no
// torn or duplicate records.
//
// Readers (ogi build) use ReportEntries, ReadPayload and FetchLog.
package archive

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/nlnwa/gowarc/v3"

	"ogi/scrapers/fetch"
)

// Entry is one archived response that the crawler judged a report page or a
// report attachment.
type Entry struct {
	URL, FinalURL string
	FetchedAt     time.Time
	ContentType   string
	SHA256        string // of the payload
	WARCFile      string // relative to the data directory
	Offset        int64
	RecordID      string
	PortalCode    string
	PortalName    string
	PortalScope   string    // the registry's scope hint of the column it was listed in ("" own)
	Kind          string    // "report" (detail page) or "attachment"
	Parent        string    // of an attachment: the URL of the report page that linked it
	ListDate      time.Time // the date the list printed beside the report's link; zero when none
	Gone          bool      // no longer on the portal at the last crawl (copy kept)
}

// Fetch is one line of the crawl log.
type Fetch struct {
	URL          string
	Status       int
	Bytes        int64
	FetchedAt    time.Time
	ETag         string
	LastModified string
	SHA256       string
	Error        string
	// Kind and PortalCode are filled by FetchLog from the journal (LogFetch
	// takes them as arguments): what was fetched, for which portal.
	Kind       string
	PortalCode string
}

// Kinds of archived responses.
const (
	KindReport     = "report"
	KindAttachment = "attachment"
	KindList       = "list"
	KindRobots     = "robots"
	KindRedirect   = "redirect"
)

const (
	journalName = "journal.jsonl"
	archiveDir  = "archive"
	stateDir    = "state"
)

// rec is one journal line. T is the line type:
//
//	warc  a WARC file was started; End is the end of its warcinfo record
//	resp  a response was archived (Off: response record, End: after its request record)
//	revisit  a response identical to the archived one, or a 304, was noted by a revisit record
//	fetch a request was made (any outcome)
//	gone  a URL vanished from its portal
//	run   a crawl run started (Run) or ended (Run, Err "end")
//	done  a portal was completed in run Run (Stats: its counts)
//	host  a host's politeness state changed in run Run (Key: host[:port];
//	      Next, Until, Delay; Err: why it was stopped for the run)
type rec struct {
	T        string    `json:"t"`
	Run      string    `json:"run,omitempty"`
	Key      string    `json:"key,omitempty"`
	URL      string    `json:"url,omitempty"`
	FinalURL string    `json:"final,omitempty"`
	At       time.Time `json:"at,omitzero"`
	Status   int       `json:"status,omitempty"`
	CT       string    `json:"ct,omitempty"`
	ETag     string    `json:"etag,omitempty"`
	LM       string    `json:"lm,omitempty"`
	SHA      string    `json:"sha,omitempty"`
	Bytes    int64     `json:"bytes,omitempty"`
	WARC     string    `json:"warc,omitempty"`
	Off      int64     `json:"off,omitempty"`
	End      int64     `json:"end,omitempty"`
	ID       string    `json:"id,omitempty"`
	Portal   string    `json:"portal,omitempty"`
	Name     string    `json:"name,omitempty"`
	Kind     string    `json:"kind,omitempty"`
	Parent   string    `json:"parent,omitempty"`
	ListDate string    `json:"ld,omitempty"`    // resp: the list's date of the report, yyyy-mm-dd
	Scope    string    `json:"scope,omitempty"` // resp: the portal's registry scope hint
	Err      string    `json:"err,omitempty"`
	Next     time.Time `json:"next,omitzero"` // fetch, host: earliest polite time for the host's next request
	// host records: a pause the host asked for, the gap kept (ns).
	Until time.Time `json:"until,omitzero"`
	Delay int64     `json:"delay,omitempty"`
	// done records: the portal's counts, opaque to the store.
	Stats json.RawMessage `json:"stats,omitempty"`
}

// ErrJournalCorrupt is returned for a journal with a malformed line that is
// not its tail: cutting there, as a torn tail is cut, would drop the
// well-formed lines after it and the WARC records they index.
var ErrJournalCorrupt = errors.New("crawl journal corrupt")

// readJournal parses the journal. It returns the records and the byte length
// of the well-formed prefix (a torn or corrupt tail, as a crash leaves, is
// excluded). A malformed line followed by well-formed ones is not a torn
// tail: that fails with ErrJournalCorrupt.
func readJournal(path string) ([]rec, int64, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, 0, nil
	}
	if err != nil {
		return nil, 0, fmt.Errorf("open journal: %w", err)
	}
	defer f.Close()
	var recs []rec
	var good int64
	bad := -1 // line number of the first malformed line, once seen
	br := bufio.NewReaderSize(f, 1<<16)
	for n := 1; ; n++ {
		line, err := br.ReadBytes('\n')
		if len(line) > 0 && line[len(line)-1] == '\n' {
			var r rec
			ok := json.Unmarshal(line, &r) == nil && r.T != ""
			switch {
			case ok && bad > 0:
				return nil, 0, fmt.Errorf("%s line %d is malformed and well-formed lines follow it (first at line %d); repair or remove that line: %w", path, bad, n, ErrJournalCorrupt)
			case ok:
				recs = append(recs, r)
				good += int64(len(line))
			case bad < 0:
				bad = n
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, 0, fmt.Errorf("read journal: %w", err)
		}
	}
	return recs, good, nil
}

// validRecs drops resp lines whose WARC bytes are not (fully) on disk.
func validRecs(dataDir string, recs []rec) []rec {
	sizes := map[string]int64{}
	out := recs[:0:0]
	for _, r := range recs {
		if r.T == "resp" || r.T == "revisit" || r.T == "warc" {
			if !filepath.IsLocal(r.WARC) {
				continue // a damaged line: a WARC outside the data folder is never read
			}
			sz, ok := sizes[r.WARC]
			if !ok {
				sz = -1
				if st, err := os.Stat(filepath.Join(dataDir, r.WARC)); err == nil {
					sz = st.Size()
				}
				sizes[r.WARC] = sz
			}
			if r.End > sz {
				continue
			}
		}
		out = append(out, r)
	}
	return out
}

func loadForRead(ctx context.Context, dataDir string) ([]rec, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	recs, _, err := readJournal(filepath.Join(dataDir, stateDir, journalName))
	if err != nil {
		return nil, err
	}
	return validRecs(dataDir, recs), nil
}

// ReportEntries lists every archived version of every report page and
// attachment, ordered by portal code, URL and fetch time.
func ReportEntries(ctx context.Context, dataDir string) ([]Entry, error) {
	recs, err := loadForRead(ctx, dataDir)
	if err != nil {
		return nil, err
	}
	gone := map[string]bool{}
	for _, r := range recs {
		switch r.T {
		case "gone":
			gone[r.Key] = true
		case "resp":
			gone[r.Key] = false
		}
	}
	var out []Entry
	for _, r := range recs {
		if r.T != "resp" || (r.Kind != KindReport && r.Kind != KindAttachment) {
			continue
		}
		out = append(out, entryOf(r, gone[r.Key]))
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.PortalCode != b.PortalCode {
			return a.PortalCode < b.PortalCode
		}
		if a.URL != b.URL {
			return a.URL < b.URL
		}
		return a.FetchedAt.Before(b.FetchedAt)
	})
	return out, nil
}

func entryOf(r rec, gone bool) Entry {
	return Entry{
		URL: r.URL, FinalURL: r.FinalURL, FetchedAt: r.At, ContentType: r.CT, SHA256: r.SHA,
		WARCFile: r.WARC, Offset: r.Off, RecordID: r.ID, PortalCode: r.Portal, PortalName: r.Name,
		PortalScope: r.Scope, Kind: r.Kind, Gone: gone, Parent: r.Parent, ListDate: listDate(r.ListDate),
	}
}

// FetchLog returns the crawl log (every request made, with its outcome),
// ordered by time then URL.
func FetchLog(ctx context.Context, dataDir string) ([]Fetch, error) {
	recs, err := loadForRead(ctx, dataDir)
	if err != nil {
		return nil, err
	}
	var out []Fetch
	for _, r := range recs {
		if r.T != "fetch" {
			continue
		}
		out = append(out, Fetch{URL: r.URL, Status: r.Status, Bytes: r.Bytes, FetchedAt: r.At,
			ETag: r.ETag, LastModified: r.LM, SHA256: r.SHA, Error: r.Err, Kind: r.Kind, PortalCode: r.Portal})
	}
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].FetchedAt.Equal(out[j].FetchedAt) {
			return out[i].FetchedAt.Before(out[j].FetchedAt)
		}
		return out[i].URL < out[j].URL
	})
	return out, nil
}

// ReadPayload returns the HTTP body of e as served, decoded of content
// encoding, and checks it against e.SHA256.
func ReadPayload(dataDir string, e Entry) ([]byte, error) {
	body, err := readRecordPayload(filepath.Join(dataDir, e.WARCFile), e.Offset)
	if err != nil {
		return nil, fmt.Errorf("archive: %s@%d (%s): %w", e.WARCFile, e.Offset, e.URL, err)
	}
	if e.SHA256 != "" && sha(body) != e.SHA256 {
		return nil, fmt.Errorf("archive: %s@%d (%s): payload sha256 mismatch", e.WARCFile, e.Offset, e.URL)
	}
	return body, nil
}

func readRecordPayload(path string, off int64) ([]byte, error) {
	gowarcMu.Lock()
	r, err := gowarc.NewWarcFileReader(path, off)
	gowarcMu.Unlock()
	if err != nil {
		return nil, fmt.Errorf("open WARC: %w", err)
	}
	defer r.Close()
	record, err := r.Next()
	if err != nil {
		return nil, fmt.Errorf("read WARC record: %w", err)
	}
	defer record.Close()
	if record.Offset != off {
		return nil, fmt.Errorf("no record at offset (next one at %d)", record.Offset)
	}
	hb, ok := record.WarcRecord.Block().(gowarc.HttpResponseBlock)
	if !ok {
		return nil, fmt.Errorf("record %s is not an HTTP response", record.WarcRecord.RecordId())
	}
	pr, err := hb.PayloadBytes()
	if err != nil {
		return nil, fmt.Errorf("payload: %w", err)
	}
	body, err := io.ReadAll(pr)
	if err != nil {
		return nil, fmt.Errorf("payload: %w", err)
	}
	if ce := strings.ToLower(strings.TrimSpace(hb.HttpHeader().Get("Content-Encoding"))); ce == "gzip" || ce == "x-gzip" {
		// the same decoding, and the same kind of cap, as at fetch time
		if body, err = fetch.Gunzip(body, maxDecodedPayload); err != nil {
			return nil, fmt.Errorf("content-encoding: %w", err)
		}
	}
	return body, nil
}

// maxDecodedPayload caps the gzip decoding of an archived payload. The
// crawler caps what it keeps far lower (64 MiB), so only a damaged or
// foreign archive reaches it; a gzip bomb there must not exhaust memory.
const maxDecodedPayload = 1 << 30

func sha(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// SHA256 returns the hex sha256 of b, as used in Entry.SHA256.
func SHA256(b []byte) string { return sha(b) }

// listDate reads a journalled list date (zero when none or unreadable).
func listDate(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}
	}
	return t
}
