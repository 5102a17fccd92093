package dedup

import (
	"regexp"
	"strings"

	"bantin/vntext"
)

// titlePrefix matches the label a re-poster puts before a borrowed title:
// "Phường Lam Hạ: ", "Xã Thanh Sơn - ", "UBND thị trấn Kiện Khê – ",
// "[Thành phố Phủ Lý] ". It runs on the folded title. The label is at most
// eight words so that a title which merely starts with a unit's name and
// has a colon far later keeps its words.
var titlePrefix = regexp.MustCompile(
	`^[\[(]?(?:phường|xã|thị trấn|thị xã|thành phố|tp\.?|huyện|quận|tỉnh|ubnd|hđnd|mttq|ủy ban nhân dân|đảng ủy|thành ủy|huyện ủy|tỉnh ủy|công an|ban\s)` +
		`(?:\s*[^\s:\-–—\])]+){0,7}\s*(?::|\]|\)|\s[\-–—])\s*`)

// shortLabel matches a short heading-like label of up to four words before
// a colon ("Tin ảnh:", "Thời sự địa phương:").
var shortLabel = regexp.MustCompile(`^(?:[^\s:]+\s){0,3}[^\s:]+:\s+`)

// stripTitlePrefix drops a re-poster's label from a folded title, keeping
// the title when the label is all there is.
func stripTitlePrefix(t string) string {
	for _, re := range []*regexp.Regexp{titlePrefix, shortLabel} {
		if loc := re.FindStringIndex(t); loc != nil && loc[1] < len(t) {
			t = t[loc[1]:]
		}
	}
	return t
}

// abbreviations are spellings re-posters expand or contract, in folded
// form, keyed by the short form; words are compared after expansion.
var abbreviations = strings.NewReplacer(
	"đ/c ", "đồng chí ",
	"đ/c,", "đồng chí,",
	"đ/c:", "đồng chí:",
	"đ/ c ", "đồng chí ",
	"đ.c ", "đồng chí ",
)

// abbrevWords maps single-word abbreviations to the words they stand for.
var abbrevWords = map[string][]string{
	"ubnd": {"ủy", "ban", "nhân", "dân"},
	"hđnd": {"hội", "đồng", "nhân", "dân"},
	"mttq": {"mặt", "trận", "tổ", "quốc"},
	"tp":   {"thành", "phố"},
	"btv":  {"ban", "thường", "vụ"},
	"bch":  {"ban", "chấp", "hành"},
}

// normalWords returns the words an item is compared on: the folded title
// without a re-poster's label, then the folded text, with abbreviations
// expanded so "đ/c" and "đồng chí" read alike.
func normalWords(title, text string) []string {
	t := stripTitlePrefix(vntext.Fold(title))
	b := vntext.Fold(text)
	words := expand(vntext.Words(abbreviations.Replace(t + " ")))
	return append(words, expand(vntext.Words(abbreviations.Replace(b+" ")))...)
}

// expand replaces single-word abbreviations by their words.
func expand(words []string) []string {
	out := make([]string, 0, len(words)+8)
	for _, w := range words {
		if long, ok := abbrevWords[w]; ok {
			out = append(out, long...)
			continue
		}
		out = append(out, w)
	}
	return out
}
