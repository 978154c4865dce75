package fetch

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"syscall"
	"time"
)

// dialer returns the DialContext of the transport: the caller's (tests and
// the demo map portal hosts onto a simulated network) or a net.Dialer, each
// bounded by ConnectTimeout and each refusing, when no Contact is set, to
// reach an address outside loopback. The system dialer refuses before the
// connection is made (in its Control hook, on the resolved address); a
// caller's dialer is checked on the connection's remote address, before any
// byte is sent.
func (o *Options) dialer() func(ctx context.Context, network, addr string) (net.Conn, error) {
	needContact := o.Contact == ""
	if o.DialContext == nil {
		d := &net.Dialer{Timeout: o.ConnectTimeout, KeepAlive: 30 * time.Second}
		if needContact {
			d.ControlContext = func(_ context.Context, _, address string, _ syscall.RawConn) error {
				return checkLoopback(address)
			}
		}
		return d.DialContext
	}
	inner, timeout := o.DialContext, o.ConnectTimeout
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		ctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		c, err := inner(ctx, network, addr)
		if err != nil || !needContact {
			return c, err
		}
		if err := checkLoopback(c.RemoteAddr().String()); err != nil {
			c.Close()
			return nil, err
		}
		return c, nil
	}
}

// checkLoopback fails with ErrContactRequired unless address (ip:port) is
// a loopback address.
func checkLoopback(address string) error {
	ap, err := netip.ParseAddrPort(address)
	if err == nil && ap.Addr().Unmap().IsLoopback() {
		return nil
	}
	return fmt.Errorf("%s: %w", address, ErrContactRequired)
}

// Unreachable reports whether err is a failure to reach the host at all: a
// DNS lookup that failed or a connection that could not be made (refused,
// unreachable network, connect timeout). A machine whose every first
// request fails this way has no network.
func Unreachable(err error) bool {
	if err == nil || errors.Is(err, ErrContactRequired) {
		return false
	}
	var dns *net.DNSError
	if errors.As(err, &dns) {
		return true
	}
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial"
}

// noSuchHost reports a DNS answer that the name does not exist: final,
// unlike a DNS timeout.
func noSuchHost(err error) bool {
	var dns *net.DNSError
	return errors.As(err, &dns) && dns.IsNotFound
}
