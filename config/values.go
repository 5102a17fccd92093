package config

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"bantin"
	"bantin/vntext"

	"github.com/robfig/cron/v3"
	"go.yaml.in/yaml/v3"
	"golang.org/x/text/unicode/norm"
)

// text reads a single value as text, in NFC and with runs of spaces
// (no-break ones too) made one, so that names typed on any keyboard
// compare and display alike.
func (p *parser) text(key string, v *yaml.Node) (string, bool) {
	if v.Kind != yaml.ScalarNode {
		p.addf(v.Line, "%s: want text, got %s", key, kind(v))
		return "", false
	}
	return strings.Join(strings.Fields(norm.NFC.String(v.Value)), " "), true
}

// boolean reads true or false.
func (p *parser) boolean(key string, v *yaml.Node) (bool, bool) {
	if v.Kind != yaml.ScalarNode || v.ShortTag() != "!!bool" {
		p.addf(v.Line, "%s: want true or false, got %s", key, kind(v))
		return false, false
	}
	b, err := strconv.ParseBool(strings.ToLower(v.Value))
	if err != nil {
		p.addf(v.Line, "%s: want true or false, got %s", key, kind(v))
		return false, false
	}
	return b, true
}

// integer reads a whole number between lo and hi.
func (p *parser) integer(key string, v *yaml.Node, lo, hi int) (int, bool) {
	s, ok := p.text(key, v)
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		p.addf(v.Line, "%s: want a whole number, got %q", key, s)
		return 0, false
	}
	if n < lo || n > hi {
		p.addf(v.Line, "%s: %d is out of range: want %d to %d", key, n, lo, hi)
		return 0, false
	}
	return n, true
}

// duration reads a positive Go duration such as "10s" or "1m30s".
func (p *parser) duration(key string, v *yaml.Node) (time.Duration, bool) {
	s, ok := p.text(key, v)
	if !ok {
		return 0, false
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		p.addf(v.Line, "%s: want a positive duration such as \"10s\" or \"1m30s\", got %q", key, s)
		return 0, false
	}
	return d, true
}

// maxSize bounds max_body: beyond it one feed could exhaust memory.
const maxSize = 1 << 30

// sizeUnits are the suffixes a size may carry, "B" last since the others
// end with it.
var sizeUnits = []struct {
	suffix string
	mult   int64
}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"B", 1}}

// size reads a byte count: a whole number, or one with a B, KiB, MiB or
// GiB suffix.
func (p *parser) size(key string, v *yaml.Node) (int64, bool) {
	s, ok := p.text(key, v)
	if !ok {
		return 0, false
	}
	n, err := parseSize(s)
	if err != nil {
		p.addf(v.Line, "%s: %v", key, err)
		return 0, false
	}
	return n, true
}

func parseSize(s string) (int64, error) {
	num, mult := s, int64(1)
	for _, u := range sizeUnits {
		if rest, ok := strings.CutSuffix(s, u.suffix); ok {
			num, mult = strings.TrimSpace(rest), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(num, 10, 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("want a positive size such as 16777216, \"512KiB\" or \"16MiB\", got %q", s)
	}
	if n > maxSize/mult {
		return 0, fmt.Errorf("%q is too large: at most 1GiB", s)
	}
	return n * mult, nil
}

// link reads an absolute http or https URL with a host.
func (p *parser) link(key string, v *yaml.Node) (string, bool) {
	s, ok := p.text(key, v)
	if !ok {
		return "", false
	}
	if err := checkURL(s); err != nil {
		p.addf(v.Line, "%s: bad URL %q: %v", key, s, err)
		return "", false
	}
	return s, true
}

func checkURL(s string) error {
	u, err := url.Parse(s)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return err
	}
	if scheme := strings.ToLower(u.Scheme); scheme != "http" && scheme != "https" || u.Opaque != "" {
		return errors.New("want an absolute http or https URL")
	}
	if u.Hostname() == "" {
		return errors.New("it has no host")
	}
	return nil
}

// sameURL is the form under which two feed URLs count as the same feed:
// scheme and host are not case-sensitive and an empty path is "/".
func sameURL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return s
	}
	u.Scheme, u.Host = strings.ToLower(u.Scheme), strings.ToLower(u.Host)
	if u.Path == "" && u.RawPath == "" {
		u.Path = "/"
	}
	return u.String()
}

// schedule reads a cron spec.
func (p *parser) schedule(key string, v *yaml.Node) (string, bool) {
	s, ok := p.text(key, v)
	if !ok {
		return "", false
	}
	if _, err := ParseSchedule(s); err != nil {
		p.addf(v.Line, "%s: bad cron spec %q: %v", key, s, err)
		return "", false
	}
	return s, true
}

// cronParser takes what feeds.yaml promises: five fields, "@hourly",
// "@every 10m".
var cronParser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

// neverBefore is the instant from which a schedule must fire at least once
// within the five years robfig/cron looks ahead; "0 0 30 2 *" never does.
var neverBefore = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

// ParseSchedule parses a cron spec the way feeds.yaml reads it, so that the
// poller schedules exactly what the config accepted.
func ParseSchedule(spec string) (sched cron.Schedule, err error) {
	if strings.TrimSpace(spec) == "" {
		return nil, errors.New("it is empty")
	}
	// robfig/cron v3.0.1 slices out of range on a zone prefix with nothing
	// after it ("TZ=UTC"); refuse it here and recover from anything alike.
	if (strings.HasPrefix(spec, "TZ=") || strings.HasPrefix(spec, "CRON_TZ=")) && !strings.Contains(spec, " ") {
		return nil, errors.New("a time zone prefix must be followed by a schedule")
	}
	defer func() {
		if r := recover(); r != nil {
			sched, err = nil, fmt.Errorf("cannot parse it: %v", r)
		}
	}()
	sched, err = cronParser.Parse(spec)
	if err != nil {
		return nil, err
	}
	if every, ok := strings.CutPrefix(spec, "@every "); ok {
		if d, _ := time.ParseDuration(every); d <= 0 {
			return nil, errors.New("@every needs a positive duration")
		}
	}
	if sched.Next(neverBefore).IsZero() {
		return nil, errors.New("it never fires")
	}
	return sched, nil
}

// zone reads an IANA time zone name.
func (p *parser) zone(key string, v *yaml.Node) (*time.Location, bool) {
	s, ok := p.text(key, v)
	if !ok {
		return nil, false
	}
	loc, err := loadZone(s)
	if err != nil {
		p.addf(v.Line, "%s: %v", key, err)
		return nil, false
	}
	return loc, true
}

func loadZone(name string) (*time.Location, error) {
	if name == "" {
		return nil, errors.New("empty time zone: want a name such as \"Asia/Ho_Chi_Minh\"")
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("unknown time zone %q: want a name such as \"Asia/Ho_Chi_Minh\"", name)
	}
	return loc, nil
}

// checkID tells what is wrong with a unit id or alias, or returns "".
func checkID(id string) string {
	switch {
	case id == "":
		return "is empty"
	case id == bantin.AllUnits:
		return fmt.Sprintf("%q is reserved: it means every root unit", id)
	}
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			msg := fmt.Sprintf("%q may hold only a-z, 0-9 and -", id)
			if s := vntext.Slug(id); s != "" && s != bantin.AllUnits {
				msg += fmt.Sprintf(" (try %q)", s)
			}
			return msg
		}
	}
	return ""
}
