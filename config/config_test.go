package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"bantin/vntext"

	"bantin"
)

// yamlLines joins lines into a file, so that a case's line numbers can be
// read off its position in the list.
func yamlLines(lines ...string) string { return strings.Join(lines, "\n") + "\n" }

// oneUnit is a valid minimal file to which a case adds one mistake.
const oneUnit = "units:\n  - id: ninh-binh\n    name: Tỉnh Ninh Bình\n"

// problemCase is a file with the problems Parse must report, in order.
type problemCase struct {
	name string
	file string
	want []string
}

// problemCases are also the seeds of FuzzParse.
func problemCases() []problemCase {
	return []problemCase{
		{"operator saved an empty file", "",
			[]string{"feeds.yaml:1: the file is empty: want a mapping with at least a units list"}},
		{"operator commented everything out", "# title: x\n# units: []\n",
			[]string{"feeds.yaml:1: the file is empty: want a mapping with at least a units list"}},
		{"file is only a document marker", "---",
			[]string{"feeds.yaml:1: the file holds no settings: want a mapping with at least a units list"}},
		{"document marker after comments", "# bantin\n---\n",
			[]string{"feeds.yaml:2: the file holds no settings: want a mapping with at least a units list"}},
		{"file is a bare list of units", "- id: ninh-binh\n  name: Tỉnh Ninh Bình\n",
			[]string{"feeds.yaml:1: the file must be a mapping of keys (title, units, ...), not a list"}},
		{"file is one word", "ninh-binh\n",
			[]string{`feeds.yaml:1: the file must be a mapping of keys (title, units, ...), not "ninh-binh"`}},
		{"key indented one space short",
			yamlLines("units:", "  - id: ninh-binh", "   name: Tỉnh Ninh Bình"),
			[]string{"feeds.yaml:3: YAML syntax error: did not find expected '-' indicator"}},
		{"key indented as deep as its list",
			yamlLines("units:", "  - id: a", "    name: A", "  - id: b", "  name: B"),
			[]string{"feeds.yaml:5: YAML syntax error: did not find expected '-' indicator"}},
		{"key indented too deep",
			yamlLines("units:", "  - id: a", "    name: A", "    parent: b", "      aliases: [c]"),
			[]string{"feeds.yaml:5: YAML syntax error: mapping values are not allowed in this context"}},
		{"feed entry one space short, deep in the file",
			yamlLines("title: Tin tức", "units:", "  - id: a", "    name: A", "    feeds:", "      - https://a.example.gov.vn/rss", "     - https://b.example.gov.vn/rss", "  - id: b", "    name: B"),
			[]string{"feeds.yaml:7: YAML syntax error: did not find expected key"}},
		{"unclosed quote on the first line", yamlLines(`title: "Tin tức`, "units:", "  - id: a", "    name: A"),
			[]string{"feeds.yaml:1: YAML syntax error: found unexpected end of stream"}},
		{"unquoted colon in a name", yamlLines("units:", "  - id: a", "    name: Báo Ninh Bình: tin tức"),
			[]string{"feeds.yaml:3: YAML syntax error: mapping values are not allowed in this context"}},
		{"unknown anchor", yamlLines("units:", "  - id: a", "    name: *x"),
			[]string{"feeds.yaml:3: YAML syntax error: unknown anchor 'x' referenced"}},
		{"old Mac line ends", "units:\r  - id: a\r    name: A\r   parent: x\r",
			[]string{"feeds.yaml:4: YAML syntax error: did not find expected '-' indicator"}},
		{"unclosed flow list", yamlLines("units: [", "  {id: a, name: A}"),
			[]string{"feeds.yaml:2: YAML syntax error: did not find expected ',' or ']'"}},
		{"tab used for indentation", yamlLines("units:", "\t- id: a"),
			[]string{"feeds.yaml:2: YAML syntax error: found character that cannot start any token"}},
		{"two documents pasted together", oneUnit + "---\n" + oneUnit,
			[]string{"feeds.yaml:4: a second YAML document starts here: keep the whole configuration in one"}},
		{"no units key", "title: Tin tức\n",
			[]string{"feeds.yaml:1: no units: add a units list with at least one unit"}},
		{"empty units list", "units: []\n",
			[]string{"feeds.yaml:1: units: the list is empty: add at least one unit"}},
		{"units written as a mapping", yamlLines("units:", "  ninh-binh: Tỉnh Ninh Bình"),
			[]string{"feeds.yaml:2: units: want a list of units, got a mapping"}},
		{"unit written as a bare id", yamlLines("units:", "  - ninh-binh", "  -"),
			[]string{
				`feeds.yaml:2: units: want a unit (a mapping with id, name, ...), got "ninh-binh"`,
				"feeds.yaml:3: units: an empty entry: want a unit with id and name",
			}},
		{"unknown key at the top", "titel: Tin tức\n" + oneUnit,
			[]string{`feeds.yaml:1: unknown key "titel" in the top level (did you mean "title"?)`}},
		{"unknown key with a dash", "silent-days: 7\n" + oneUnit,
			[]string{`feeds.yaml:1: unknown key "silent-days" in the top level (did you mean "silent_days"?)`}},
		{"unknown key far from any", "proxy: http://127.0.0.1:3128\n" + oneUnit,
			[]string{`feeds.yaml:1: unknown key "proxy" in the top level`}},
		{"unknown key in a unit", oneUnit + "    feed: https://a.example.gov.vn/rss\n",
			[]string{`feeds.yaml:4: unknown key "feed" in unit "ninh-binh" (did you mean "feeds"?)`}},
		{"unknown key in a feed", oneUnit + yamlLines("    feeds:", "      - url: https://a.example.gov.vn/rss", "        insecure: true"),
			[]string{`feeds.yaml:6: unknown key "insecure" in feed`}},
		{"unknown key in fetch", yamlLines("fetch:", "  timeout: 10s") + oneUnit,
			[]string{`feeds.yaml:2: unknown key "timeout" in fetch`}},
		{"key given twice", oneUnit + "    name: Ninh Bình\n",
			[]string{`feeds.yaml:4: key "name" given twice in unit "ninh-binh" (first at line 3)`}},
		{"YAML merge key", yamlLines("base: &base {parent: ninh-binh}", "units:", "  - id: a", "    name: A", "    <<: *base"),
			[]string{
				`feeds.yaml:1: unknown key "base" in the top level`,
				`feeds.yaml:5: unit "a": YAML merge keys (<<) are not supported: write the keys out`,
			}},
		{"YAML alias of a mapping", yamlLines("units:", "  - &a {id: a, name: A}", "  - *a"),
			[]string{"feeds.yaml:3: the YAML alias *a stands for a list or mapping: write it out (only single values may be aliased)"}},
		{"YAML alias of a schedule is fine but this one is bad", yamlLines("schedule: &often '*/5 * * *'", "units:", "  - id: a", "    name: A", "    feeds:", "      - url: https://a.example.gov.vn/rss", "        schedule: *often"),
			[]string{
				`feeds.yaml:1: schedule: bad cron spec "*/5 * * *": expected exactly 5 fields, found 4: [*/5 * * *]`,
				`feeds.yaml:7: schedule: bad cron spec "*/5 * * *": expected exactly 5 fields, found 4: [*/5 * * *]`,
			}},
		{"unit without name", yamlLines("units:", "  - id: ninh-binh", "  - id: xa-hai-quang", "    name: ' '"),
			[]string{
				`feeds.yaml:2: unit "ninh-binh" has no name`,
				`feeds.yaml:3: unit "xa-hai-quang" has no name`,
			}},
		{"unit without id", yamlLines("units:", "  - name: Tỉnh Ninh Bình", "  - id:", "    name: Xã Hải Quang"),
			[]string{"feeds.yaml:2: unit has no id", "feeds.yaml:3: unit has no id"}},
		{"id with capitals and diacritics", yamlLines("units:", "  - id: Phường Phủ Lý", "    name: Phường Phủ Lý"),
			[]string{`feeds.yaml:2: id "Phường Phủ Lý" may hold only a-z, 0-9 and - (try "phuong-phu-ly")`}},
		{"id with underscore", yamlLines("units:", "  - id: dong_a", "    name: Phường Đông A"),
			[]string{`feeds.yaml:2: id "dong_a" may hold only a-z, 0-9 and - (try "dong-a")`}},
		{"id all is reserved", yamlLines("units:", "  - id: all", "    name: Tất cả"),
			[]string{`feeds.yaml:2: id "all" is reserved: it means every root unit`}},
		{"alias all is reserved", oneUnit + "    aliases: [all]\n",
			[]string{`feeds.yaml:4: alias "all" is reserved: it means every root unit`}},
		{"empty id", yamlLines("units:", "  - id: ''", "    name: A"),
			[]string{"feeds.yaml:2: id is empty"}},
		{"duplicate id", oneUnit + yamlLines("  - id: ninh-binh", "    name: Ninh Bình"),
			[]string{`feeds.yaml:4: duplicate unit id "ninh-binh" (first at line 2)`}},
		{"duplicate alias across units", yamlLines("units:", "  - id: ninh-binh", "    name: Tỉnh Ninh Bình", "    aliases: [ha-nam]", "  - id: phuong-ha-nam", "    name: Phường Hà Nam", "    aliases:", "      - ha-nam"),
			[]string{`feeds.yaml:8: duplicate alias "ha-nam": already an alias of unit "ninh-binh" (line 4)`}},
		{"alias collides with another unit's id", yamlLines("units:", "  - id: ninh-binh", "    name: Tỉnh Ninh Bình", "    aliases: [phuong-ha-nam]", "  - id: phuong-ha-nam", "    name: Phường Hà Nam"),
			[]string{`feeds.yaml:4: alias "phuong-ha-nam" duplicates the id of the unit at line 5`}},
		{"alias repeats the unit's own id", oneUnit + "    aliases: [ninh-binh]\n",
			[]string{`feeds.yaml:4: alias "ninh-binh" duplicates the unit's own id`}},
		{"unknown parent", yamlLines("units:", "  - id: phuong-phu-ly", "    name: Phường Phủ Lý", "    parent: tp-phu-ly"),
			[]string{`feeds.yaml:4: unknown parent "tp-phu-ly"`}},
		{"parent named by its former id", yamlLines("units:", "  - id: ninh-binh", "    name: Tỉnh Ninh Bình", "    aliases: [ha-nam]", "  - id: phuong-phu-ly", "    name: Phường Phủ Lý", "    parent: ha-nam"),
			[]string{`feeds.yaml:7: parent "ha-nam" is a former id of unit "ninh-binh": use its id`}},
		{"unit is its own parent", oneUnit + "    parent: ninh-binh\n",
			[]string{"feeds.yaml:4: cycle of parents: ninh-binh -> ninh-binh"}},
		{"three units in a cycle, entered from a fourth", yamlLines(
			"units:",
			"  - id: d", "    name: D", "    parent: b",
			"  - id: c", "    name: C", "    parent: a",
			"  - id: a", "    name: A", "    parent: b",
			"  - id: b", "    name: B", "    parent: c"),
			[]string{"feeds.yaml:7: cycle of parents: c -> a -> b -> c"}},
		{"two separate cycles", yamlLines(
			"units:",
			"  - {id: a, name: A, parent: b}",
			"  - {id: b, name: B, parent: a}",
			"  - {id: c, name: C, parent: c}"),
			[]string{"feeds.yaml:2: cycle of parents: a -> b -> a", "feeds.yaml:4: cycle of parents: c -> c"}},
		{"bad top-level cron spec", "schedule: '*/15 * * *'\n" + oneUnit,
			[]string{`feeds.yaml:1: schedule: bad cron spec "*/15 * * *": expected exactly 5 fields, found 4: [*/15 * * *]`}},
		{"cron spec with seconds", "schedule: '0 */15 * * * *'\n" + oneUnit,
			[]string{`feeds.yaml:1: schedule: bad cron spec "0 */15 * * * *": expected exactly 5 fields, found 6: [0 */15 * * * *]`}},
		{"cron spec that never fires", "schedule: '0 6 30 2 *'\n" + oneUnit,
			[]string{`feeds.yaml:1: schedule: bad cron spec "0 6 30 2 *": it never fires`}},
		{"every with a bad duration", "schedule: '@every 10 minutes'\n" + oneUnit,
			[]string{`feeds.yaml:1: schedule: bad cron spec "@every 10 minutes": failed to parse duration @every 10 minutes: time: unknown unit " minutes" in duration "10 minutes"`}},
		{"every with a negative duration", "schedule: '@every -5m'\n" + oneUnit,
			[]string{`feeds.yaml:1: schedule: bad cron spec "@every -5m": @every needs a positive duration`}},
		{"zone prefix alone", "schedule: TZ=Asia/Ho_Chi_Minh\n" + oneUnit,
			[]string{`feeds.yaml:1: schedule: bad cron spec "TZ=Asia/Ho_Chi_Minh": a time zone prefix must be followed by a schedule`}},
		{"empty schedule", "schedule: ''\n" + oneUnit,
			[]string{`feeds.yaml:1: schedule: bad cron spec "": it is empty`}},
		{"bad per-feed cron spec", oneUnit + yamlLines("    feeds:", "      - url: https://a.example.gov.vn/rss", "        schedule: '@daily at 6'"),
			[]string{`feeds.yaml:6: schedule: bad cron spec "@daily at 6": unrecognized descriptor: @daily at 6`}},
		{"feed URL without scheme", oneUnit + yamlLines("    feeds:", "      - haiquang.ninhbinh.gov.vn/rss.aspx"),
			[]string{`feeds.yaml:5: feed: bad URL "haiquang.ninhbinh.gov.vn/rss.aspx": want an absolute http or https URL`}},
		{"feed URL scheme-relative", oneUnit + yamlLines("    feeds:", "      - //haiquang.ninhbinh.gov.vn/rss.aspx"),
			[]string{`feeds.yaml:5: feed: bad URL "//haiquang.ninhbinh.gov.vn/rss.aspx": want an absolute http or https URL`}},
		{"feed URL over FTP", oneUnit + yamlLines("    feeds:", "      - url: ftp://a.example.gov.vn/rss.xml"),
			[]string{`feeds.yaml:5: url: bad URL "ftp://a.example.gov.vn/rss.xml": want an absolute http or https URL`}},
		{"feed URL without host", oneUnit + yamlLines("    feeds:", "      - https:///rss.aspx"),
			[]string{`feeds.yaml:5: feed: bad URL "https:///rss.aspx": it has no host`}},
		{"feed URL with a space in the host", oneUnit + yamlLines("    feeds:", "      - https://hai quang.gov.vn/rss"),
			[]string{`feeds.yaml:5: feed: bad URL "https://hai quang.gov.vn/rss": invalid character " " in host name`}},
		{"feed mapping without url", oneUnit + yamlLines("    feeds:", "      - schedule: '@hourly'"),
			[]string{"feeds.yaml:5: feed has no url"}},
		{"duplicate feed URL across units, host case differs", yamlLines(
			"units:",
			"  - id: a", "    name: A", "    feeds: [https://haiquang.ninhbinh.gov.vn/rss.aspx]",
			"  - id: b", "    name: B", "    feeds:", "      - url: https://HaiQuang.NinhBinh.gov.vn/rss.aspx"),
			[]string{`feeds.yaml:8: duplicate feed URL "https://HaiQuang.NinhBinh.gov.vn/rss.aspx" (first at line 4)`}},
		{"duplicate feed URL, trailing slash on an empty path", oneUnit + yamlLines("    feeds:", "      - https://baoninhbinh.org.vn", "      - https://baoninhbinh.org.vn/"),
			[]string{`feeds.yaml:6: duplicate feed URL "https://baoninhbinh.org.vn/" (first at line 5)`}},
		{"feeds written as one string", oneUnit + "    feeds: https://baoninhbinh.org.vn/rss/home.rss\n",
			[]string{`feeds.yaml:4: feeds: want a list of feed URLs, got "https://baoninhbinh.org.vn/rss/home.rss"`}},
		{"feed entry is a list", oneUnit + yamlLines("    feeds:", "      - [https://baoninhbinh.org.vn/rss/home.rss]", "      -"),
			[]string{
				"feeds.yaml:5: feeds: want a URL or a mapping with url, got a list",
				"feeds.yaml:6: feeds: an empty entry: want a feed URL",
			}},
		{"aliases written as one string", oneUnit + "    aliases: ha-nam\n",
			[]string{`feeds.yaml:4: aliases: want a list of former ids, got "ha-nam"`}},
		{"unknown time zone", "timezone: Asia/Hanoi\n" + oneUnit,
			[]string{`feeds.yaml:1: timezone: unknown time zone "Asia/Hanoi": want a name such as "Asia/Ho_Chi_Minh"`}},
		{"empty time zone", "timezone: ''\n" + oneUnit,
			[]string{`feeds.yaml:1: timezone: empty time zone: want a name such as "Asia/Ho_Chi_Minh"`}},
		{"yes instead of true", "allow_private_networks: yes\n" + oneUnit,
			[]string{`feeds.yaml:1: allow_private_networks: want true or false, got "yes"`}},
		{"quoted boolean", oneUnit + yamlLines("    feeds:", "      - url: https://a.example.gov.vn/rss", "        tls_insecure: 'true'"),
			[]string{`feeds.yaml:6: tls_insecure: want true or false, got "true"`}},
		{"name as a mapping", yamlLines("units:", "  - id: a", "    name: {vi: Xã A}"),
			[]string{"feeds.yaml:3: name: want text, got a mapping"}},
		{"title as a list", "title: [Tin tức]\n" + oneUnit,
			[]string{"feeds.yaml:1: title: want text, got a list"}},
		{"silent days as words", "silent_days: seven\n" + oneUnit,
			[]string{`feeds.yaml:1: silent_days: want a whole number, got "seven"`}},
		{"silent days zero on a unit", oneUnit + "    silent_days: 0\n",
			[]string{"feeds.yaml:4: silent_days: 0 is out of range: want 1 to 3650"}},
		{"base URL relative", "base_url: /bantin\n" + oneUnit,
			[]string{`feeds.yaml:1: base_url: bad URL "/bantin": want an absolute http or https URL`}},
		{"base URL with a query", "base_url: https://bantin.example.vn/?lang=vi\n" + oneUnit,
			[]string{`feeds.yaml:1: base_url: "https://bantin.example.vn/?lang=vi" must not carry a query or fragment`}},
		{"fetch written as one value", "fetch: fast\n" + oneUnit,
			[]string{`feeds.yaml:1: fetch: want a mapping of limits, got "fast"`}},
		{"bad fetch limits", yamlLines(
			"fetch:",
			"  connect_timeout: 10",
			"  header_timeout: -5s",
			"  total_timeout: 1 minute",
			"  max_body: 16MB",
			"  max_redirects: 0",
			"  per_host: 100",
			"  workers: many",
			"  user_agent: ''") + oneUnit,
			[]string{
				`feeds.yaml:2: connect_timeout: want a positive duration such as "10s" or "1m30s", got "10"`,
				`feeds.yaml:3: header_timeout: want a positive duration such as "10s" or "1m30s", got "-5s"`,
				`feeds.yaml:4: total_timeout: want a positive duration such as "10s" or "1m30s", got "1 minute"`,
				`feeds.yaml:5: max_body: want a positive size such as 16777216, "512KiB" or "16MiB", got "16MB"`,
				"feeds.yaml:6: max_redirects: 0 is out of range: want 1 to 20",
				"feeds.yaml:7: per_host: 100 is out of range: want 1 to 64",
				`feeds.yaml:8: workers: want a whole number, got "many"`,
				"feeds.yaml:9: user_agent: empty: leave the key out for the default",
			}},
		{"body cap too large", "fetch: {max_body: 2GiB}\n" + oneUnit,
			[]string{`feeds.yaml:1: max_body: "2GiB" is too large: at most 1GiB`}},
		{"user agent with a control character", "fetch: {user_agent: \"bantin\\u0007\"}\n" + oneUnit,
			[]string{"feeds.yaml:1: user_agent: must not hold control characters such as line breaks"}},
		{"complex key", "? [a, b]\n: c\n" + oneUnit,
			[]string{"feeds.yaml:1: the top level: a key must be a plain word, not a list"}},
	}
}

func TestParseProblems(t *testing.T) {
	for _, tt := range problemCases() {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := Parse("feeds.yaml", []byte(tt.file))
			if cfg != nil {
				t.Errorf("Parse returned a config beside its error")
			}
			got := problemLines(t, err)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// problemLines checks that err is an Errors and returns its lines.
func problemLines(t *testing.T, err error) []string {
	t.Helper()
	var errs Errors
	if !errors.As(err, &errs) {
		t.Fatalf("error %v (%T), want Errors", err, err)
	}
	if got, want := err.Error(), strings.Join(linesOf(errs), "\n"); got != want {
		t.Errorf("Error() = %q, want the problems one a line: %q", got, want)
	}
	return linesOf(errs)
}

func linesOf(errs Errors) []string {
	out := make([]string, len(errs))
	for i, p := range errs {
		out[i] = p.Error()
	}
	return out
}

func TestParseReportsEveryProblem(t *testing.T) {
	data, err := os.ReadFile("testdata/many-problems.yaml")
	if err != nil {
		t.Fatal(err)
	}
	_, err = Parse("many-problems.yaml", data)
	want := []string{
		`many-problems.yaml:2: timezone: unknown time zone "Asia/Hanoi": want a name such as "Asia/Ho_Chi_Minh"`,
		`many-problems.yaml:3: schedule: bad cron spec "*/15 * * *": expected exactly 5 fields, found 4: [*/15 * * *]`,
		`many-problems.yaml:5: max_body: want a positive size such as 16777216, "512KiB" or "16MiB", got "16MB"`,
		`many-problems.yaml:6: unknown key "retries" in fetch`,
		`many-problems.yaml:11: id "Phường Phủ Lý" may hold only a-z, 0-9 and - (try "phuong-phu-ly")`,
		`many-problems.yaml:14: unit "phuong-ha-nam" has no name`,
		`many-problems.yaml:15: parent "ha-nam" is a former id of unit "ninh-binh": use its id`,
		`many-problems.yaml:17: feed: bad URL "ftp://hanam.example.gov.vn/rss": want an absolute http or https URL`,
		`many-problems.yaml:19: duplicate feed URL "https://HANAM.example.gov.vn/rss" (first at line 18)`,
		`many-problems.yaml:21: duplicate unit id "ninh-binh" (first at line 8)`,
		`many-problems.yaml:23: unknown key "feed" in unit "ninh-binh" (did you mean "feeds"?)`,
		`many-problems.yaml:26: cycle of parents: a -> b -> a`,
	}
	if got := problemLines(t, err); !reflect.DeepEqual(got, want) {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestLoadGoodFile(t *testing.T) {
	path := filepath.Join("testdata", "good.yaml")
	cfg, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Location == nil || cfg.Location.String() != "Asia/Bangkok" {
		t.Errorf("Location = %v, want Asia/Bangkok", cfg.Location)
	}
	cfg.Location = nil
	want := &bantin.Config{
		Path:                 path,
		Title:                "Tin tức tỉnh Ninh Bình",
		Schedule:             "@every 20m",
		AllowPrivateNetworks: true,
		BaseURL:              "https://bantin.example.vn/ninh-binh",
		SilentDays:           10,
		Fetch: bantin.FetchLimits{
			ConnectTimeout: 5 * time.Second,
			HeaderTimeout:  15 * time.Second,
			TotalTimeout:   90 * time.Second,
			MaxBodyBytes:   8 << 20,
			MaxRedirects:   3,
			PerHost:        1,
			Workers:        8,
			UserAgent:      "bantin-test/1.0 (+https://bantin.example.vn)",
		},
		Units: []bantin.Unit{
			{
				ID: "phuong-phu-ly", Name: "Phường Phủ Lý", Parent: "ninh-binh", SilentDays: 30,
				Sources: []bantin.Source{
					{URL: "https://phuly.example.gov.vn/rss.aspx", Unit: "phuong-phu-ly", Schedule: "@every 20m"},
					{URL: "https://phuly.example.gov.vn/Rss.aspx?catid=12&rec=50", Unit: "phuong-phu-ly", Schedule: "*/5 * * * *", TLSInsecure: true},
				},
			},
			{
				ID: "ninh-binh", Name: "Tỉnh Ninh Bình", Aliases: []string{"ha-nam", "nam-dinh"},
				Sources: []bantin.Source{
					{URL: "https://ninhbinh.example.gov.vn/rss/tin-tuc.rss", Unit: "ninh-binh", Schedule: "@every 20m"},
				},
			},
			{ID: "bao-ninh-binh", Name: "Báo Ninh Bình"},
		},
	}
	if !reflect.DeepEqual(cfg, want) {
		t.Errorf("config:\n%+v\nwant:\n%+v", cfg, want)
	}
}

func TestParseDefaults(t *testing.T) {
	cfg, err := Parse("feeds.yaml", []byte(oneUnit+"    feeds: [https://baoninhbinh.org.vn/rss/home.rss]\n"))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Location == nil || cfg.Location.String() != DefaultTimezone {
		t.Errorf("Location = %v, want %s", cfg.Location, DefaultTimezone)
	}
	if cfg.Schedule != DefaultSchedule || cfg.SilentDays != DefaultSilentDays {
		t.Errorf("Schedule, SilentDays = %q, %d; want %q, %d", cfg.Schedule, cfg.SilentDays, DefaultSchedule, DefaultSilentDays)
	}
	if cfg.Fetch != (bantin.FetchLimits{}) || cfg.AllowPrivateNetworks || cfg.BaseURL != "" || cfg.Title != "" {
		t.Errorf("unset keys came back set: %+v", cfg)
	}
	src := cfg.Units[0].Sources[0]
	if src.Schedule != DefaultSchedule || src.Unit != "ninh-binh" || src.TLSInsecure {
		t.Errorf("source = %+v, want the default schedule, its unit, verified TLS", src)
	}
}

func TestParseNormalizesNames(t *testing.T) {
	// "Thủy" typed with a combining hook above, a no-break space and a
	// doubled space, as a Windows editor or a copy from a web page gives.
	file := "title: \"Tin  tức\u00a0tỉnh\"\nunits:\n  - id: a\n    name: \"Xã Thu\u0309y  Trung \"\n"
	cfg, err := Parse("feeds.yaml", []byte(file))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Title != "Tin tức tỉnh" || cfg.Units[0].Name != "Xã Thủy Trung" {
		t.Errorf("title, name = %q, %q; want NFC with single spaces", cfg.Title, cfg.Units[0].Name)
	}
}

func TestLoadMissingFile(t *testing.T) {
	_, err := Load(filepath.Join(t.TempDir(), "feeds.yaml"))
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("err = %v, want one wrapping os.ErrNotExist", err)
	}
}

func TestShippedFeedsYAML(t *testing.T) {
	cfg, err := Load("../feeds.yaml")
	if err != nil {
		t.Fatalf("the shipped feeds.yaml does not load:\n%v", err)
	}
	tree := bantin.NewTree(cfg)
	if got := tree.Roots(); !reflect.DeepEqual(got, []string{"ninh-binh"}) {
		t.Errorf("roots = %v, want [ninh-binh]", got)
	}
	for _, former := range []string{"ha-nam", "nam-dinh"} {
		if id, alias, ok := tree.Resolve(former); id != "ninh-binh" || !alias || !ok {
			t.Errorf("Resolve(%q) = %q, %v, %v; want the province as an alias", former, id, alias, ok)
		}
	}
	for _, ward := range []string{"phuong-ha-nam", "phuong-nam-dinh", "phuong-phu-ly", "phuong-dong-a", "xa-hai-quang", "so-khoa-hoc-va-cong-nghe", "bao-ninh-binh"} {
		if u := tree.Unit(ward); u == nil || u.Parent != "ninh-binh" {
			t.Errorf("unit %q missing or not under ninh-binh: %+v", ward, u)
		}
	}
	if n := len(tree.Subtree("ninh-binh")); n != 25 {
		t.Errorf("ninh-binh has %d units in its subtree, want 25 (province, department, newspaper, 21 wards, Hải Quang)", n)
	}
	// Only feeds seen in public crawlers of this province; listing pages
	// are not feeds.
	known := map[string]string{
		"https://baoninhbinh.org.vn/rss/home.rss":   "bao-ninh-binh",
		"https://haiquang.ninhbinh.gov.vn/rss.aspx": "xa-hai-quang",
	}
	sources := cfg.Sources()
	if len(sources) != len(known) {
		t.Errorf("%d sources, want %d", len(sources), len(known))
	}
	for _, s := range sources {
		if known[s.URL] != s.Unit || s.Schedule != DefaultSchedule {
			t.Errorf("unexpected source %+v", s)
		}
	}
}

func TestParseSchedule(t *testing.T) {
	tests := []struct {
		spec string
		ok   bool
	}{
		{"*/15 * * * *", true},
		{"0 6,18 * * 1-5", true},
		{"@hourly", true},
		{"@every 10m", true},
		{"@every 1h30m", true},
		{"CRON_TZ=Asia/Ho_Chi_Minh 0 6 * * *", true},
		{"0 0 29 2 *", true}, // fires in leap years
		{"", false},
		{"* * * *", false},
		{"0 * * * * *", false},
		{"61 * * * *", false},
		{"*/0 * * * *", false},
		{"@every", false},
		{"@every 0s", false},
		{"@fortnightly", false},
		{"0 0 31 4 *", false}, // 31 April
		{"TZ=UTC", false},
		{"CRON_TZ=", false},
		{"TZ=Nowhere/City 0 * * * *", false},
	}
	for _, tt := range tests {
		_, err := ParseSchedule(tt.spec)
		if (err == nil) != tt.ok {
			t.Errorf("ParseSchedule(%q) error = %v, want ok %v", tt.spec, err, tt.ok)
		}
	}
}

func TestParseSize(t *testing.T) {
	tests := []struct {
		in   string
		want int64
	}{
		{"16777216", 16 << 20},
		{"16MiB", 16 << 20},
		{"512 KiB", 512 << 10},
		{"1GiB", 1 << 30},
		{"100B", 100},
		{"0", 0},
		{"-1KiB", 0},
		{"1.5MiB", 0},
		{"16MB", 0},
		{"2GiB", 0},
		{"99999999999999999999", 0},
		{"KiB", 0},
	}
	for _, tt := range tests {
		got, err := parseSize(tt.in)
		if got != tt.want || (err == nil) != (tt.want > 0) {
			t.Errorf("parseSize(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
		}
	}
}

func TestSlug(t *testing.T) {
	tests := map[string]string{
		"Phường Phủ Lý":            "phuong-phu-ly",
		"Phường Đông A":            "phuong-dong-a",
		"Sở Khoa học và Công nghệ": "so-khoa-hoc-va-cong-nghe",
		"Ðồng Văn":                 "dong-van", // U+00D0 used for Đ
		"  Lý_Thường--Kiệt  ":      "ly-thuong-kiet",
		"???":                      "",
	}
	for in, want := range tests {
		if got := vntext.Slug(in); got != want {
			t.Errorf("vntext.Slug(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseBlamesSyntaxErrorDeepInLargeFile(t *testing.T) {
	data := nationFile(1000, true)
	_, err := Parse("feeds.yaml", data)
	want := fmt.Sprintf("feeds.yaml:%d: YAML syntax error: did not find expected '-' indicator", strings.Count(string(data), "\n"))
	if got := problemLines(t, err); len(got) != 1 || got[0] != want {
		t.Errorf("problems %q, want %q", got, want)
	}
}

func TestLoadSpecExample(t *testing.T) {
	cfg, err := Load("testdata/spec-example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	want := []bantin.Unit{
		{ID: "ha-nam", Name: "Tỉnh Hà Nam", Sources: []bantin.Source{
			{URL: "https://example.gov.vn/rss/tin-tuc.xml", Unit: "ha-nam", Schedule: "*/15 * * * *"},
		}},
		{ID: "phu-ly", Name: "Thành phố Phủ Lý", Parent: "ha-nam", Aliases: []string{"tp-phu-ly"}, Sources: []bantin.Source{
			{URL: "https://phuly.example.gov.vn/rss/tin-tuc.xml", Unit: "phu-ly", Schedule: "*/15 * * * *"},
			{URL: "https://phuly.example.gov.vn/rss/thong-bao.xml", Unit: "phu-ly", Schedule: "@every 5m"},
		}},
	}
	if cfg.Title != "Tin tức tỉnh Hà Nam" || cfg.AllowPrivateNetworks || !reflect.DeepEqual(cfg.Units, want) {
		t.Errorf("config %+v\nwant units %+v", cfg, want)
	}
}

func TestMetricsLoopbackOnly(t *testing.T) {
	for _, tc := range []struct {
		yaml string
		want bool
	}{
		{"units:\n  - id: a\n    name: A\n", false},
		{"metrics_loopback_only: true\nunits:\n  - id: a\n    name: A\n", true},
	} {
		cfg, err := Parse("feeds.yaml", []byte(tc.yaml))
		if err != nil {
			t.Fatal(err)
		}
		if cfg.MetricsLoopbackOnly != tc.want {
			t.Errorf("%q: MetricsLoopbackOnly = %v, want %v", tc.yaml, cfg.MetricsLoopbackOnly, tc.want)
		}
	}
}
