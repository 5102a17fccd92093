package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// syntaxError is how the YAML parser words a syntax error.
var syntaxError = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// document returns the root node of the single YAML document in data, or
// nil after recording why there is none.
func (p *parser) document(data []byte) *yaml.Node {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := decode(dec, &doc); err != nil {
		if errors.Is(err, io.EOF) {
			p.addf(1, "the file is empty: want a mapping with at least a units list")
		} else {
			p.syntax(data, err)
		}
		return nil
	}
	var next yaml.Node
	switch err := decode(dec, &next); {
	case err == nil:
		p.addf(next.Line, "a second YAML document starts here: keep the whole configuration in one")
	case !errors.Is(err, io.EOF):
		p.syntax(data, err)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 || isNull(doc.Content[0]) {
		// Blamed on the document's start: a null's own line lies past the
		// end of a file that is only "---".
		p.addf(doc.Line, "the file holds no settings: want a mapping with at least a units list")
		return nil
	}
	return doc.Content[0]
}

// decode reads the next document. The YAML parser is outside code fed
// outside input; should it panic, the file is refused instead of the
// daemon dying on a SIGHUP.
func decode(dec *yaml.Decoder, n *yaml.Node) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("yaml: cannot parse the file: %v", r)
		}
	}()
	return dec.Decode(n)
}

// syntax records a YAML syntax error at the line a reader should look at.
// The YAML library names the line of the enclosing block, and counts from
// 0 for errors of its parser (not of its scanner), so a misindented key
// would be blamed on the line above its list. The first prefix of the file
// that fails with the same problem ends at the line to blame.
func (p *parser) syntax(data []byte, err error) {
	line, msg := 1, strings.TrimPrefix(err.Error(), "yaml: ")
	if m := syntaxError.FindStringSubmatch(err.Error()); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
	}
	if strings.Contains(msg, "end of stream") {
		// An unclosed quote is blamed on the end of the file; look from
		// the top for the line that opened it.
		line = 1
	}
	p.addf(blame(data, max(line, 1), msg), "YAML syntax error: %s", msg)
}

// blame returns the line, from on, whose end is where the file starts to
// fail with msg: it gallops to a failing prefix, then bisects back, so a
// large file is parsed a few dozen times at most.
func blame(data []byte, from int, msg string) int {
	ends := lineEnds(data)
	fails := func(k int) bool {
		err := parseAll(data[:ends[k-1]])
		if err == nil {
			return false
		}
		got := strings.TrimPrefix(err.Error(), "yaml: ")
		if m := syntaxError.FindStringSubmatch(err.Error()); m != nil {
			got = m[2]
		}
		return got == msg
	}
	if from > len(ends) {
		return from
	}
	lo, hi := from-1, 0 // lo: a prefix not failing so; hi: one failing so
	for step := 1; hi == 0; step *= 2 {
		k := min(lo+step, len(ends))
		switch {
		case fails(k):
			hi = k
		case k == len(ends):
			return from
		default:
			lo = k
		}
	}
	for hi-lo > 1 {
		if mid := (lo + hi) / 2; fails(mid) {
			hi = mid
		} else {
			lo = mid
		}
	}
	return hi
}

// lineEnds returns the offset just past each line of data, whether lines
// end in LF, CRLF or CR.
func lineEnds(data []byte) []int {
	var ends []int
	for i, b := range data {
		if b == '\n' || b == '\r' && (i+1 == len(data) || data[i+1] != '\n') {
			ends = append(ends, i+1)
		}
	}
	if len(data) > 0 && data[len(data)-1] != '\n' && data[len(data)-1] != '\r' {
		ends = append(ends, len(data))
	}
	return ends
}

// parseAll parses every document in data and returns the first error.
func parseAll(data []byte) error {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for {
		var n yaml.Node
		if err := decode(dec, &n); err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return err
		}
	}
}

// value returns n with a YAML alias resolved, or nil when there is no
// value to use: a null (a key written without a value counts as left out)
// or an alias that cannot be followed.
func (p *parser) value(n *yaml.Node) *yaml.Node {
	if n.Kind == yaml.AliasNode {
		// Only single values may be aliased: a list or mapping standing
		// for many would let a small file expand without bound.
		if n.Alias == nil || n.Alias.Kind != yaml.ScalarNode {
			p.addf(n.Line, "the YAML alias *%s stands for a list or mapping: write it out (only single values may be aliased)", n.Value)
			return nil
		}
		c := *n.Alias
		c.Line, c.Column = n.Line, n.Column
		n = &c
	}
	if isNull(n) {
		return nil
	}
	return n
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
}

// field reads the value of one key; v is never nil.
type field func(key string, v *yaml.Node)

// mapping walks a mapping node, handing each known key's value to its
// field and recording unknown, repeated and malformed keys. where names
// the mapping in messages ("unit \"phu-ly\"").
func (p *parser) mapping(n *yaml.Node, where string, fields map[string]field) {
	seen := make(map[string]int)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			p.addf(k.Line, "%s: a key must be a plain word, not %s", where, kind(k))
			continue
		}
		if k.Value == "<<" {
			p.addf(k.Line, "%s: YAML merge keys (<<) are not supported: write the keys out", where)
			continue
		}
		f, ok := fields[k.Value]
		if !ok {
			p.addf(k.Line, "unknown key %q in %s%s", k.Value, where, suggest(k.Value, fields))
			continue
		}
		if first, dup := seen[k.Value]; dup {
			p.addf(k.Line, "key %q given twice in %s (first at line %d)", k.Value, where, first)
			continue
		}
		seen[k.Value] = k.Line
		if v = p.value(v); v != nil {
			f(k.Value, v)
		}
	}
}

// lookup returns the scalar value of key in mapping n, if it has one.
func lookup(n *yaml.Node, key string) string {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if k, v := n.Content[i], n.Content[i+1]; k.Kind == yaml.ScalarNode && k.Value == key && v.Kind == yaml.ScalarNode {
			return strings.TrimSpace(v.Value)
		}
	}
	return ""
}

// kind names a node's kind for messages.
func kind(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	case yaml.DocumentNode:
		return "a document"
	}
	if n.ShortTag() == "!!null" {
		return "nothing"
	}
	return fmt.Sprintf("%q", n.Value)
}

// suggest proposes the known key closest to a mistyped one, if any is
// close: "feed" for "feeds", "silent_days" for "silent-days".
func suggest(key string, fields map[string]field) string {
	best, bestDist := "", 3
	for k := range fields {
		d := distance(strings.ReplaceAll(strings.ToLower(key), "-", "_"), k)
		if 2*d >= len(k) {
			continue // too far to be a typo of k
		}
		if d < bestDist || d == bestDist && k < best {
			best, bestDist = k, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

// distance is the Levenshtein distance between two short strings.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
