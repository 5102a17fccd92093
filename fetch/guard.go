package fetch

import (
	"fmt"
	"net/netip"
	"net/url"
	"strings"
	"syscall"

	"bantin"
)

// nonPublic lists the ranges a feed has no business living in: a source
// URL, a redirect or a DNS answer pointing there is an attempt (or an
// accident) to make bantin reach the machine it runs on or its LAN.
var nonPublic = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),      // "this network"
	netip.MustParsePrefix("10.0.0.0/8"),     // RFC 1918
	netip.MustParsePrefix("100.64.0.0/10"),  // carrier-grade NAT
	netip.MustParsePrefix("127.0.0.0/8"),    // loopback
	netip.MustParsePrefix("169.254.0.0/16"), // link-local, cloud metadata
	netip.MustParsePrefix("172.16.0.0/12"),  // RFC 1918
	netip.MustParsePrefix("192.0.0.0/24"),   // IETF protocol assignments
	netip.MustParsePrefix("192.168.0.0/16"), // RFC 1918
	netip.MustParsePrefix("198.18.0.0/15"),  // benchmarking
	netip.MustParsePrefix("224.0.0.0/4"),    // multicast
	netip.MustParsePrefix("240.0.0.0/4"),    // reserved and broadcast
	netip.MustParsePrefix("::/96"),          // unspecified, loopback, IPv4-compatible
	netip.MustParsePrefix("100::/64"),       // discard
	netip.MustParsePrefix("64:ff9b:1::/48"), // local-use NAT64
	netip.MustParsePrefix("fc00::/7"),       // unique local
	netip.MustParsePrefix("fe80::/10"),      // link-local
	netip.MustParsePrefix("fec0::/10"),      // site-local (deprecated)
	netip.MustParsePrefix("ff00::/8"),       // multicast
}

// embeddedV4 are IPv6 ranges that carry an IPv4 address in their last or
// second 32 bits: a private IPv4 address must not come in through them.
var (
	nat64     = netip.MustParsePrefix("64:ff9b::/96")
	sixToFour = netip.MustParsePrefix("2002::/16")
)

// publicOnly refuses every address that is not a public unicast one.
func publicOnly(a netip.Addr) error {
	a = a.Unmap().WithZone("")
	if v4, ok := embeddedIPv4(a); ok {
		a = v4
	}
	for _, p := range nonPublic {
		if p.Contains(a) {
			return &errBlocked{addr: a.String()}
		}
	}
	return nil
}

func embeddedIPv4(a netip.Addr) (netip.Addr, bool) {
	b := a.As16()
	switch {
	case !a.Is6():
		return netip.Addr{}, false
	case nat64.Contains(a):
		return netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]}), true
	case sixToFour.Contains(a):
		return netip.AddrFrom4([4]byte{b[2], b[3], b[4], b[5]}), true
	}
	return netip.Addr{}, false
}

// dialControl checks the address actually dialled, after DNS, so that a
// name resolving to 127.0.0.1 or a redirect to 10.0.0.1 are caught as
// surely as a literal address in the config.
func dialControl(policy func(netip.Addr) error) func(network, address string, _ syscall.RawConn) error {
	return func(network, address string, _ syscall.RawConn) error {
		ap, err := netip.ParseAddrPort(address)
		if err != nil {
			return &errBlocked{addr: address}
		}
		return policy(ap.Addr())
	}
}

// checkURL refuses every URL bantin should not fetch before any byte is
// sent: only http and https, with a host.
func checkURL(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return nil, &Error{Kind: bantin.ErrOther, Err: fmt.Errorf("fetch %s: %w", raw, err)}
	}
	if err := checkScheme(u); err != nil {
		return nil, &Error{Kind: bantin.ErrForbidden, Err: fmt.Errorf("fetch %s: %w", raw, err)}
	}
	return u, nil
}

func checkScheme(u *url.URL) error {
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
	default:
		return fmt.Errorf("scheme %q is not http or https", u.Scheme)
	}
	if u.Host == "" {
		return fmt.Errorf("URL %q has no host", u.String())
	}
	return nil
}
