package config

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

func BenchmarkParseShipped(b *testing.B) {
	data, err := os.ReadFile("../feeds.yaml")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := Parse("feeds.yaml", data); err != nil {
			b.Fatal(err)
		}
	}
}

// nationSources is the number of sources in the whole country.
const nationSources = 3900

// nationFile is a file of n communes, each with a feed, with a misindented
// key on its last line when broken is set.
func nationFile(n int, broken bool) []byte {
	var b strings.Builder
	b.WriteString("units:\n  - id: vn\n    name: Việt Nam\n")
	for i := range n {
		fmt.Fprintf(&b, "  - id: xa-%d\n    name: Xã số %d\n    parent: vn\n    feeds:\n      - https://xa-%d.example.gov.vn/rss.aspx\n", i, i, i)
	}
	if broken {
		b.WriteString("  - id: cuoi\n   name: Cuối\n")
	}
	return []byte(b.String())
}

func BenchmarkParseNation(b *testing.B) {
	data := nationFile(nationSources, false)
	for b.Loop() {
		if _, err := Parse("feeds.yaml", data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseNationBroken measures the re-parsing that finds the line
// of a syntax error at the end of a large file.
func BenchmarkParseNationBroken(b *testing.B) {
	data := nationFile(nationSources, true)
	for b.Loop() {
		if _, err := Parse("feeds.yaml", data); err == nil {
			b.Fatal("no error")
		}
	}
}
