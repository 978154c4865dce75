package fetch

import (
	"context"
	"errors"
	"fmt"
)

// Kind is the machine-readable kind of a failed fetch, as reported in
// Error.Kind, journalled with the request and counted in crawl summaries.
type Kind string

// Failure kinds.
const (
	KindJSChallenge     Kind = "BLOCKED_JS_CHALLENGE"
	KindRobots          Kind = "ROBOTS_DISALLOWED"
	KindTooLarge        Kind = "TOO_LARGE"
	KindTimeout         Kind = "TIMEOUT"
	KindServerError     Kind = "HTTP_5XX"
	KindClientError     Kind = "HTTP_4XX"
	KindNotFound        Kind = "NOT_FOUND"
	KindRateLimited     Kind = "RATE_LIMITED"
	KindTooManyRedirect Kind = "TOO_MANY_REDIRECTS"
	KindOffSite         Kind = "OFF_SITE_REDIRECT"
	KindNetwork         Kind = "NETWORK"
	KindBadURL          Kind = "BAD_URL"
	// KindContactRequired: the request would have left loopback without a
	// contact for the portal owners (Options.Contact); nothing was sent.
	KindContactRequired Kind = "CONTACT_REQUIRED"
	// KindCanceled: the caller's context ended.
	KindCanceled Kind = "CANCELED"
)

// Error is a failed fetch with a machine-readable kind.
type Error struct {
	Kind   Kind
	URL    string
	Status int // last HTTP status seen, 0 if none
	Err    error
}

func (e *Error) Error() string {
	if e.Status != 0 {
		return fmt.Sprintf("fetch %s: %s (HTTP %d): %v", e.URL, e.Kind, e.Status, e.Err)
	}
	return fmt.Sprintf("fetch %s: %s: %v", e.URL, e.Kind, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

// ErrorKind returns the failure kind of err ("" for nil, CANCELED for a
// canceled context, NETWORK for an error that is not a *Error).
func ErrorKind(err error) Kind {
	if err == nil {
		return ""
	}
	var fe *Error
	if errors.As(err, &fe) {
		return fe.Kind
	}
	if errors.Is(err, context.Canceled) {
		return KindCanceled
	}
	return KindNetwork
}

// ErrContactRequired is wrapped by the errors of requests refused because
// they would reach a host outside loopback while Options.Contact is empty.
var ErrContactRequired = errors.New("crawling hosts outside loopback requires a contact (an e-mail or URL the portal owners can reach; --contact)")
