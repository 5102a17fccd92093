package fetch

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"os"
	"strings"
	"syscall"
	"time"

	"bantin"
)

// Error is a classified failure. Get and Parse return *Error.
type Error struct {
	Kind       bantin.ErrorKind
	Status     int       // HTTP status, 0 when there was no response
	RetryAfter time.Time // from a 429 or 503, zero if none
	Err        error
}

func (e *Error) Error() string {
	if e.Err == nil {
		return string(e.Kind)
	}
	return e.Err.Error()
}

func (e *Error) Unwrap() error { return e.Err }

// Kind returns the kind of any error: ErrNone for nil, the Kind of an
// *Error in its chain, otherwise what the error looks like (ErrOther when
// it looks like nothing known).
func Kind(err error) bantin.ErrorKind {
	if err == nil {
		return bantin.ErrNone
	}
	var fe *Error
	if errors.As(err, &fe) {
		return fe.Kind
	}
	return classify(err)
}

// errBlocked is returned from the dialer when an address is refused.
type errBlocked struct{ addr string }

func (e *errBlocked) Error() string {
	return "address " + e.addr + " is not public (allow_private_networks is off)"
}

// classify looks at a transport error. The order matters: a DNS timeout is
// a DNS problem, a refused dial to a blocked address is not a connect
// problem.
func classify(err error) bantin.ErrorKind {
	var blocked *errBlocked
	var dnsErr *net.DNSError
	switch {
	case errors.As(err, &blocked):
		return bantin.ErrForbidden
	case errors.As(err, &dnsErr):
		return bantin.ErrDNS
	case isTLS(err):
		return bantin.ErrTLS
	case isTimeout(err):
		return bantin.ErrTimeout
	case isConnect(err):
		return bantin.ErrConnect
	}
	return bantin.ErrOther
}

func isTimeout(err error) bool {
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, os.ErrDeadlineExceeded) {
		return true
	}
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

func isTLS(err error) bool {
	var (
		unknownCA   x509.UnknownAuthorityError
		invalidCert x509.CertificateInvalidError
		hostname    x509.HostnameError
		verify      *tls.CertificateVerificationError
		record      tls.RecordHeaderError
		alert       tls.AlertError
	)
	if errors.As(err, &unknownCA) || errors.As(err, &invalidCert) || errors.As(err, &hostname) ||
		errors.As(err, &verify) || errors.As(err, &record) || errors.As(err, &alert) {
		return true
	}
	// Handshake failures such as "tls: no supported versions" are plain
	// errors created with errors.New inside crypto/tls.
	return strings.Contains(err.Error(), "tls: ")
}

func isConnect(err error) bool {
	if errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) ||
		errors.Is(err, syscall.ECONNABORTED) || errors.Is(err, syscall.EPIPE) ||
		errors.Is(err, syscall.EHOSTUNREACH) || errors.Is(err, syscall.ENETUNREACH) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return true
	}
	var op *net.OpError
	return errors.As(err, &op)
}
