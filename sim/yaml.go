package sim

import (
	"fmt"
	"strconv"
	"strings"
)

// ConfigYAML returns a feeds.yaml for bantin listing every unit and
// source of the province, with allow_private_networks: true since every
// host is on loopback. extra is inserted as is among the top-level keys,
// before units: "fetch:\n  total_timeout: 2s\n", say; it must not repeat
// title, timezone, schedule or allow_private_networks.
func (p *Province) ConfigYAML(extra string) []byte {
	var b strings.Builder
	b.WriteString("# A simulated province written by package bantin/sim: every host is a\n")
	b.WriteString("# listener on loopback. Regenerated on every start; do not edit.\n")
	fmt.Fprintf(&b, "title: %s\ntimezone: %s\nschedule: \"*/15 * * * *\"\nallow_private_networks: true\n",
		quote("Tin tức "+p.units[0].where()+" (mô phỏng)"), Zone)
	if extra != "" {
		b.WriteString(extra)
		if !strings.HasSuffix(extra, "\n") {
			b.WriteByte('\n')
		}
	}
	b.WriteString("units:\n")
	for _, u := range p.units {
		fmt.Fprintf(&b, "  - id: %s\n    name: %s\n", u.id, quote(u.name))
		if u.parent != "" {
			fmt.Fprintf(&b, "    parent: %s\n", u.parent)
		}
		if len(u.aliases) > 0 {
			fmt.Fprintf(&b, "    aliases: [%s]\n", strings.Join(u.aliases, ", "))
		}
		if len(u.feeds) == 0 {
			continue
		}
		b.WriteString("    feeds:\n")
		for _, f := range u.feeds {
			if f.insecure {
				fmt.Fprintf(&b, "      - url: %s\n        tls_insecure: true\n", quote(f.url))
				continue
			}
			fmt.Fprintf(&b, "      - %s\n", quote(f.url))
		}
	}
	return []byte(b.String())
}

// quote writes s as a YAML double-quoted scalar; Go's escapes are a
// subset of YAML's for the text we write.
func quote(s string) string { return strconv.Quote(s) }
