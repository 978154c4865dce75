package extract

import (
	"bytes"
	"context"
	"errors"
	"fmt"

	"ogi/pipeline/doc"
	"ogi/pipeline/docx"
	"ogi/pipeline/office"
	"ogi/pipeline/pdf"
	"ogi/pipeline/report"
)

// ReadError is a reader failure with a report reason code.
type ReadError struct {
	Reason report.Reason // a report.Reason* code
	Err    error
}

func (e *ReadError) Error() string { return string(e.Reason) + ": " + e.Err.Error() }
func (e *ReadError) Unwrap() error { return e.Err }

var oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// encryptedPackage is the UTF-16 name of the stream that holds a
// password-protected DOCX inside its compound-file wrapper.
var encryptedPackage = utf16le("EncryptedPackage")

func utf16le(s string) []byte {
	b := make([]byte, 0, 2*len(s))
	for _, r := range s {
		b = append(b, byte(r), 0)
	}
	return b
}

// readAttachment reads a binary attachment (kind "pdf", "docx", "doc" or
// "wps") into a Document. The bytes decide over the kind where they
// disagree: a ".doc" that is really a zip is read as DOCX, a ".docx" that
// is a Word 97 file is converted. PDF goes through pdftotext; DOC and WPS
// through LibreOffice when it is installed.
func readAttachment(ctx context.Context, kind string, data []byte) (doc.Document, error) {
	if bytes.HasPrefix(data, oleMagic) && bytes.Contains(data, encryptedPackage) {
		return doc.Document{}, &ReadError{Reason: report.ReasonUnreadable, Err: fmt.Errorf("password-protected Office document (EncryptedPackage)")}
	}
	switch {
	case bytes.HasPrefix(data, []byte("%PDF")):
		kind = KindPDF
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		kind = KindDOCX
	case bytes.HasPrefix(data, oleMagic) && kind == KindDOCX:
		kind = KindDOC
	}
	switch kind {
	case KindPDF:
		d, err := pdf.Read(ctx, data, pdf.Options{})
		if err != nil {
			return doc.Document{}, &ReadError{Reason: pdfReason(err), Err: err}
		}
		return d, nil
	case KindDOCX:
		return readDOCX(data)
	case KindDOC, KindWPS:
		out, err := office.Converter{}.ToDOCX(ctx, kind, data)
		if err != nil {
			reason := report.ReasonConverterFailed
			switch {
			case errors.Is(err, office.ErrToolMissing):
				reason = report.ReasonUnsupported
				err = fmt.Errorf("%s needs LibreOffice to be read: %w", kind, err)
			case errors.Is(err, office.ErrTooLarge):
				reason = report.ReasonTooLarge
			}
			return doc.Document{}, &ReadError{Reason: reason, Err: err}
		}
		return readDOCX(out)
	}
	return doc.Document{}, &ReadError{Reason: report.ReasonUnsupported, Err: fmt.Errorf("%q attachments are not read", kind)}
}

func readDOCX(data []byte) (doc.Document, error) {
	d, err := docx.Read(data, docx.Options{})
	if err != nil {
		reason := report.ReasonUnreadable
		if errors.Is(err, docx.ErrTooLarge) {
			reason = report.ReasonTooLarge
		}
		return doc.Document{}, &ReadError{Reason: reason, Err: err}
	}
	return d, nil
}

func pdfReason(err error) report.Reason {
	switch {
	case errors.Is(err, pdf.ErrToolMissing):
		return report.ReasonPDFToolMissing
	case errors.Is(err, pdf.ErrImageOnly):
		return report.ReasonImageOnly
	case errors.Is(err, pdf.ErrTooLarge):
		return report.ReasonTooLarge
	case errors.Is(err, pdf.ErrEncrypted), errors.Is(err, pdf.ErrUnreadable):
		return report.ReasonUnreadable
	}
	return report.ReasonConverterFailed // timed out, killed, cancelled
}
