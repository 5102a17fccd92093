package fetch

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"syscall"
	"testing"

	"bantin"
)

func TestKind(t *testing.T) {
	opErr := func(err error) error { return &net.OpError{Op: "dial", Net: "tcp", Err: err} }
	urlErr := func(err error) error { return &url.Error{Op: "Get", URL: "https://hanam.gov.vn/rss", Err: err} }
	tests := []struct {
		name string
		err  error
		want bantin.ErrorKind
	}{
		{"no error", nil, bantin.ErrNone},
		{"classified already", fmt.Errorf("poll: %w", &Error{Kind: bantin.ErrTooLarge}), bantin.ErrTooLarge},
		{"portal name does not resolve", urlErr(opErr(&net.DNSError{Err: "no such host", Name: "xa.hanam.gov.vn", IsNotFound: true})), bantin.ErrDNS},
		{"dns server times out", &net.DNSError{Err: "i/o timeout", Name: "hanam.gov.vn", IsTimeout: true}, bantin.ErrDNS},
		{"self-signed certificate", urlErr(x509.UnknownAuthorityError{}), bantin.ErrTLS},
		{"certificate for another name", urlErr(x509.HostnameError{Certificate: &x509.Certificate{}, Host: "hanam.gov.vn"}), bantin.ErrTLS},
		{"expired certificate", urlErr(x509.CertificateInvalidError{Reason: x509.Expired}), bantin.ErrTLS},
		{"deadline", urlErr(context.DeadlineExceeded), bantin.ErrTimeout},
		{"socket deadline", opErr(os.ErrDeadlineExceeded), bantin.ErrTimeout},
		{"connection refused", urlErr(opErr(syscall.ECONNREFUSED)), bantin.ErrConnect},
		{"connection reset", urlErr(opErr(syscall.ECONNRESET)), bantin.ErrConnect},
		{"cut mid-body", fmt.Errorf("read body: %w", io.ErrUnexpectedEOF), bantin.ErrConnect},
		{"blocked address", urlErr(opErr(&errBlocked{addr: "10.0.0.1"})), bantin.ErrForbidden},
		{"something else", errors.New("disk full"), bantin.ErrOther},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Kind(tt.err); got != tt.want {
				t.Errorf("Kind(%v) = %q, want %q", tt.err, got, tt.want)
			}
		})
	}
}

func TestErrorUnwraps(t *testing.T) {
	err := &Error{Kind: bantin.ErrConnect, Err: fmt.Errorf("fetch x: %w", io.ErrUnexpectedEOF)}
	if !errors.Is(err, io.ErrUnexpectedEOF) || err.Error() != "fetch x: unexpected EOF" {
		t.Errorf("%v does not unwrap", err)
	}
	if (&Error{Kind: bantin.ErrTimeout}).Error() != "timeout" {
		t.Error("an Error without Err should name its kind")
	}
}
