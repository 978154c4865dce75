package extract

import (
	"context"
	"fmt"

	"ogi/pipeline/doc"
	"ogi/pipeline/report"
)

// ReadError is a reader failure with a report reason code.
type ReadError struct {
	Reason string // a report.Reason* code
	Err    error
}

func (e *ReadError) Error() string { return e.Reason + ": " + e.Err.Error() }
func (e *ReadError) Unwrap() error { return e.Err }

// readAttachment reads a binary attachment (kind "pdf", "docx", "doc" or
// "wps") into a Document. Placeholder until the attachments work lands:
// every attachment is unsupported.
func readAttachment(ctx context.Context, kind string, data []byte) (doc.Document, error) {
	return doc.Document{}, &ReadError{Reason: report.ReasonUnsupported, Err: fmt.Errorf("%s attachments are not read yet", kind)}
}
