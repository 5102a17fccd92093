package publish

import (
	"math"
	"regexp"
	"strconv"
	"testing"
)

// TestPageContrast checks every pair of text and background colours the
// pages use against WCAG 2.1: 4.5:1 for text, 3:1 for the parts of a
// chart and the edges of form fields.
func TestPageContrast(t *testing.T) {
	css, err := templateFS.ReadFile("templates/layout.html")
	if err != nil {
		t.Fatal(err)
	}
	vars := make(map[string]string)
	for _, m := range regexp.MustCompile(`--([a-z-]+):\s*(#[0-9a-f]{6})`).FindAllStringSubmatch(string(css), -1) {
		vars[m[1]] = m[2]
	}
	if all := regexp.MustCompile(`#[0-9a-fA-F]{3,8}\b`).FindAllString(string(css), -1); len(all) != len(vars) {
		t.Errorf("%d colours in the stylesheet, %d of them named in :root: name the others to check them", len(all), len(vars))
	}
	text := [][2]string{
		{"fg", "bg"}, {"muted", "bg"}, {"link", "bg"}, {"fg", "head"}, {"muted", "head"},
		{"ok", "ok-bg"}, {"silent", "silent-bg"}, {"failing", "failing-bg"}, {"warning", "warning-bg"},
		{"none", "none-bg"}, {"all", "all-bg"},
		{"failing", "bg"}, {"silent", "bg"}, {"warning", "bg"}, // the counts below a unit
		{"fg", "failed-bg"}, {"muted", "failed-bg"}, {"failing", "failed-bg"}, // a failed fetch's row
		{"on-link", "link"}, // the buttons
	}
	graphics := [][2]string{{"link", "bg"}, {"fg", "bg"}, {"spark-base", "bg"}, {"field-border", "bg"}, {"focus", "fg"}}
	check := func(pairs [][2]string, least float64) {
		for _, p := range pairs {
			fg, bg := vars[p[0]], vars[p[1]]
			if fg == "" || bg == "" {
				t.Errorf("no colour --%s or --%s in the stylesheet", p[0], p[1])
				continue
			}
			if c := contrast(fg, bg); c < least {
				t.Errorf("--%s %s on --%s %s: %.2f:1, want at least %.1f:1", p[0], fg, p[1], bg, c, least)
			}
		}
	}
	check(text, 4.5)
	check(graphics, 3)
}

// contrast is the WCAG contrast ratio of two #rrggbb colours.
func contrast(a, b string) float64 {
	la, lb := luminance(a), luminance(b)
	return (math.Max(la, lb) + 0.05) / (math.Min(la, lb) + 0.05)
}

func luminance(hex string) float64 {
	var l float64
	for i, w := range []float64{0.2126, 0.7152, 0.0722} {
		v, _ := strconv.ParseUint(hex[1+2*i:3+2*i], 16, 8)
		c := float64(v) / 255
		if c <= 0.03928 {
			c /= 12.92
		} else {
			c = math.Pow((c+0.055)/1.055, 2.4)
		}
		l += w * c
	}
	return l
}

func TestContrastFormula(t *testing.T) {
	if c := contrast("#000000", "#ffffff"); math.Abs(c-21) > 0.01 {
		t.Errorf("black on white %.2f", c)
	}
	if c := contrast("#777777", "#ffffff"); math.Abs(c-4.48) > 0.01 {
		t.Errorf("#777 on white %.2f, want 4.48", c)
	}
}
